#!/usr/bin/env bash
# podroute's one test command (README "Test"): installs what the tests need, then runs every test —
# unit, property, fuzz (Jazzer, bounded) and integration (real BIRD/FRR/GoBGP/ExaBGP in network
# namespaces; needs root). CI runs exactly this.
#
#   ./ops/test.sh            everything
#   ./ops/test.sh -pl bgp-speaker -Dtest=GoldenVectorTest    extra arguments go to Maven
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: the JDK and Maven for the build; for the integration tests (which run everything
# inside network namespaces they create and remove): real BGP speakers, iproute2, the stock CNI
# plugins that make pods, ping/iperf3 for traffic, tshark to check what is on the wire, and etcd
# for the etcd datastore's tests (which start their own etcd on free ports), nftables for the
# agent's outgoing NAT, prometheus for promtool (checks the alert rules and runs their unit tests),
# curl and jq for the lab (ops/lab.sh, run by LabIT).
packages=(openjdk-17-jdk-headless maven python3 iproute2 bird2 frr gobgpd exabgp
  containernetworking-plugins iputils-ping iperf3 tshark etcd-server nftables prometheus curl jq)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "ops/test.sh: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # tshark asks whether non-root users may capture; the default (no) is right for a test machine.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "ops/test.sh: missing Debian packages (${missing[*]}); run as root to install them." >&2
    echo "ops/test.sh: integration tests will be skipped, each printing why." >&2
  fi
fi

# The distribution's FRR and etcd-server packages start their daemons; the tests start their own,
# so keep the system's stopped (they would hold port 179 and the zebra socket otherwise, and etcd
# would sit on 2379 with data the tests never wrote).
if [[ $(id -u) -eq 0 ]] && command -v systemctl >/dev/null 2>&1; then
  systemctl stop frr bird gobgpd exabgp etcd prometheus >/dev/null 2>&1 || true
  systemctl disable etcd >/dev/null 2>&1 || true
fi

# Jazzer fuzzes (60 s) instead of only replaying its inputs.
export JAZZER_FUZZ=1
# Maven resolves and caches every dependency and plugin itself; -B keeps the log plain.
log=$(mktemp -t podroute-test.XXXXXX.log)
trap 'rm -f "$log"' EXIT
mvn -B -ntp verify -DexcludedTestGroups= "$@" 2>&1 | tee "$log"
# Tests run with Netty's paranoid leak detection, which only logs; a leaked buffer fails the run here.
if grep -q "LEAK:" "$log"; then
  echo "ops/test.sh: FAILED: Netty reported a leaked buffer (search the log above for 'LEAK:')." >&2
  exit 1
fi
# A test JVM that ends early can leave surefire reporting success with fewer tests than exist: the
# full run (no extra arguments, as CI runs it) also checks that every test class left a report.
if (($# == 0)); then
  "$(dirname "$0")/check-test-reports.sh"
fi
