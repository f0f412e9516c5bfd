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

# Formatting is the test run's gate, not the benchmark's: skip it so that work in progress elsewhere
# in the module does not stop a measurement.
build() {
    mvn -q -B -pl bgp-speaker -am test-compile -DskipTests -Dspotless.check.skip=true
}

# Other builds may share this working tree: run from a private copy of the classes, taken right after
# the build and checked to hold the JMH-generated benchmark classes.
snap="$(mktemp -d)"
trap 'rm -rf "$snap"' EXIT
snapshot() {
    rm -rf "$snap/classes" "$snap/test-classes"
    cp -r bgp-speaker/target/classes bgp-speaker/target/test-classes "$snap/" 2>/dev/null &&
        [ -s "$snap/test-classes/META-INF/BenchmarkList" ] &&
        [ -d "$snap/test-classes/io/podroute/bgp/codec/bench/jmh_generated" ]
}
build
if ! snapshot; then
    echo "codec.sh: benchmark classes missing after the build (a concurrent build?); building again" >&2
    build
    snapshot || { echo "codec.sh: no JMH benchmark classes in bgp-speaker/target/test-classes" >&2; exit 1; }
fi
mvn -q -B -pl bgp-speaker dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$snap/classpath.txt"
cp="$snap/test-classes:$snap/classes:$(cat "$snap/classpath.txt")"

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
