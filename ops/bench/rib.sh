#!/usr/bin/env bash
# RIB load benchmark (bgp-speaker, io.podroute.bgp.rib.bench.RibLoadBenchmark): 100 000 and 1 000 000
# IPv4 /24 prefixes from one eBGP peer as 4096-byte packed UPDATEs built with the codec, decoded and
# applied to a Rib; then 1 000 000 from two peers. Prints wall and CPU seconds and heap bytes per
# prefix (used heap after System.gc() with the RIB loaded minus without it). Not part of the test run.
# Results go to ops/bench/results/rib-<UTC time>.txt (git-ignored).
#
# Usage: ops/bench/rib.sh [repeats]     (default 3 runs per size; the first includes JIT warm-up)
# JVM options can be passed in RIB_BENCH_JAVA_OPTS (default: none, i.e. default G1 heap sizing).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
results="$root/ops/bench/results"
mkdir -p "$results"

# Build and snapshot the classes (see lib.sh).
. "$root/ops/bench/lib.sh"
bench_classpath test-classes/io/podroute/bgp/rib/bench/RibLoadBenchmark.class classes/io/podroute/bgp/rib/Rib.class
cp="$bench_cp"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$results/rib-$stamp.txt"
{
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -n)"
    echo "# cpu: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores)"
    echo "# java: $(java -version 2>&1 | head -n 1)"
    echo "# load before: $(uptime)"
    echo "# java opts: ${RIB_BENCH_JAVA_OPTS:-}"
} | tee "$out"
# shellcheck disable=SC2086 # word splitting of the options is intended
java ${RIB_BENCH_JAVA_OPTS:-} -cp "$cp" io.podroute.bgp.rib.bench.RibLoadBenchmark "${1:-3}" 2>&1 |
    grep -v '^SLF4J' | tee -a "$out"
echo "# load after: $(uptime)" | tee -a "$out"
echo "results: $out"
