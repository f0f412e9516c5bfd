#!/usr/bin/env bash
# Agent end to end (issue 7, "Benchmarks"): the full podroute agent (`podroute agent`) and BIRD with
# its kernel protocol receiving the same BGP feed of N IPv4 /24s until all N are in the kernel of
# their network namespace, then the withdrawal of all of them. Not part of the test run. Needs root
# (network namespaces), bird2, java, mvn.
#
# For each size N (default 100000 and 1000000, consecutive /24s from 16.0.0.0):
#   - namespaces pra<pid>-feed, pra<pid>-pod, pra<pid>-bird; veths feed<->pod (10.254.1.0/30) and
#     feed<->bird (10.254.2.0/30); all removed at the end or on failure (trap).
#   - feeder: BIRD 2 with a `protocol static pods` of N blackhole routes (lib.sh, feed_write_conf
#     active): eBGP AS 65002, active, its sessions disabled until a receiver is ready.
#   - then, one after the other (never at the same time), `rounds` times:
#       (a) podroute: `java $AGENT_JAVA_OPTS -jar podroute.jar agent --config agent.yaml` in the pod
#           namespace: a static eBGP peer (the feeder; passive, import policy accept-all), mesh off,
#           ipip Never, CNI off, metrics off, a file datastore in a temporary folder, pool
#           10.244.0.0/16, routes.protocol 77. A fresh JVM per round, started and idle (API up, its
#           block's blackhole in the kernel) before the feeder's session is enabled.
#       (b) BIRD 2 (AS 65003, passive) with `import all` and `protocol kernel { ipv4 { export all; }; }`
#           in the bird namespace, fresh per round.
#     Per round: the feeder enables the receiver's session; start = the feeder's Established time
#     (its protocol's "since", `timeformat protocol iso long ms`, the same clock for both receivers);
#     end = the receiver namespace's main table holds base + N prefixes (`Prefixes:` of table Main in
#     /proc/net/fib_triestat, polled every POLL s: default 0.05 s below 500 000 routes, else 0.25 s,
#     because each read walks the FIB, about 40 ms at 1M). CPU s = utime + stime of the receiver
#     process (every thread; for BIRD its kernel protocol's netlink syscalls, for the agent also GC and
#     JIT) over that window. Peak RSS = VmHWM of the receiver at the end of the round (load and
#     withdrawal; or the largest VmRSS sampled at each poll, if larger); RSS loaded = VmRSS when all N are in the kernel; RSS idle = VmRSS before the session.
#     Withdrawal: `birdc disable pods` on the feeder (it sends withdrawals of all N); time until the
#     receiver's table holds no more than its base again; CPU s over that window.
#     For podroute, the CPU s of each of its threads (GC, JIT, route-table, route-sync, event loop) over
#     both windows too ("# threads" lines).
#     Then the receiver is killed (SIGKILL), its kernel routes flushed, the feeder's statics re-enabled.
# Results: ops/bench/results/agent-converge-<UTC time>.txt (git-ignored): raw lines, then medians;
# the agent's log of each round next to it (agent-converge-<UTC time>-agent-<N>-r<round>.log).
#
# Usage: sudo ops/bench/agent-converge.sh [rounds] [sizes...]      (default: 3 100000 1000000)
#   ROUNDS_1M=n   rounds for sizes of 1 000 000 and more (default: rounds)
#   AGENT_JAVA_OPTS   JVM options of the agent (default: those of the systemd unit, ops/deploy/systemd/podroute.service)
#   AGENT_TIMELINE=1  also write, per round, a timeline of the arrival every 0.2 s: seconds since
#                     the feeder's Established, routes in the receiver's kernel table and, for
#                     podroute, prefixes received over BGP (its /status API): where the time goes
#                     between the BGP feed and the kernel (agent-converge-<time>-timeline-<case>-<N>-r<round>.txt)
#   AGENT_HISTO=1     also write `jcmd PID GC.class_histogram` with all N loaded (before withdrawal;
#                     it forces a full GC, so do not use it for timed runs); a JFR recording is
#                     AGENT_JAVA_OPTS='... -XX:StartFlightRecording=filename=/tmp/agent.jfr,settings=profile'
#   AGENT_NMT=1       also write `jcmd PID VM.native_memory summary` with all N loaded (needs
#                     AGENT_JAVA_OPTS='... -XX:NativeMemoryTracking=summary'), plus /proc/PID/status:
#                     where the RSS outside the Java heap goes
#   AGENT_BENCH_CASES limits the cases run (default "podroute bird")
#   PODROUTE_JAR      the agent jar (default: built now, agent/target/podroute.jar, copied aside)
set -euo pipefail

rounds="${1:-3}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
rounds_1m="${ROUNDS_1M:-$rounds}"
java_opts="${AGENT_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k -XX:ReservedCodeCacheSize=24m -Xmn12m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -Xms96m -Xmx1g}"
cases="${AGENT_BENCH_CASES:-podroute bird}"
want() { [[ " $cases " == *" $1 "* ]]; }

[ "$(id -u)" = 0 ] || { echo "agent-converge.sh: needs root (network namespaces)" >&2; exit 1; }
for b in bird birdc ip java mvn; do
    command -v "$b" >/dev/null || { echo "agent-converge.sh: '$b' not found" >&2; exit 1; }
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
results="$root/ops/bench/results"
mkdir -p "$results"
# shellcheck source=ops/bench/lib.sh
. "$root/ops/bench/lib.sh"

tag="pra$$"
ns_feed="$tag-feed"
ns_pod="$tag-pod"
ns_bird="$tag-bird"
work="$(mktemp -d)"
pids=()
poll=0.05

cleanup() {
    local p ns
    for p in "${pids[@]}"; do
        kill -9 "$p" 2>/dev/null || true
    done
    for ns in "$ns_feed" "$ns_pod" "$ns_bird"; do
        if ip netns list | grep -qw "$ns"; then
            for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
            ip netns delete "$ns" 2>/dev/null || true
        fi
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ the agent jar (a private copy:
# other builds may rewrite agent/target while this runs)
if [ -n "${PODROUTE_JAR:-}" ]; then
    cp "$PODROUTE_JAR" "$work/podroute.jar"
elif want podroute; then
    for attempt in 1 2 3; do
        if mvn -B -q -pl agent -am package -DskipTests -Dspotless.check.skip=true -Dforbiddenapis.skip=true &&
            cp agent/target/podroute.jar "$work/podroute.jar" && unzip -tq "$work/podroute.jar" >/dev/null; then
            break
        fi
        [ "$attempt" = 3 ] && { echo "agent-converge.sh: the agent does not build" >&2; exit 1; }
        echo "agent-converge.sh: build failed (attempt $attempt; concurrent edits?), retrying in 60 s" >&2
        sleep 60
    done
fi

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$results/agent-converge-$stamp.txt"
log() { echo "$*" | tee -a "$out"; }
log "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -n) kernel $(uname -r)"
log "# command: $0 $rounds ${sizes[*]} (ROUNDS_1M=$rounds_1m AGENT_BENCH_CASES=\"$cases\")"
log "# cpu: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores), $(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
log "# java: $(java -version 2>&1 | head -n 1); AGENT_JAVA_OPTS: $java_opts"
log "# $(bird --version 2>&1)"
if want podroute; then
    log "# podroute: jar of $(date -u -r "${PODROUTE_JAR:-agent/target/podroute.jar}" +%Y-%m-%dT%H:%M:%SZ) (${PODROUTE_JAR:-built now}); HEAD is $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
fi
log "# load before: $(cat /proc/loadavg)"

# ------------------------------------------------------------------ namespaces
ip netns add "$ns_feed"
ip netns add "$ns_pod"
ip netns add "$ns_bird"
for ns in "$ns_feed" "$ns_pod" "$ns_bird"; do ip -n "$ns" link set lo up; done
ip -n "$ns_feed" link add fp type veth peer name pf netns "$ns_pod"
ip -n "$ns_feed" link add fb type veth peer name bf netns "$ns_bird"
ip -n "$ns_feed" addr add 10.254.1.1/30 dev fp
ip -n "$ns_pod" addr add 10.254.1.2/30 dev pf
ip -n "$ns_feed" addr add 10.254.2.1/30 dev fb
ip -n "$ns_bird" addr add 10.254.2.2/30 dev bf
ip -n "$ns_feed" link set fp up
ip -n "$ns_feed" link set fb up
ip -n "$ns_pod" link set pf up
ip -n "$ns_bird" link set bf up
# the agent's node IP is found without a default route (node.ip), but give both receivers the same one
ip -n "$ns_pod" route add default via 10.254.1.1
ip -n "$ns_bird" route add default via 10.254.2.1

# The polls also sample the receiver's VmRSS into rss_max: the kernel updates VmHWM lazily (it can
# read below VmRSS), so peak RSS is the larger of VmHWM and every sample.
rss_sample() { local v; v="$(rss_of "$rpid" 2>/dev/null || echo 0)"; [ "$v" -le "$rss_max" ] || rss_max="$v"; }
fib_ge() { rss_sample; [ "$(fib_prefixes "$1")" -ge "$2" ]; }
fib_le() { rss_sample; [ "$(fib_prefixes "$1")" -le "$2" ]; }
load1() { cut -d' ' -f1 /proc/loadavg; }
# CPU ticks (utime + stime) per thread name of a process ("GC Thread#0", "route-table-77", ...)
thread_ticks() { # pid
    # comm may hold spaces; after "pid (comm) state", utime and stime are the 11th and 12th fields
    awk '{ i = index($0, " ("); j = match($0, /\) [A-Za-z] /); name = substr($0, i + 2, j - i - 2)
           split(substr($0, j + 4), f, " "); sub(/[#-]?[0-9]+$/, "", name); s[name] += f[11] + f[12] }
         END { for (k in s) printf "%s\t%d\n", k, s[k] }' /proc/"$1"/task/*/stat 2>/dev/null | sort
}
# "name=cpu_s ..." of the threads' CPU between two thread_ticks files, largest first
thread_delta() { # before after
    awk -F'\t' -v hz="$(getconf CLK_TCK)" 'NR == FNR { b[$1] = $2; next } { d = ($2 - b[$1]) / hz; if (d >= 0.05) printf "%.2f\t%s\n", d, $1 }' "$1" "$2" |
        sort -rn | awk -F'\t' '{ gsub(/ /, "_", $2); printf "%s%s=%s", (NR > 1 ? " " : ""), $2, $1 }'
}

# "seconds kernel_routes received" every 0.2 s (received: podroute's BGP prefixes from /status, or -)
timeline() { # case ns t0 base
    echo "# seconds_since_established kernel_routes bgp_received"
    while :; do
        local t k rx="-"
        t="$(now)"
        k="$(fib_prefixes "$2")"
        if [ "$1" = podroute ]; then
            rx="$(ip netns exec "$2" curl -s -m 1 http://127.0.0.1:7179/status | jq '[.peers[].received] | add' 2>/dev/null || echo -)"
        fi
        awk -v t="$t" -v t0="$3" -v k="$k" -v b="$4" -v rx="$rx" 'BEGIN { printf "%.2f %d %s\n", t - t0, k - b, rx }'
        sleep 0.2
    done
}

# ------------------------------------------------------------------ one receiver round
# Common part, once the receiver (pid) runs idle in namespace ns and the feeder's protocol proto is
# about to be enabled. Prints the result line.
measure_round() { # case round n pid ns proto
    local c="$1" r="$2" n="$3" pid="$4" ns="$5" proto="$6" base rss0 t0 c0 t1 c1 rss1 w0 wc0 w1 wc1 hwm k
    base="$(fib_prefixes "$ns")"
    rss0="$(rss_of "$pid")"
    rpid="$pid"
    rss_max="$rss0"
    bc_ feed enable "$proto" >/dev/null
    wait_for 120 established feed "$proto" || { echo "$c: no session" >&2; bc_ feed show protocols all "$proto" >&2; return 1; }
    c0="$(cpu_of "$pid")"
    thread_ticks "$pid" >"$work/threads0"
    t0="$(since_of feed "$proto")"
    local sampler=""
    if [ "${AGENT_TIMELINE:-0}" = 1 ]; then
        timeline "$c" "$ns" "$t0" "$base" >"$results/agent-converge-$stamp-timeline-$c-$n-r$r.txt" &
        sampler=$!
    fi
    wait_for 900 fib_ge "$ns" $((base + n)) || { echo "$c: kernel table incomplete: $(fib_prefixes "$ns") of $((base + n))" >&2; return 1; }
    t1="$(now)"
    if [ -n "$sampler" ]; then
        sleep 0.3
        kill "$sampler" 2>/dev/null || true
        wait "$sampler" 2>/dev/null || true
        log "# timeline: $results/agent-converge-$stamp-timeline-$c-$n-r$r.txt"
    fi
    c1="$(cpu_of "$pid")"
    thread_ticks "$pid" >"$work/threads1"
    rss1="$(rss_of "$pid")"
    k="$(fib_prefixes "$ns")"
    if [ "$c" = podroute ] && [ "${AGENT_HISTO:-0}" = 1 ]; then
        jcmd "$pid" GC.class_histogram >"$results/agent-converge-$stamp-histo-$n-r$r.txt" 2>&1 || true
        log "# class histogram: $results/agent-converge-$stamp-histo-$n-r$r.txt"
    fi
    if [ "$c" = podroute ] && [ "${AGENT_NMT:-0}" = 1 ]; then
        { grep -E '^(VmHWM|VmRSS|RssAnon|RssFile|Threads)' /proc/"$pid"/status; jcmd "$pid" VM.native_memory summary; } \
            >"$results/agent-converge-$stamp-nmt-$n-r$r.txt" 2>&1 || true
        log "# native memory: $results/agent-converge-$stamp-nmt-$n-r$r.txt"
    fi
    sleep 1
    w0="$(now)"
    wc0="$(cpu_of "$pid")"
    thread_ticks "$pid" >"$work/threads2"
    bc_ feed disable pods >/dev/null
    wait_for 900 fib_le "$ns" "$base" || { echo "$c: withdrawal incomplete: $(fib_prefixes "$ns") > $base" >&2; return 1; }
    w1="$(now)"
    wc1="$(cpu_of "$pid")"
    thread_ticks "$pid" >"$work/threads3"
    hwm="$(hwm_of "$pid")"
    rss_sample
    [ "$hwm" -ge "$rss_max" ] || hwm="$rss_max"
    log "$(awk -v c="$c" -v r="$r" -v n="$n" -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v w0="$w0" -v w1="$w1" \
        -v wc0="$wc0" -v wc1="$wc1" -v r0="$rss0" -v r1="$rss1" -v h="$hwm" -v k="$((k - base))" -v l="$(load1)" \
        'BEGIN { printf "%s round=%d prefixes=%d time_s=%.3f cpu_s=%.2f withdraw_s=%.3f withdraw_cpu_s=%.2f peak_rss_mb=%.1f loaded_rss_mb=%.1f idle_rss_mb=%.1f kernel_routes=%d load1=%s\n",
                 c, r, n, t1 - t0, c1 - c0, w1 - w0, wc1 - wc0, h / 1048576, r1 / 1048576, r0 / 1048576, k, l }')"
    if [ "$c" = podroute ]; then
        log "# threads $c round=$r prefixes=$n arrival (CPU s): $(thread_delta "$work/threads0" "$work/threads1")"
        log "# threads $c round=$r prefixes=$n withdrawal (CPU s): $(thread_delta "$work/threads2" "$work/threads3")"
    fi
    bc_ feed disable "$proto" >/dev/null
}

# the feeder's statics back, for the next round
refeed() { # n
    bc_ feed enable pods >/dev/null
    wait_for 300 ge feed pods 1 "$1" || { echo "feeder did not reload its routes" >&2; return 1; }
}

podroute_round() { # n round
    local n="$1" r="$2" dir="$work/agent" pid
    rm -rf "$dir"
    mkdir -p "$dir"
    cat >"$dir/agent.yaml" <<EOF
node: { name: bench, ip: 10.254.1.2 }
bgp:
  asn: 65001
  listen: ["10.254.1.2:179"]
  mesh: { enabled: false }
  peers:
    - { address: 10.254.1.1, asn: 65002, passive: true, importPolicy: accept-all, exportPolicy: reject-all }
  policies:
    accept-all: { defaultAction: accept }
    reject-all: { defaultAction: reject }
ipam:
  pools: [ { cidr: 10.244.0.0/16, natOutgoing: false } ]
datastore: { type: file, file: $dir/ipam.json }
ipip: { mode: Never }
cni: { enabled: false }
routes: { protocol: 77 }
api: { listen: "127.0.0.1:7179" }
metrics: { listen: off }
EOF
    # shellcheck disable=SC2086 # word splitting of the options is intended
    ip netns exec "$ns_pod" java $java_opts -jar "$work/podroute.jar" agent --config "$dir/agent.yaml" \
        >"$dir/agent.log" 2>&1 &
    pid=$!
    pids+=("$pid")
    wait_for 120 grep -q "podroute agent running" "$dir/agent.log" ||
        { echo "the agent did not start" >&2; tail -n 30 "$dir/agent.log" >&2; return 1; }
    wait_for 30 sh -c "ip -n '$ns_pod' route show proto 77 | grep -q blackhole" ||
        { echo "the agent did not install its blackhole" >&2; return 1; }
    sleep 2 # let start-up settle (JIT, the first route table pass)
    measure_round podroute "$r" "$n" "$pid" "$ns_pod" to_pod ||
        { tail -n 30 "$dir/agent.log" >&2; return 1; }
    grep -E ' ERROR ' "$dir/agent.log" | head -n 5 >&2 || true
    if [[ "$java_opts" == *StartFlightRecording* ]]; then # a clean exit writes the recording
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    cp "$dir/agent.log" "$results/agent-converge-$stamp-agent-$n-r$r.log"
    ip -n "$ns_pod" route flush proto 77 2>/dev/null || true
    refeed "$n"
}

bird_round() { # n round
    local n="$1" r="$2" conf="$work/rcv.conf" pid
    cat >"$conf" <<EOF
log "$work/rcv.log" { warning, error, fatal };
router id 10.254.2.2;
protocol device { }
protocol kernel kern { ipv4 { export all; }; }
protocol bgp tor { local as 65003; neighbor 10.254.2.1 as 65002; passive on; error wait time 1, 2;
  ipv4 { import all; export none; }; }
EOF
    pid="$(start_bird rcv "$ns_bird" "$conf")"
    pids+=("$pid")
    wait_for 30 bc_ rcv show status >/dev/null 2>&1 || { echo "receiver BIRD did not start" >&2; cat "$work/rcv.out" >&2; return 1; }
    sleep 2
    measure_round bird "$r" "$n" "$pid" "$ns_bird" to_bird
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$work/rcv.ctl"
    ip -n "$ns_bird" route flush proto bird 2>/dev/null || true
    refeed "$n"
}

# ------------------------------------------------------------------ per size
for n in "${sizes[@]}"; do
    poll="${POLL:-$(awk -v n="$n" 'BEGIN { print (n < 500000 ? 0.05 : 0.25) }')}"
    nr="$rounds"
    if [ "$n" -ge 1000000 ]; then nr="$rounds_1m"; fi
    log "## N=$n rounds=$nr poll=${poll}s, load $(cut -d' ' -f1-3 /proc/loadavg)"
    feed_write_conf "$n" active
    t="$(now)"
    feed_pid="$(start_bird feed "$ns_feed" "$work/feed.conf")"
    pids+=("$feed_pid")
    wait_for 300 ge feed pods 1 "$n" || { echo "feeder did not load its routes" >&2; cat "$work/feed.out" >&2; exit 1; }
    start_kicker
    log "# feeder (BIRD static) ready with $n routes in $(awk -v a="$t" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s (pid $feed_pid)"

    for r in $(seq 1 "$nr"); do
        log "# round $r: load $(cut -d' ' -f1-3 /proc/loadavg)"
        if want podroute; then podroute_round "$n" "$r"; fi
        if want bird; then bird_round "$n" "$r"; fi
    done

    kill -9 "$kick_pid" "$feed_pid" 2>/dev/null || true
    wait "$kick_pid" "$feed_pid" 2>/dev/null || true
    rm -f "$work/feed.ctl"

    log "# medians over $nr rounds, N=$n"
    for c in podroute bird; do
        line="median $c prefixes=$n"
        for f in time_s cpu_s withdraw_s withdraw_cpu_s peak_rss_mb loaded_rss_mb idle_rss_mb load1; do
            vals="$(grep "^$c .*prefixes=$n " "$out" | tr ' ' '\n' | sed -n "s/^$f=//p" || true)"
            [ -n "$vals" ] && line="$line $f=$(echo "$vals" | median)"
        done
        if [ "$line" != "median $c prefixes=$n" ]; then log "$line"; fi
    done
done
log "# load after: $(cat /proc/loadavg)"
echo "results: $out"
