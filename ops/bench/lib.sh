# shellcheck shell=bash disable=SC2034,SC2154
# Shared by the benchmark scripts (sourced, not run): bench_classpath for the JVM benchmarks (rib.sh,
# codec.sh), and below it the helpers of the BIRD-fed benchmarks (bgp-converge.sh, agent-converge.sh).
#
# bench_classpath CHECK...:
# builds bgp-speaker's main and test classes (formatting is the test run's gate, not the benchmark's,
# so it is not checked), copies target/classes and target/test-classes to a private snapshot (other
# builds may share this working tree and rewrite target/ mid-run), checks that every CHECK path
# (relative to the snapshot) exists — building once more if a concurrent build removed them — and sets
# bench_cp to the classpath to run from. The snapshot is removed when the script exits.

bench_classpath() {
    bench_snap="$(mktemp -d)"
    trap 'rm -rf "$bench_snap"' EXIT
    local attempt check ok
    for attempt in 1 2; do
        mvn -q -B -pl bgp-speaker -am test-compile -DskipTests -Dspotless.check.skip=true
        rm -rf "$bench_snap/classes" "$bench_snap/test-classes"
        ok=1
        cp -r bgp-speaker/target/classes bgp-speaker/target/test-classes "$bench_snap/" 2>/dev/null || ok=0
        for check in "$@"; do
            [ -e "$bench_snap/$check" ] || ok=0
        done
        [ "$ok" = 1 ] && break
        echo "$(basename "$0"): benchmark classes missing after the build (a concurrent build?)" >&2
        [ "$attempt" = 2 ] && return 1
    done
    mvn -q -B -pl bgp-speaker dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$bench_snap/classpath.txt"
    bench_cp="$bench_snap/test-classes:$bench_snap/classes:$(cat "$bench_snap/classpath.txt")"
}

# ------------------------------------------------------------------ BIRD feeder benchmarks
# Shared by bgp-converge.sh and agent-converge.sh (sourced). They expect the caller to set:
#   work  a private temporary folder (BIRD control sockets, configs, logs live there)
#   poll  the polling interval of wait_for, in seconds
#   pids  an array the caller's cleanup kills (start_kicker appends to it)

now() { date +%s.%N; }
# utime + stime of a process (all its threads), in seconds
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"; }
# resident set size now (VmRSS) and at its peak (VmHWM), in bytes
rss_of() { awk '/^VmRSS:/ { printf "%.0f\n", $2 * 1024 }' "/proc/$1/status"; }
hwm_of() { awk '/^VmHWM:/ { printf "%.0f\n", $2 * 1024 }' "/proc/$1/status"; }
# wait until "$@" succeeds, at most $1 seconds (polling every $poll s)
wait_for() {
    local limit="$1" start
    shift
    start="$(now)"
    until "$@"; do
        if awk -v s="$start" -v n="$(now)" -v l="$limit" 'BEGIN { exit !(n - s > l) }'; then
            return 1
        fi
        sleep "$poll"
    done
}
# birdc against the BIRD started as NAME (socket $work/NAME.ctl)
bc_() { birdc -s "$work/$1.ctl" "${@:2}"; }
# "Routes: N imported, M exported" of a protocol's channel; prints field 1 (imported) or 2 (exported)
routes_of() {
    bc_ "$1" show protocols all "$2" 2>/dev/null |
        awk -v f="$3" '/Routes:/ { gsub(",", ""); print (f == 1 ? $2 : $4); found = 1; exit }
                      END { if (!found) print 0 }'
}
ge() { [ "$(routes_of "$1" "$2" "$3")" -ge "$4" ]; }
# The protocol's "since" time as seconds since the epoch (needs `timeformat protocol iso long ms`)
since_of() { # bird-name protocol
    date -d "$(bc_ "$1" show protocols "$2" | awk -v p="$2" '$1 == p { print $5 " " $6 }')" +%s.%N
}
established() { bc_ "$1" show protocols "$2" 2>/dev/null | grep -q Established; }
# Prefixes of the main table in a network namespace, as the kernel counts them (/proc/net/fib_triestat;
# it walks the FIB: about 40 ms at 1M routes on this machine, so poll it sparingly).
fib_prefixes() { # netns
    ip netns exec "$1" cat /proc/net/fib_triestat | awk '/^Main:/ { m = 1 } m && /Prefixes:/ { print $2; exit }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# BIRD 2.0.12 as the feeder sends the last partial chunk of its table (N mod 256 routes) and the
# End-of-RIB only at the next wake-up of its event loop, which without other activity is its 3 s poll
# timeout: every receiver would see a random 0-3 s tail. A single birdc fed "show status" every 10 ms
# keeps the feeder's loop awake (about 1 % of one core for birdc and the feeder together).
start_kicker() {
    (
        exec 3<> <(:)
        while :; do
            echo "show status"
            read -r -t 0.01 -u 3 || true
        done
    ) | birdc -s "$work/feed.ctl" >/dev/null 2>&1 &
    kick_pid=$!
    pids+=("$kick_pid")
}

start_bird() { # name ns config -> prints pid
    ip netns exec "$2" bird -f -c "$3" -s "$work/$1.ctl" -P "$work/$1.pid" >"$work/$1.out" 2>&1 &
    echo $!
}

# The feeder's configuration, $work/feed.conf (+ $work/statics.conf): BIRD 2 with a `protocol static
# pods` of N blackhole /24s consecutive from 16.0.0.0, eBGP AS 65002 from 10.254.1.1 to 10.254.1.2
# AS 65001 (`to_pod`) and from 10.254.2.1 to 10.254.2.2 AS 65003 (`to_bird`), exporting the statics.
# MODE passive: both sessions passive and enabled (the receivers connect); MODE active: both active
# and disabled at start (the caller enables one when its receiver is ready: `bc_ feed enable to_pod`).
feed_write_conf() { # n mode
    local n="$1" opts
    awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
        printf "  route %d.%d.%d.0/24 blackhole;\n", 16 + int(i / 65536), int(i / 256) % 256, i % 256 }' \
        >"$work/statics.conf"
    if [ "$2" = active ]; then
        opts="disabled; connect delay time 1; connect retry time 1; error wait time 1, 2;"
    else
        opts="passive on; error wait time 1, 2;"
    fi
    cat >"$work/feed.conf" <<FEED
log "$work/feed.log" { warning, error, fatal };
timeformat protocol iso long ms;
router id 10.254.1.1;
protocol device { }
protocol static pods {
  ipv4;
  include "$work/statics.conf";
}
protocol bgp to_pod { local as 65002; neighbor 10.254.1.2 as 65001; $opts
  ipv4 { import none; export where proto = "pods"; }; }
protocol bgp to_bird { local as 65002; neighbor 10.254.2.2 as 65003; $opts
  ipv4 { import none; export where proto = "pods"; }; }
FEED
}
