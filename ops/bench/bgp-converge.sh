#!/usr/bin/env bash
# BGP convergence benchmark (issue 3, "Speed and memory"): podroute's BgpSpeaker vs BIRD receiving the
# same full feed. Not part of the test run. Needs root (network namespaces), bird2, java, mvn.
#
# For each size N (default 100000 and 1000000 IPv4 /24s, consecutive from 16.0.0.0):
#   - namespaces prc<pid>-feed, prc<pid>-pod, prc<pid>-bird; a veth feed<->pod (10.254.1.0/30) and
#     feed<->bird (10.254.2.0/30); traffic stays inside them; all removed at the end or on failure.
#   - feeder: BIRD 2 with a `protocol static` of N blackhole routes generated into its config (loaded
#     at start-up, before any session), passive eBGP (AS 65002) towards both receivers, exporting them.
#     One birdc keeps the feeder's event loop awake (see start_kicker: without it BIRD 2.0.12 sends
#     the last chunk of its table up to 3 s late).
#   - then, one after the other (never at the same time), `rounds` times:
#       (a) podroute: a fresh JVM running io.podroute.bgp.speaker.bench.ConvergenceBenchmark (AS 65001,
#           import accept-all, export nothing, no kernel), two rounds per JVM: round 1 cold (JIT
#           warm-up included, as an agent that just started), round 2 warm; Established -> N in Loc-RIB,
#           process CPU s over that window, heap B/route;
#       (b) BIRD receiver (AS 65003) with `import all` and `protocol kernel { ipv4 { export all; }; }`
#           in its netns: Established -> N routes in the kernel's main table of its netns;
#       (c) the same BIRD without the kernel protocol: Established -> N routes imported into its table.
#     For BIRD: Established is the protocol's "since" time (timeformat iso long ms); the end is found
#     by polling birdc every ${POLL:-0.05} s (the channel's import counter for (c), the kernel
#     protocol's export counter for (b), then the kernel's own count in /proc/net/fib_triestat, read
#     only then because walking a 1M-route FIB costs tens of ms); CPU s from /proc/PID/stat (utime +
#     stime) over the same window; RSS B/route = (VmRSS at the end - VmRSS before the session) / N.
#     After each BIRD round the receiver is killed (SIGKILL, so it does not spend time withdrawing)
#     and its kernel routes are flushed before the next round starts.
# Results: ops/bench/results/bgp-converge-<UTC time>.txt (git-ignored), raw lines plus medians.
#
# Usage: sudo ops/bench/bgp-converge.sh [rounds] [sizes...]      (default: 3 100000 1000000)
# JVM options for podroute in BGP_BENCH_JAVA_OPTS (default none: G1, default heap sizing); e.g. a JFR
# profile: BGP_BENCH_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/pr.jfr,settings=profile'.
# BGP_BENCH_CASES limits the cases run (default "podroute bird_kernel bird_table").
set -euo pipefail

rounds="${1:-3}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
poll="${POLL:-0.05}"
cases="${BGP_BENCH_CASES:-podroute bird_kernel bird_table}"
want() { [[ " $cases " == *" $1 "* ]]; }

[ "$(id -u)" = 0 ] || { echo "bgp-converge.sh: needs root (network namespaces)" >&2; exit 1; }
for b in bird birdc ip java mvn; do
    command -v "$b" >/dev/null || { echo "bgp-converge.sh: '$b' not found" >&2; exit 1; }
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
results="$root/ops/bench/results"
mkdir -p "$results"
# shellcheck source=ops/bench/lib.sh
. "$root/ops/bench/lib.sh"

tag="prc$$"
ns_feed="$tag-feed"
ns_pod="$tag-pod"
ns_bird="$tag-bird"
work="$(mktemp -d)"
pids=()

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

# ------------------------------------------------------------------ build (like rib.sh)
build() {
    mvn -q -B -pl bgp-speaker -am test-compile -DskipTests -Dspotless.check.skip=true
}
snapshot() {
    rm -rf "$work/classes" "$work/test-classes"
    cp -r bgp-speaker/target/classes bgp-speaker/target/test-classes "$work/" 2>/dev/null &&
        [ -f "$work/test-classes/io/podroute/bgp/speaker/bench/ConvergenceBenchmark.class" ] &&
        [ -f "$work/classes/io/podroute/bgp/speaker/BgpSpeaker.class" ]
}
build
if ! snapshot; then
    echo "bgp-converge.sh: classes missing after the build (a concurrent build?); building again" >&2
    build
    snapshot || { echo "bgp-converge.sh: no ConvergenceBenchmark class" >&2; exit 1; }
fi
mvn -q -B -pl bgp-speaker dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/classpath.txt"
cp="$work/test-classes:$work/classes:$(cat "$work/classpath.txt")"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$results/bgp-converge-$stamp.txt"
log() { echo "$*" | tee -a "$out"; }
log "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -n) kernel $(uname -r)"
log "# cpu: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores)"
log "# java: $(java -version 2>&1 | head -n 1); opts: ${BGP_BENCH_JAVA_OPTS:-none}"
log "# $(bird --version 2>&1)"
log "# rounds=$rounds sizes=${sizes[*]} poll=${poll}s cases: $cases"
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

# ------------------------------------------------------------------ helpers
# now, cpu_of, rss_of, wait_for, bc_, routes_of, ge, fib_prefixes, median, start_kicker, start_bird,
# feed_write_conf: in lib.sh (shared with agent-converge.sh).
kernel_count() { fib_prefixes "$ns_bird"; }
kernel_ge() { [ "$(kernel_count)" -ge "$1" ]; }

# ------------------------------------------------------------------ one BIRD receiver round
bird_round() { # n kernel(0/1) round
    local n="$1" kernel="$2" round="$3" conf="$work/rcv.conf" pid base rss0 line since t0 c0 t1 c1 rss1 case
    case=$([ "$kernel" = 1 ] && echo bird_kernel || echo bird_table)
    {
        echo "log \"$work/rcv.log\" { warning, error, fatal };"
        echo "timeformat protocol iso long ms;"
        echo "router id 10.254.2.2;"
        echo "protocol device { }"
        if [ "$kernel" = 1 ]; then echo "protocol kernel kern { ipv4 { export all; }; }"; fi
        echo "protocol bgp tor { disabled; local as 65003; neighbor 10.254.2.1 as 65002;"
        echo "  connect delay time 1; connect retry time 1; error wait time 1, 2;"
        echo "  ipv4 { import all; export none; }; }"
    } >"$conf"
    pid="$(start_bird rcv "$ns_bird" "$conf")"
    pids+=("$pid")
    wait_for 30 bc_ rcv show status >/dev/null 2>&1 || { echo "receiver BIRD did not start" >&2; cat "$work/rcv.out" >&2; return 1; }
    base="$(kernel_count)"
    sleep 0.5
    rss0="$(rss_of "$pid")"
    bc_ rcv enable tor >/dev/null
    wait_for 120 sh -c "birdc -s '$work/rcv.ctl' show protocols tor | grep -q Established" ||
        { echo "receiver BIRD: no session" >&2; bc_ rcv show protocols all tor >&2; return 1; }
    c0="$(cpu_of "$pid")"
    line="$(bc_ rcv show protocols tor | grep -w tor)"
    since="$(echo "$line" | awk '{ print $5 " " $6 }')"
    t0="$(date -d "$since" +%s.%N)"
    if [ "$kernel" = 1 ]; then
        wait_for 600 ge rcv kern 2 "$n" || { echo "kernel export incomplete" >&2; return 1; }
        wait_for 600 kernel_ge $((base + n)) || { echo "kernel table incomplete" >&2; return 1; }
    else
        wait_for 600 ge rcv tor 1 "$n" || { echo "BIRD import incomplete" >&2; return 1; }
    fi
    t1="$(now)"
    c1="$(cpu_of "$pid")"
    rss1="$(rss_of "$pid")"
    log "$(awk -v c="$case" -v r="$round" -v n="$n" -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" \
        -v r0="$rss0" -v r1="$rss1" -v k="$(kernel_count)" -v b="$base" -v l="$(cut -d' ' -f1 /proc/loadavg)" \
        'BEGIN { printf "%s round=%d prefixes=%d time_s=%.3f cpu_s=%.2f rss_b_per_route=%.1f kernel_routes=%d load1=%s\n",
                 c, r, n, t1 - t0, c1 - c0, (r1 - r0) / n, k - b, l }')"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$work/rcv.ctl"
    if [ "$kernel" = 1 ]; then
        ip -n "$ns_bird" route flush proto bird
    fi
    sleep 2 # let the feeder notice the closed session and listen again
}

# ------------------------------------------------------------------ per size
for n in "${sizes[@]}"; do
    log "## N=$n, load $(cut -d' ' -f1-3 /proc/loadavg)"
    feed_write_conf "$n" passive
    t="$(now)"
    feed_pid="$(start_bird feed "$ns_feed" "$work/feed.conf")"
    pids+=("$feed_pid")
    wait_for 300 ge feed pods 1 "$n" || { echo "feeder did not load its routes" >&2; cat "$work/feed.out" >&2; exit 1; }
    start_kicker
    log "# feeder (BIRD static) ready with $n routes in $(awk -v a="$t" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s (pid $feed_pid)"

    for r in $(seq 1 "$rounds"); do
        log "# round $r: load $(cut -d' ' -f1-3 /proc/loadavg)"
        # (a) podroute, in its own JVM: round 1 cold, round 2 warm
        if want podroute; then
            # shellcheck disable=SC2086 # word splitting of the options is intended
            java ${BGP_BENCH_JAVA_OPTS:-} -cp "$cp" io.podroute.bgp.speaker.bench.ConvergenceBenchmark \
                "$ns_pod" 10.254.1.1 10.254.1.2 65001 65002 "$n" 2 2>"$work/java.err" |
                grep '^podroute ' | sed "s/^podroute round=\([12]\)/podroute_\1 round=$r jvm_round=\1/; s/\$/ load1=$(cut -d' ' -f1 /proc/loadavg)/" |
                sed 's/podroute_1/podroute_cold/; s/podroute_2/podroute_warm/' | tee -a "$out" ||
                { grep -v '^SLF4J' "$work/java.err" >&2; exit 1; }
            grep -q "^podroute_warm round=$r jvm_round=2 prefixes=$n " "$out" || { echo "podroute round failed" >&2; grep -v '^SLF4J' "$work/java.err" >&2; exit 1; }
            sleep 2
        fi
        # (b) BIRD with kernel export, (c) BIRD table only
        if want bird_kernel; then bird_round "$n" 1 "$r"; fi
        if want bird_table; then bird_round "$n" 0 "$r"; fi
    done

    kill -9 "$kick_pid" "$feed_pid" 2>/dev/null || true
    wait "$kick_pid" "$feed_pid" 2>/dev/null || true
    rm -f "$work/feed.ctl"

    log "# medians over $rounds rounds, N=$n"
    for c in podroute_cold podroute_warm bird_kernel bird_table; do
        line="$c"
        for f in time_s cpu_s heap_b_per_route array_b_per_route rss_b_per_route load1; do
            vals="$(grep "^$c .*prefixes=$n " "$out" | tr ' ' '\n' | sed -n "s/^$f=//p" || true)"
            [ -n "$vals" ] && line="$line median_$f=$(echo "$vals" | median)"
        done
        log "$line"
    done
done
log "# load after: $(cat /proc/loadavg)"
echo "results: $out"
