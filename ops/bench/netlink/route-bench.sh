#!/usr/bin/env bash
# Route install/delete throughput: `ip -batch` versus podroute's batched netlink writer, same
# routes, same run, each round in fresh throwaway network namespaces. Needs root.
#
#   ops/bench/netlink/route-bench.sh [ROUTES=100000] [ROUNDS=3]
#
# Routes: ROUTES /32s from 100.64.0.0/10 via 192.168.0.2 on a veth, protocol 77. Each round runs
# `ip -batch` (add file, then delete file) and then RouteBatchBenchmark (RouteOps.addAll/deleteAll,
# then a RouteTable pass that installs and one that clears, then the time until the loop + monitor
# restore routes deleted by hand). Prints every round and the medians.
# Not a test: nothing here asserts a time.
set -euo pipefail

n=${1:-100000}
rounds=${2:-3}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
ns_list=()
cleanup() {
  for ns in "${ns_list[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

make_ns() {
  ns_list+=("$1")
  ip netns add "$1"
  ip -n "$1" link set lo up
  ip -n "$1" link add a0 type veth peer name b0
  ip -n "$1" link set a0 up
  ip -n "$1" link set b0 up
  ip -n "$1" addr add 192.168.0.1/24 dev a0
}

now() { date +%s.%N; }
result() { # name start end
  awk -v name="$1" -v n="$n" -v a="$2" -v b="$3" \
    'BEGIN { printf "RESULT %-18s %d routes in %.3f s = %.0f routes/s\n", name, n, b - a, n / (b - a) }'
}

# Same prefixes as RouteBatchBenchmark.routes(): 100.64.0.0 + i.
awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++) { a = 1681915904 + i;
  printf "route add %d.%d.%d.%d/32 via 192.168.0.2 proto 77\n", int(a / 16777216) % 256, int(a / 65536) % 256, int(a / 256) % 256, a % 256 } }' \
  > "$work/add.batch"
sed -e 's/^route add \([^ ]*\) via 192.168.0.2 proto 77$/route del \1 proto 77/' "$work/add.batch" > "$work/del.batch"

cd "$repo"
mvn -B -q -pl route-programmer -DskipTests package
mvn -B -q -pl route-programmer dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt"
cp="route-programmer/target/classes:route-programmer/target/test-classes:$(cat "$work/cp.txt")"

echo "== kernel $(uname -r), $(ip -V), $(nproc) CPUs, java $(java -version 2>&1 | head -1), $n routes, $rounds rounds"
for r in $(seq 1 "$rounds"); do
  echo "-- round $r"
  ns="podroute-bench-ip-$$-$r"
  make_ns "$ns"
  t0=$(now); ip -n "$ns" -batch "$work/add.batch"; t1=$(now)
  count=$(ip -n "$ns" route show proto 77 | wc -l)
  [ "$count" -eq "$n" ] || { echo "ip -batch installed $count of $n" >&2; exit 1; }
  t2=$(now); ip -n "$ns" -batch "$work/del.batch"; t3=$(now)
  result ip-batch-add "$t0" "$t1" | tee -a "$work/results"
  result ip-batch-delete "$t2" "$t3" | tee -a "$work/results"
  ip netns del "$ns"

  ns="podroute-bench-pr-$$-$r"
  make_ns "$ns"
  java -Xms1g -Xmx4g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
    io.podroute.netlink.ops.RouteBatchBenchmark "$ns" "$n" 192.168.0.2 2>/dev/null | tee -a "$work/results"
  ip netns del "$ns"
done

echo "== medians over $rounds rounds (routes/s)"
for k in $(awk '$1 == "RESULT" { print $2 }' "$work/results" | sort -u); do
  awk -v k="$k" '$1 == "RESULT" && $2 == k { for (i = 1; i <= NF; i++) if ($i == "routes/s") print $(i - 1) }' "$work/results" \
    | sort -n | awk -v k="$k" '{ v[NR] = $1 } END { printf "%-18s %8.0f\n", k, (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
done
