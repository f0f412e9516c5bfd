#!/usr/bin/env bash
# Issue 7, "Benchmarks": one command for the agent end-to-end comparison and the data plane comparison,
# then the report. Needs root (network namespaces), bird2, java, mvn, iperf3, containernetworking-plugins;
# installs gnuplot-nox (Debian) for the chart when it is missing.
#
#   sudo ops/bench/run-all.sh [ROUNDS=3] [IPIP_SECONDS=10] [IPIP_ROUNDS=3]
#
#   1. ops/bench/agent-converge.sh ROUNDS $SIZES: podroute's agent vs BIRD (kernel protocol) receiving
#      the same feed into the kernel, and its withdrawal (SIZES default "100000 1000000"; ROUNDS_1M,
#      AGENT_JAVA_OPTS, PODROUTE_JAR are passed through, see that script);
#   2. ops/bench/ipip.sh IPIP_SECONDS IPIP_ROUNDS: iperf3 through plain routing, kernel VXLAN and the
#      userspace IP-in-IP data plane;
#   3. ops/bench/agent-report.sh: the tables and the chart (docs/img/agent-converge.png) into
#      docs/performance.md, section "Agent end to end: podroute vs BIRD into the kernel".
# Raw output: ops/bench/results/agent-converge-<UTC time>.txt and ipip-<UTC time>.txt (git-ignored).
# SKIP_IPIP=1 skips step 2 (the report then keeps no data plane table).
set -euo pipefail

rounds="${1:-3}"
ipip_secs="${2:-10}"
ipip_rounds="${3:-3}"
read -r -a sizes <<<"${SIZES:-100000 1000000}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
results="$root/ops/bench/results"
mkdir -p "$results"
[ "$(id -u)" = 0 ] || { echo "run-all.sh: needs root (network namespaces)" >&2; exit 1; }

if ! command -v gnuplot >/dev/null; then
    apt-get install -y gnuplot-nox >/dev/null || { apt-get update >/dev/null && apt-get install -y gnuplot-nox >/dev/null; }
fi

command_line="ops/bench/run-all.sh $rounds $ipip_secs $ipip_rounds"
[ -n "${SIZES:-}" ] && command_line="SIZES=\"${SIZES}\" $command_line"
[ -n "${ROUNDS_1M:-}" ] && command_line="ROUNDS_1M=$ROUNDS_1M $command_line"
[ -n "${AGENT_JAVA_OPTS:-}" ] && command_line="AGENT_JAVA_OPTS='$AGENT_JAVA_OPTS' $command_line"
[ -n "${PODROUTE_JAR:-}" ] && command_line="PODROUTE_JAR=$PODROUTE_JAR $command_line"
start_facts="$(date -u +%Y-%m-%dT%H:%M:%SZ); nproc $(nproc); load average at start $(cut -d' ' -f1-3 /proc/loadavg); kernel $(uname -r)"

ops/bench/agent-converge.sh "$rounds" "${sizes[@]}" | tee "$results/.run-all-converge.out"
converge="$(sed -n 's/^results: //p' "$results/.run-all-converge.out")"
rm -f "$results/.run-all-converge.out"

ipip=""
if [ "${SKIP_IPIP:-0}" != 1 ]; then
    ipip="$results/ipip-$(date -u +%Y%m%dT%H%M%SZ).txt"
    { echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) ops/bench/ipip.sh $ipip_secs $ipip_rounds; load before: $(cat /proc/loadavg)"
      ops/bench/ipip.sh "$ipip_secs" "$ipip_rounds"
      echo "# load after: $(cat /proc/loadavg)"; } 2>&1 | tee "$ipip"
fi

REPORT_COMMAND="$command_line" REPORT_FACTS="$start_facts" ops/bench/agent-report.sh "$converge" ${ipip:+"$ipip"}
