#!/usr/bin/env bash
# IP-in-IP data plane throughput: iperf3 TCP pod-to-pod across a router namespace, in one run:
#   plain    — the router knows the pod routes (no encapsulation; the upper bound),
#   vxlan    — kernel VXLAN between the nodes across the router (the kernel encapsulation here),
#   ipip-us  — podroute's userspace IP-in-IP data plane (TUN + raw sockets, one JVM per node).
# Pods are made by the real CNI bridge plugin (host-local IPAM). Needs root, iperf3,
# containernetworking-plugins. Not a test: nothing here asserts a speed.
#
#   ops/bench/ipip.sh [SECONDS=10] [ROUNDS=1]
#
# Prints per scenario: Gbit/s (receiver), TCP retransmissions, busy CPU (machine-wide, from
# /proc/stat: other load on a shared machine inflates it) and CPU cores per Gbit/s.
set -euo pipefail

secs=${1:-10}
rounds=${2:-1}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
tag="pr-ipip-$$"
R="$tag-r"; N1="$tag-n1"; N2="$tag-n2"; P1="$tag-p1"; P2="$tag-p2"
ns_list=("$R" "$N1" "$N2" "$P1" "$P2")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for ns in "${ns_list[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

cd "$repo"
mvn -B -q -pl route-programmer -am install -DskipTests -Dspotless.check.skip=true
mvn -B -q -pl ipip test-compile -Dspotless.check.skip=true
mvn -B -q -pl ipip dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt"
cp="ipip/target/classes:ipip/target/test-classes:$(cat "$work/cp.txt")"

for ns in "${ns_list[@]}"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1
i=1
for N in "$N1" "$N2"; do
  ip -n "$R" link add "r$i" type veth peer name eth0 netns "$N"
  ip -n "$R" addr add "192.168.$i.1/24" dev "r$i"; ip -n "$R" link set "r$i" up
  ip -n "$N" addr add "192.168.$i.10/24" dev eth0; ip -n "$N" link set eth0 up
  ip -n "$N" route add default via "192.168.$i.1"
  ip netns exec "$N" sysctl -qw net.ipv4.ip_forward=1
  i=$((i + 1))
done
cni_add() { # node pod subnet datadir
  printf '{"cniVersion":"1.0.0","name":"podnet","type":"bridge","bridge":"cni0","isGateway":true,"ipMasq":false,"ipam":{"type":"host-local","ranges":[[{"subnet":"%s"}]],"routes":[{"dst":"0.0.0.0/0"}],"dataDir":"%s"}}' "$3" "$4" |
    ip netns exec "$1" env CNI_COMMAND=ADD CNI_CONTAINERID="$2" CNI_NETNS="/run/netns/$2" CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni /usr/lib/cni/bridge |
    sed -n 's/.*"address": *"\([0-9.]*\)\/.*/\1/p' | head -1
}
pod1=$(cni_add "$N1" "$P1" 10.244.1.0/24 "$work/n1")
pod2=$(cni_add "$N2" "$P2" 10.244.2.0/24 "$work/n2")
echo "== kernel $(uname -r), $(nproc) CPUs, java $(java -version 2>&1 | head -1), iperf3 $(iperf3 --version | head -1 | awk '{print $2}'), pods $pod1 -> $pod2, ${secs}s"

busy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }

measure() { # name
  local name=$1
  ip netns exec "$P1" ping -c 2 -W 2 "$pod2" >/dev/null || { echo "RESULT $name: no connectivity" ; return; }
  ip netns exec "$P2" iperf3 -s -1 >/dev/null 2>&1 &
  local srv=$!; pids+=("$srv"); sleep 0.5
  read -r b0 t0 < <(busy)
  ip netns exec "$P1" iperf3 -c "$pod2" -t "$secs" -J > "$work/$name.json"
  read -r b1 t1 < <(busy)
  wait "$srv" 2>/dev/null || true
  python3 - "$work/$name.json" "$name" "$b0" "$t0" "$b1" "$t1" "$(nproc)" <<'PY'
import json, sys
j = json.load(open(sys.argv[1])); name = sys.argv[2]
b0, t0, b1, t1, n = map(float, sys.argv[3:8])
gbps = j["end"]["sum_received"]["bits_per_second"] / 1e9
retr = j["end"]["sum_sent"].get("retransmits", 0)
cores = n * (b1 - b0) / (t1 - t0)
print(f"RESULT {name:8s} {gbps:6.2f} Gbit/s  retransmits {retr:6d}  busy CPU {cores:4.2f} cores  {cores / gbps:5.2f} cores per Gbit/s")
PY
}

for round in $(seq 1 "$rounds"); do
  echo "-- round $round"
  # plain: the router knows the pod routes.
  ip -n "$R" route add 10.244.1.0/24 via 192.168.1.10
  ip -n "$R" route add 10.244.2.0/24 via 192.168.2.10
  measure plain
  ip -n "$R" route del 10.244.1.0/24; ip -n "$R" route del 10.244.2.0/24

  # vxlan: kernel VXLAN across the router.
  ip -n "$N1" link add vx0 type vxlan id 42 local 192.168.1.10 remote 192.168.2.10 dstport 4789 dev eth0
  ip -n "$N2" link add vx0 type vxlan id 42 local 192.168.2.10 remote 192.168.1.10 dstport 4789 dev eth0
  ip -n "$N1" addr add 10.255.0.1/24 dev vx0; ip -n "$N1" link set vx0 up
  ip -n "$N2" addr add 10.255.0.2/24 dev vx0; ip -n "$N2" link set vx0 up
  ip -n "$N1" route add 10.244.2.0/24 via 10.255.0.2 dev vx0
  ip -n "$N2" route add 10.244.1.0/24 via 10.255.0.1 dev vx0
  measure vxlan
  ip -n "$N1" link del vx0; ip -n "$N2" link del vx0

  # ipip-us: podroute's userspace data plane, one JVM per node.
  fds=()
  for spec in "$N1 192.168.1.10 10.244.2.0/24=192.168.2.10" "$N2 192.168.2.10 10.244.1.0/24=192.168.1.10"; do
    set -- $spec
    mkfifo "$work/in-$1"
    java -cp "$cp" io.podroute.ipip.userspace.IpipBenchNode "$@" < "$work/in-$1" > "$work/out-$1" 2>"$work/err-$1" &
    pids+=("$!")
    exec {fd}>"$work/in-$1"; fds+=("$fd")
    for _ in $(seq 1 150); do grep -q READY "$work/out-$1" && break; sleep 0.1; done
    grep -q READY "$work/out-$1" || { cat "$work/err-$1" >&2; exit 1; }
  done
  measure ipip-us
  for fd in "${fds[@]}"; do echo q >&"$fd"; exec {fd}>&-; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
  grep -h 'COUNTERS\|JVMCPU\|ALLOC' "$work"/out-* || true
  rm -f "$work"/in-* "$work"/out-* "$work"/err-*
done
