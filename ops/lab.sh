#!/usr/bin/env bash
# podroute lab: four nodes in two racks on one machine, in network namespaces (docs/lab.md).
#
#   sudo ./ops/lab.sh              scenario A, its summary, removed; then scenario B, left running
#   sudo ./ops/lab.sh a | b        one scenario, left running to explore
#   sudo ./ops/lab.sh check        both scenarios, everything removed after (CI runs this)
#   sudo ./ops/lab.sh status       the summary of the scenario that is running
#   sudo ./ops/lab.sh down         remove everything the lab made
#
# Scenario A: node mesh (iBGP, AS 64512), IP-in-IP CrossSubnet; the router knows no pod routes.
# Scenario B: no mesh; each node (its own AS 6460N) peers with BIRD on the router (AS 65000), which
# routes the pods' blocks; no encapsulation.
#
# Exit status: 0 when every pod reaches every other pod, 1 otherwise or on any failure, 2 on usage.
# Environment: PODROUTE  how to run podroute (default: java -jar agent/target/podroute.jar, built
#                        when missing), split on spaces; LabIT runs it from the test class path.
#              LAB_KEEP=1 keep a failed lab for debugging instead of removing it.
#              LAB_TIMEOUT seconds to wait for the agents to converge (default 90).
#              LAB_SPEAKER=exabgp runs the agents' BGP sessions with ExaBGP (bgp.speaker: exabgp,
#                        docs/exabgp.md) instead of podroute's own speaker.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
self="$root/ops/lab.sh"
jar="$root/agent/target/podroute.jar"
P=lab-                          # every namespace the lab makes starts with this
state=/run/podroute-lab         # configs, datastore, logs, host-local leases, BIRD socket
RT=${P}rt
POOL=10.244.0.0/16
NODES=(n1 n2 n3 n4)
declare -A NODE_IP=([n1]=192.168.81.11 [n2]=192.168.81.12 [n3]=192.168.82.13 [n4]=192.168.82.14)
declare -A RACK=([n1]=a [n2]=a [n3]=b [n4]=b)
declare -A RACK_GW=([a]=192.168.81.1 [b]=192.168.82.1)
timeout_s=${LAB_TIMEOUT:-90}
speaker=${LAB_SPEAKER:-native}
[[ $speaker == native || $speaker == exabgp ]] || { echo "lab: LAB_SPEAKER must be native or exabgp" >&2; exit 2; }

say() { printf '%s\n' "$*"; }
# How to call the scripts in ops/ in the hints: ./ops from the checkout's root, else the full path.
ops_dir() { if [[ $PWD == "$root" ]]; then echo ./ops; else echo "$root/ops"; fi; }
log() { printf 'lab: %s\n' "$*" >&2; }
die() {
    printf 'lab: %s\n' "$*" >&2
    exit 1
}

usage() {
    sed -n '2,19p' "$self" | sed 's/^# \{0,1\}//'
    exit 2
}

require_root() {
    if [[ $(id -u) -ne 0 ]]; then
        printf 'lab: needs root (it makes network namespaces and runs BGP on port 179): sudo %s\n' \
            "$0${*:+ $*}" >&2
        exit 1
    fi
}

# --- packages and the build -----------------------------------------------------------------------

# Installs the Debian packages behind the commands the lab runs, only those missing.
ensure_packages() {
    local -A need=([ip]=iproute2 [bird]=bird2 [birdc]=bird2 [nft]=nftables [ping]=iputils-ping
        [curl]=curl [jq]=jq [/usr/lib/cni/bridge]=containernetworking-plugins
        [/usr/lib/cni/host-local]=containernetworking-plugins)
    [[ $speaker == native ]] || need[exabgp]=exabgp
    if [[ -z ${PODROUTE:-} ]]; then
        need[java]=openjdk-17-jre-headless
        if [[ ! -f $jar ]]; then
            need[javac]=openjdk-17-jdk-headless
            need[mvn]=maven
        fi
    fi
    local cmd missing=()
    for cmd in "${!need[@]}"; do
        if ! command -v "$cmd" >/dev/null 2>&1 && [[ ! -x $cmd ]]; then
            [[ " ${missing[*]} " == *" ${need[$cmd]} "* ]] || missing+=("${need[$cmd]}")
        fi
    done
    ((${#missing[@]})) || return 0
    command -v apt-get >/dev/null 2>&1 ||
        die "missing packages (${missing[*]}) and no apt-get to install them; install them and retry"
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The podroute command line, as an array: $PODROUTE split on spaces, or the jar (built if missing).
podroute_cmd=()
ensure_podroute() {
    if [[ -n ${PODROUTE:-} ]]; then
        read -r -a podroute_cmd <<<"$PODROUTE"
        return
    fi
    if [[ ! -f $jar ]]; then
        log "building $jar (once; mvn -q -B -pl agent -am package -DskipTests) ..."
        if [[ -n ${SUDO_USER:-} && $SUDO_USER != root ]]; then
            # build as the user who called sudo, so the checkout gets no root-owned files
            sudo -u "$SUDO_USER" -H "$root/ops/podroute" --version >/dev/null
        else
            "$root/ops/podroute" --version >/dev/null
        fi
    fi
    podroute_cmd=(java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx160m -jar "$jar")
}

# podroute NS ARGS...: the podroute CLI inside a node's namespace.
podroute() {
    local ns=$1
    shift
    ip netns exec "$ns" "${podroute_cmd[@]}" "$@"
}

# --- teardown -------------------------------------------------------------------------------------

lab_namespaces() { ip netns list 2>/dev/null | awk -v p="$P" 'index($1, p) == 1 { print $1 }'; }

any_alive() {
    local pid
    for pid; do kill -0 "$pid" 2>/dev/null && return 0; done
    return 1
}

# Stops every process in the lab's namespaces (TERM, then KILL), deletes the namespaces and state.
down() {
    local ns pid pids=()
    for ns in $(lab_namespaces); do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do pids+=("$pid"); done
    done
    if ((${#pids[@]})); then
        kill -TERM "${pids[@]}" 2>/dev/null || true
        local end=$((SECONDS + 5))
        while ((SECONDS < end)) && any_alive "${pids[@]}"; do sleep 0.2; done
        kill -KILL "${pids[@]}" 2>/dev/null || true
    fi
    for ns in $(lab_namespaces); do
        ip netns delete "$ns" 2>/dev/null || true
    done
    rm -rf "$state"
    local left
    left=$(lab_namespaces)
    [[ -z $left ]] || die "could not delete namespaces: $left"
}

# --- topology -------------------------------------------------------------------------------------
#
#   rack A: ns lab-swa (bridge br0)                    rack B: ns lab-swb (bridge br0)
#     lab-n1 192.168.81.11   lab-n2 192.168.81.12        lab-n3 192.168.82.13   lab-n4 192.168.82.14
#            \__________ 192.168.81.1  lab-rt  192.168.82.1 __________/
#   each node: pods lab-nX-p1, lab-nX-p2 on bridge podroute0, made by /usr/lib/cni/bridge

topology() {
    ip netns add "$RT"
    ip -n "$RT" link set lo up
    ip netns exec "$RT" sysctl -qw net.ipv4.ip_forward=1
    local rack sw n ns
    for rack in a b; do
        sw=${P}sw$rack
        ip netns add "$sw"
        ip -n "$sw" link add br0 type bridge
        ip -n "$sw" link set br0 up
        ip -n "$RT" link add "rt-$rack" type veth peer name uplink netns "$sw"
        ip -n "$sw" link set uplink master br0 up
        ip -n "$RT" addr add "${RACK_GW[$rack]}/24" dev "rt-$rack"
        ip -n "$RT" link set "rt-$rack" up
    done
    for n in "${NODES[@]}"; do
        ns=$P$n
        sw=${P}sw${RACK[$n]}
        ip netns add "$ns"
        ip -n "$ns" link set lo up
        ip -n "$sw" link add "e$n" type veth peer name eth0 netns "$ns"
        ip -n "$sw" link set "e$n" master br0 up
        ip -n "$ns" addr add "${NODE_IP[$n]}/24" dev eth0
        ip -n "$ns" link set eth0 up
        ip -n "$ns" route add default via "${RACK_GW[${RACK[$n]}]}"
        ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1
    done
    # Counters on the router: what crosses it as IP-in-IP, and as bare pod packets.
    ip netns exec "$RT" nft -f - <<EOF
table ip lab {
    counter ipip {}
    counter pods {}
    chain forward {
        type filter hook forward priority 0; policy accept;
        ip protocol 4 counter name ipip
        ip saddr $POOL counter name pods
    }
}
EOF
}

# --- configuration --------------------------------------------------------------------------------

asn_of() { # scenario node
    if [[ $1 == a ]]; then echo 64512; else printf '646%02d\n' "${2#n}"; fi
}

agent_config() { # scenario node
    local s=$1 n=$2 d=$state/$2
    mkdir -p "$d"
    {
        echo "# podroute lab, scenario ${s^^}, node $n (docs/lab.md)"
        echo "node: { name: $n, ip: ${NODE_IP[$n]} }"
        echo "bgp:"
        if [[ $speaker == exabgp ]]; then
            echo "  speaker: exabgp"
            echo "  exabgp: { workDir: $d/exabgp }"
        fi
        if [[ $s == a ]]; then
            echo "  asn: 64512"
            echo "ipip: { mode: CrossSubnet, dataPlane: auto }"
        else
            echo "  asn: $(asn_of b "$n")"
            echo "  mesh: { enabled: false }"
            echo "  peers: [ { address: ${RACK_GW[${RACK[$n]}]}, asn: 65000, connectRetry: 5 } ]"
            echo "ipip: { mode: Never }"
        fi
        echo "ipam: { pools: [ { cidr: $POOL, blockSize: 26 } ] }"
        echo "datastore: { type: file, file: $state/ipam.json }"
        echo "cni: { confDir: $d/cni, ipamDataDir: $d/host-local }"
    } >"$d/agent.yaml"
}

bird_config() {
    {
        echo "# podroute lab, scenario B: the router of both racks (docs/lab.md)"
        echo "log \"$state/bird.log\" all;"
        echo "router id ${RACK_GW[a]};"
        echo "protocol device { scan time 10; }"
        echo "# BGP routes into the router's kernel: the router forwards the pods' traffic"
        echo "protocol kernel { ipv4 { import none; export all; }; }"
        echo "template bgp node { local as 65000; connect retry time 5; graceful restart on;"
        echo "    ipv4 { import all; export all; }; }"
        local n
        for n in "${NODES[@]}"; do
            echo "protocol bgp $n from node { neighbor ${NODE_IP[$n]} as $(asn_of b "$n"); }"
        done
    } >"$state/bird.conf"
}

# --- start and wait -------------------------------------------------------------------------------

start_bird() {
    bird_config
    ip netns exec "$RT" bird -c "$state/bird.conf" -s "$state/bird.ctl" -P "$state/bird.pid"
}

start_agents() {
    local n
    for n in "${NODES[@]}"; do
        # own session: survives this script (a, b) and no terminal signal reaches it
        setsid ip netns exec "$P$n" "${podroute_cmd[@]}" agent --config "$state/$n/agent.yaml" \
            >"$state/$n/agent.log" 2>&1 </dev/null &
        echo $! >"$state/$n/agent.pid"
    done
}

agent_alive() { kill -0 "$(cat "$state/$1/agent.pid")" 2>/dev/null; }

# wait_until SECONDS WHAT COMMAND...: polls COMMAND every 0.5 s; 1 after SECONDS.
wait_until() {
    local secs=$1 what=$2
    shift 2
    local end=$((SECONDS + secs))
    until "$@"; do
        if ((SECONDS >= end)); then
            log "timed out after ${secs}s waiting for $what"
            return 1
        fi
        sleep 0.5
    done
}

api() { ip netns exec "$P$1" curl -sf --max-time 3 "http://127.0.0.1:7179/api/v1/$2"; }

conflist_written() {
    local n
    for n in "${NODES[@]}"; do
        agent_alive "$n" || die "the agent of $n exited at start (its log: $state/$n/agent.log)"
        [[ -s $state/$n/cni/10-podroute.conflist ]] || return 1
    done
}

# Every node: all its peers Established, and the three other blocks plus its blackhole in the kernel.
converged() {
    local n peers
    for n in "${NODES[@]}"; do
        agent_alive "$n" || return 1
        peers=$(api "$n" status | jq '[.peers[] | select(.state == "Established")] | length') || return 1
        [[ $peers == "$1" ]] || return 1
        (($(ip -n "$P$n" route show proto 77 | wc -l) >= 4)) || return 1
    done
}

# A pod as a container runtime makes it: the conflist's first plugin with the list's name and
# cniVersion, CNI_COMMAND=ADD, run in the node's namespace. Records "pod ip" in $state/pods.
cni_add() { # node pod
    local n=$1 pod=$2 conf=$state/$1/cni/10-podroute.conflist plugin out ip
    ip netns add "$P$pod"
    ip -n "$P$pod" link set lo up
    plugin=$(jq -r '.plugins[0].type' "$conf")
    out=$(jq '.plugins[0] + {name: .name, cniVersion: .cniVersion}' "$conf" |
        ip netns exec "$P$n" env CNI_COMMAND=ADD CNI_CONTAINERID="$P$pod" CNI_NETNS="/run/netns/$P$pod" \
            CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni "/usr/lib/cni/$plugin") ||
        die "CNI ADD of $pod on $n ($plugin) failed: $out"
    ip=$(jq -r '.ips[0].address' <<<"$out")
    echo "$pod ${ip%/*}" >>"$state/pods"
}

# --- the summary ----------------------------------------------------------------------------------

pods=()
declare -A POD_IP=()
load_pods() {
    local pod ip
    pods=()
    while read -r pod ip; do
        pods+=("$pod")
        POD_IP[$pod]=$ip
    done <"$state/pods"
}

# Pings every pod from every pod (one job per source pod); results in $state/ping/FROM.TO.
ping_all() {
    local dir=$state/ping from jobs=()
    rm -rf "$dir"
    mkdir -p "$dir"
    for from in "${pods[@]}"; do
        (
            for to in "${pods[@]}"; do
                [[ $from != "$to" ]] || continue
                if ip netns exec "$P$from" ping -q -n -c2 -i0.2 -W2 "${POD_IP[$to]}" >/dev/null 2>&1; then
                    echo ok >"$dir/$from.$to"
                else
                    echo fail >"$dir/$from.$to"
                fi
            done
        ) &
        jobs+=($!)
    done
    wait "${jobs[@]}"
}

matrix() { # prints the matrix; returns 1 if a pair failed
    local from to row ok=0 total=0
    row=$(printf '%-12s' 'from \ to')
    for to in "${pods[@]}"; do row+=$(printf ' %-6s' "$to"); done
    say "${row% }"
    for from in "${pods[@]}"; do
        row=$(printf '%-12s' "$from")
        for to in "${pods[@]}"; do
            if [[ $from == "$to" ]]; then
                row+='   ·   '
            elif [[ $(cat "$state/ping/$from.$to" 2>/dev/null) == ok ]]; then
                row+='   ✓   '
                ok=$((ok + 1))
                total=$((total + 1))
            else
                row+='   ✗   '
                total=$((total + 1))
            fi
        done
        say "${row%   }"
    done
    say ""
    if ((ok == total)); then
        say "reachability: $ok/$total pod pairs ping (${#pods[@]} pods, every pod from every pod)"
    else
        say "reachability: $ok/$total pod pairs ping; $((total - ok)) FAIL (✗: row cannot ping column)"
        return 1
    fi
}

counter() { ip netns exec "$RT" nft -j list counter ip lab "$1" | jq '[.nftables[].counter.packets // empty][0]'; }

summary() { # scenario; returns 1 when a pod pair cannot ping
    local s=$1 n rc=0
    load_pods
    say ""
    if [[ $s == a ]]; then
        say "=== Scenario A: node mesh (iBGP AS 64512), IP-in-IP CrossSubnet; the router knows no pod routes ==="
    else
        say "=== Scenario B: each node peers with BIRD on the router (eBGP, AS 65000); no encapsulation ==="
    fi
    say ""
    say "-- nodes --"
    printf '%-5s %-10s %-5s %-14s %-6s %-16s %s\n' NODE NAMESPACE RACK "NODE IP" AS BLOCK PODS
    local st block pod podlist
    for n in "${NODES[@]}"; do
        st=$(api "$n" status || echo '{}')
        block=$(jq -r '.block // "?"' <<<"$st")
        podlist=""
        for pod in "${pods[@]}"; do
            [[ $pod != "$n"-* ]] || podlist+="${podlist:+, }$pod ${POD_IP[$pod]}"
        done
        printf '%-5s %-10s %-5s %-14s %-6s %-16s %s\n' "$n" "$P$n" "${RACK[$n]^^}" "${NODE_IP[$n]}" \
            "$(jq -r '.asn // "?"' <<<"$st")" "$block" "$podlist"
    done

    say ""
    say "-- peers and their state (podroute status, on each node) --"
    local cli=()
    for n in "${NODES[@]}"; do
        podroute "$P$n" status >"$state/$n/status.txt" 2>&1 &
        cli+=($!)
    done
    wait "${cli[@]}" || true
    for n in "${NODES[@]}"; do
        say "[$n] \$ podroute status"
        sed 's/^/  /; s/ *$//' "$state/$n/status.txt"
    done

    say ""
    say "-- routes by kind (podroute routes --json) and in the kernel (ip route show proto 77) --"
    say "   direct: plain route over the underlay; ipip: through the tunnel podtun0; blackhole: own block"
    printf '%-5s %-7s %-5s %-5s %-10s %s\n' NODE DIRECT IPIP ECMP BLACKHOLE "IN KERNEL"
    local routes
    for n in "${NODES[@]}"; do
        routes=$(api "$n" routes || echo '[]')
        printf '%-5s %-7s %-5s %-5s %-10s %s\n' "$n" \
            "$(jq '[.[] | select(.kind == "direct")] | length' <<<"$routes")" \
            "$(jq '[.[] | select(.kind == "ipip")] | length' <<<"$routes")" \
            "$(jq '[.[] | select(.kind == "ecmp")] | length' <<<"$routes")" \
            "$(jq '[.[] | select(.kind == "blackhole")] | length' <<<"$routes")" \
            "$(jq -r '"\([.[] | select(.inKernel)] | length)/\(length)"' <<<"$routes")"
    done
    for n in "${NODES[@]}"; do
        say "[$n] \$ ip route show proto 77"
        ip -n "$P$n" route show proto 77 | sed "s/^/  /; s/ *$//"
    done

    say ""
    say "-- the router (lab-rt) --"
    if [[ $s == b ]]; then
        say "\$ birdc show protocols"
        ip netns exec "$RT" birdc -s "$state/bird.ctl" show protocols | sed 's/^/  /; s/ *$//' || true
        say "\$ ip route show $POOL (pod routes BIRD put in the router's kernel)"
        ip -n "$RT" route show root "$POOL" | sed 's/^/  /; s/ *$//'
    else
        say "\$ ip route show $POOL"
        local rt
        rt=$(ip -n "$RT" route show root "$POOL")
        if [[ -z $rt ]]; then say "  (nothing: the router knows no pod routes)"; else say "$rt"; fi
    fi

    say ""
    say "-- reachability: ping from each pod (row) to each pod (column) --"
    ping_all
    matrix || rc=1
    say "the router forwarded $(counter ipip) IP-in-IP packets and $(counter pods) bare pod packets so far"
    if [[ $s == a ]]; then
        say "  (A: pods in other racks are reached through the tunnel, so bare pod packets stay at 0)"
    else
        say "  (B: the router routes the pods' blocks, so there is no IP-in-IP)"
    fi
    return "$rc"
}

where_next() { # scenario kept
    local s=$1 ops example verdict
    ops=$(ops_dir)
    load_pods
    example=$(api n3 status | jq -r '.block // "10.244.0.128/26"' || echo 10.244.0.128/26)
    verdict=$(api n1 "routes/explain?prefix=$example" | jq -r '.verdict // "?"' || echo '?')
    say ""
    say "-- where to look next (scenario ${s^^} keeps running; sudo $ops/lab.sh down removes it) --"
    say "  sudo ip netns exec ${P}n1 $ops/podroute status           # peers, states, prefixes"
    say "  sudo ip netns exec ${P}n1 $ops/podroute routes           # every route, its kind and why"
    say "  sudo ip netns exec ${P}n1 $ops/podroute routes --explain $example   # n3's block (rack B): $verdict"
    say "  sudo ip netns exec ${P}n1 $ops/podroute ipam show"
    if ip netns exec "${P}n1" curl -sf --max-time 3 -o /dev/null localhost:9179/metrics; then
        say "  sudo ip netns exec ${P}n1 curl -s localhost:9179/metrics  # Prometheus (http://${NODE_IP[n1]}:9179/metrics in the lab)"
    else
        say "  metrics: http://${NODE_IP[n1]}:9179/metrics (not answering in this build)"
    fi
    say "  sudo ip netns exec ${P}${pods[0]} ping ${POD_IP[${pods[-1]}]}      # a pod in rack A to a pod in rack B"
    if [[ $s == b ]]; then
        say "  sudo ip netns exec $RT birdc -s $state/bird.ctl show route"
    fi
    say "  logs: $state/n1/agent.log ... $state/n4/agent.log; configs: $state/nX/agent.yaml"
    say "  sudo $ops/lab.sh status   # this summary again"
}

# --- one scenario (a child process, so that set -e holds inside) ----------------------------------

scenario=""
keep=0
on_exit() {
    local rc=$?
    trap - EXIT
    if ((rc != 0)) && [[ ${LAB_KEEP:-0} == 1 ]]; then
        log "failed; LAB_KEEP=1 keeps the lab for debugging (logs in $state; sudo $self down removes it)"
    elif ((rc != 0 || keep == 0)); then
        if ((rc >= 128)); then
            log "interrupted; removing the lab"
        elif ((rc != 0)) && [[ -d $state ]]; then
            local n
            for n in "${NODES[@]}"; do
                [[ -f $state/$n/agent.log ]] || continue
                log "last lines of $n's agent log:"
                tail -n 15 "$state/$n/agent.log" | sed 's/^/    /' >&2
            done
            log "removing the lab (LAB_KEEP=1 keeps a failed lab)"
        fi
        down
        log "scenario ${scenario^^} removed"
    fi
    exit "$rc"
}

run_scenario() { # a|b keep(0|1)
    scenario=$1
    keep=$2
    local started=$SECONDS peers=3 rc=0
    [[ $scenario == a ]] || peers=1
    down
    trap on_exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    mkdir -p "$state"
    echo "$scenario" >"$state/scenario"
    log "scenario ${scenario^^}: namespaces ${P}rt ${P}swa ${P}swb ${P}n1..${P}n4, state in $state"
    topology
    local n
    for n in "${NODES[@]}"; do agent_config "$scenario" "$n"; done
    [[ $scenario == a ]] || start_bird
    start_agents
    wait_until "$timeout_s" "the agents to claim their blocks and write their conflists" conflist_written
    for n in "${NODES[@]}"; do
        cni_add "$n" "$n-p1"
        cni_add "$n" "$n-p2"
    done
    log "4 agents up, 8 pods made ($((SECONDS - started))s); waiting for BGP to converge"
    if wait_until "$timeout_s" "every peer Established and 3 blocks + blackhole in each kernel" \
        converged "$peers"; then
        log "converged after $((SECONDS - started))s"
    else
        rc=1
    fi
    summary "$scenario" || rc=1
    if ((rc == 0 && keep == 1)); then
        where_next "$scenario"
    elif ((keep == 0)); then
        say ""
        say "(scenario ${scenario^^} is removed now; sudo $(ops_dir)/lab.sh $scenario brings it back and leaves it running)"
    fi
    log "scenario ${scenario^^}: $( ((rc == 0)) && echo ok || echo FAILED) in $((SECONDS - started))s"
    return "$rc"
}

both() { # keep-last(0|1)
    local rc=0 r=0
    bash "$self" __run a 0 || r=$?
    ((r < 128)) || exit "$r" # interrupted: the scenario has removed itself
    ((r == 0)) || rc=1
    r=0
    bash "$self" __run b "$1" || r=$?
    ((r < 128)) || exit "$r"
    ((r == 0)) || rc=1
    say ""
    if ((rc == 0)); then say "lab: both scenarios passed"; else say "lab: FAILED (see above)"; fi
    return "$rc"
}

main() {
    local cmd=${1:-all}
    case $cmd in
    -h | --help | help) usage ;;
    esac
    require_root "$@"
    case $cmd in
    __run)
        ensure_podroute
        run_scenario "$2" "$3"
        ;;
    up)
        shift
        main "${1:-all}"
        ;;
    a | b)
        ensure_packages
        ensure_podroute
        bash "$self" __run "$cmd" 1
        ;;
    all)
        ensure_packages
        ensure_podroute
        both 1
        ;;
    check)
        ensure_packages
        ensure_podroute
        both 0
        ;;
    status)
        [[ -f $state/scenario ]] || die "no lab is running (sudo $0 brings one up)"
        ensure_podroute
        local s
        s=$(cat "$state/scenario")
        summary "$s" && where_next "$s"
        ;;
    down)
        down
        log "removed: every ${P}* namespace, their processes, $state"
        ;;
    *) usage ;;
    esac
}

main "$@"
