#!/usr/bin/env bash
# JMH benchmarks of the BGP UPDATE codec (bgp-speaker, package io.podroute.bgp.codec.bench).
# Not part of the test run: the benchmarks live in test sources but are not tests, and only this
# script runs them. Results go to ops/bench/results/ (git-ignored): the JMH text output and JSON.
#
# Usage: ops/bench/codec.sh [JMH arguments...]
#   With no arguments: all codec benchmarks, 1 fork, 3 x 2 s warm-up, 5 x 2 s measurement, 1 thread,
#   with the GC profiler (gc.alloc.rate.norm is bytes per prefix: one operation is one prefix), and
#   -foe true so that a benchmark that throws makes the script fail.
#   Any arguments replace those defaults, e.g.  ops/bench/codec.sh 'UpdateDecodeBenchmark.ipv4Packed24' -prof stack
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
results="$root/ops/bench/results"
mkdir -p "$results"

# Build and snapshot the classes (see lib.sh).
. "$root/ops/bench/lib.sh"
bench_classpath test-classes/META-INF/BenchmarkList test-classes/io/podroute/bgp/codec/bench/jmh_generated
cp="$bench_cp"

if [ "$#" -eq 0 ]; then
    set -- 'io.podroute.bgp.codec.bench.*' -f 1 -wi 3 -w 2s -i 5 -r 2s -t 1 -prof gc -foe true
fi

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$results/codec-$stamp"
{
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -n)"
    echo "# cpu: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores)"
    echo "# java: $(java -version 2>&1 | head -n 1)"
    echo "# load before: $(uptime)"
    echo "# args: $*"
} | tee "$out.txt"
java -cp "$cp" org.openjdk.jmh.Main "$@" -rf json -rff "$out.json" 2>&1 | tee -a "$out.txt"
echo "# load after: $(uptime)" | tee -a "$out.txt"
echo "results: $out.txt $out.json"
