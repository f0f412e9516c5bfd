#!/usr/bin/python3
"""Record ExaBGP's JSON API output against BIRD 2, for the ExaBGP backend's unit tests.

Runs ExaBGP (Debian package exabgp, 4.2) exactly as podroute's ExaBgpSpeaker does: as a child process
whose API process is a relay joining ExaBGP's API pipes to ExaBGP's own stdin/stdout (see
docs/exabgp.md). BIRD 2 sits in another network namespace (prefix ``prrec-``) with an IPv4 and an IPv6
session and static routes carrying many attributes. The scenario:

  1. sessions come up (state connected / up, OPEN), BIRD's routes arrive with End-of-RIB;
  2. we announce a route of our own through ExaBGP's API (acks: "done");
  3. a bad API command (ack: "error");
  4. BIRD withdraws its routes (static protocol disabled);
  5. BIRD shuts the IPv4 session down (NOTIFICATION Cease 6/2, state down).

Every line ExaBGP writes on its stdout is saved, in order, to
bgp-speaker/src/test/resources/exabgp/bird2-session.jsonl (its stderr to a .log next to it for reading).
Python 3 standard library only; must run as root (network namespaces).

    python3 bgp-speaker/tools/record-exabgp-json.py [--out FILE]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "bgp-speaker" / "src" / "test" / "resources" / "exabgp" / "bird2-session.jsonl"
PREFIX = "prrec-%d" % (os.getpid() % 10000)
BIRD_NS = PREFIX + "-b"
EXA_NS = PREFIX + "-e"
BIRD_AS = 4200000001
EXA_AS = 4200000002

# The relay ExaBGP runs as its API process: JSON from ExaBGP (the relay's stdin) goes to ExaBGP's fd 3,
# which is our stdout pipe; commands from ExaBGP's stdin (our pipe) go to the relay's stdout (ExaBGP's
# API). ExaBGP's own log goes to its stdout, which the launcher points at our stderr pipe.
RELAY = """#!/bin/sh
exec 4<&0
cat <&4 >/proc/$PPID/fd/3 &
exec cat </proc/$PPID/fd/0
"""
LAUNCH = 'exec "$0" "$@" 3>&1 1>&2'


BIRD_CONF = """log "{dir}/bird.log" all;
router id 10.255.99.1;
protocol device {{ }}
protocol static pods4 {{
  ipv4;
  route 10.244.2.0/26 blackhole {{
    bgp_med = 50;
    bgp_community.add((65000, 100));
    bgp_community.add((65000, 200));
    bgp_large_community.add((4200000001, 1, 2));
    bgp_path.prepend(65010);
    bgp_path.prepend(65011);
  }};
  route 10.244.3.0/26 blackhole {{ bgp_origin = ORIGIN_INCOMPLETE; }};
  route 10.244.4.0/26 blackhole;
}}
protocol static pods6 {{
  ipv6;
  route fd00:244:2::/64 blackhole {{ bgp_community.add((65000, 600)); bgp_med = 7; bgp_local_pref = 250; }};
  route fd00:244:3::/64 blackhole;
}}
protocol bgp tor4 {{
  local 10.255.99.1 as {bird_as};
  neighbor 10.255.99.2 as {exa_as};
  connect delay time 1;
  error wait time 1, 2;
  graceful restart on;
  ipv4 {{ import all; export where proto = "pods4"; }};
}}
protocol bgp tor6 {{
  local fd00:255:99::1 as {exa_as};
  neighbor fd00:255:99::2 as {exa_as};
  direct;
  connect delay time 1;
  error wait time 1, 2;
  graceful restart on;
  ipv6 {{ import all; export where proto = "pods6"; }};
}}
"""

EXA_CONF = """process podroute {{
  run {relay};
  encoder json;
}}
template {{
  neighbor podroute-peers {{
    router-id 10.255.99.2;
    local-as {exa_as};
    hold-time 30;
    group-updates false;
    capability {{
      asn4 enable;
      route-refresh;
      graceful-restart 120;
    }}
    api {{
      processes [ podroute ];
      neighbor-changes;
      receive {{
        parsed;
        update;
        open;
        notification;
        refresh;
      }}
    }}
  }}
}}
neighbor 10.255.99.1 {{
  inherit podroute-peers;
  local-address 10.255.99.2;
  peer-as {bird_as};
  outgoing-ttl 1;
  family {{
    ipv4 unicast;
  }}
}}
neighbor fd00:255:99::1 {{
  inherit podroute-peers;
  local-address fd00:255:99::2;
  peer-as {exa_as};
  family {{
    ipv6 unicast;
  }}
}}
"""


def sh(*cmd):
    subprocess.run(cmd, check=True)


def lab_up():
    sh("ip", "netns", "add", BIRD_NS)
    sh("ip", "netns", "add", EXA_NS)
    for ns in (BIRD_NS, EXA_NS):
        sh("ip", "-n", ns, "link", "set", "lo", "up")
        sh("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0")
        sh("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0")
    sh("ip", "-n", BIRD_NS, "link", "add", "v0", "type", "veth", "peer", "name", "v1", "netns", EXA_NS)
    sh("ip", "-n", BIRD_NS, "addr", "add", "10.255.99.1/30", "dev", "v0")
    sh("ip", "-n", BIRD_NS, "addr", "add", "fd00:255:99::1/64", "dev", "v0", "nodad")
    sh("ip", "-n", EXA_NS, "addr", "add", "10.255.99.2/30", "dev", "v1")
    sh("ip", "-n", EXA_NS, "addr", "add", "fd00:255:99::2/64", "dev", "v1", "nodad")
    sh("ip", "-n", BIRD_NS, "link", "set", "v0", "up")
    sh("ip", "-n", EXA_NS, "link", "set", "v1", "up")


def lab_down(procs):
    for p in procs:
        if p.poll() is None:
            p.kill()
            p.wait()
    for ns in (BIRD_NS, EXA_NS):
        pids = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True).stdout.split()
        for pid in pids:
            subprocess.run(["kill", "-9", pid])
        subprocess.run(["ip", "netns", "delete", ns], stderr=subprocess.DEVNULL)


class Recorder:
    """Reads ExaBGP's stdout line by line into a list; waits for lines matching a condition."""

    def __init__(self, stream):
        self.lines = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for raw in stream:
            with self.cond:
                self.lines.append(raw.decode("utf-8").rstrip("\n"))
                self.cond.notify_all()

    def wait_for(self, *needles, timeout=30.0):
        deadline = time.time() + timeout
        with self.cond:
            while True:
                if all(any(n in line for line in self.lines) for n in needles):
                    return
                left = deadline - time.time()
                if left <= 0:
                    raise RuntimeError("timed out waiting for %s; have:\n%s" % (needles, "\n".join(self.lines)))
                self.cond.wait(left)


def birdc(d, command):
    return subprocess.run(
        ["/usr/sbin/birdc", "-s", d + "/bird.ctl", command], capture_output=True, text=True
    ).stdout


def scenario(d, procs):
    Path(d, "bird.conf").write_text(BIRD_CONF.format(dir=d, bird_as=BIRD_AS, exa_as=EXA_AS))
    relay = Path(d, "relay.sh")
    relay.write_text(RELAY)
    relay.chmod(0o755)
    Path(d, "exabgp.conf").write_text(EXA_CONF.format(relay=relay, bird_as=BIRD_AS, exa_as=EXA_AS))
    procs.append(subprocess.Popen(
        ["ip", "netns", "exec", BIRD_NS, "/usr/sbin/bird", "-f", "-c", d + "/bird.conf",
         "-s", d + "/bird.ctl", "-P", d + "/bird.pid"]))
    env = dict(os.environ)
    env.update({
        "exabgp_daemon_daemonize": "false",
        "exabgp_daemon_user": "root",
        "exabgp_daemon_drop": "false",
        "exabgp_log_level": "INFO",
        "exabgp_api_cli": "false",
        "exabgp_api_ack": "true",
    })
    err = open(Path(d, "exabgp.stderr"), "wb")
    exa = subprocess.Popen(
        ["ip", "netns", "exec", EXA_NS, "/bin/sh", "-c", LAUNCH, "/usr/sbin/exabgp", d + "/exabgp.conf"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env=env)
    procs.append(exa)
    rec = Recorder(exa.stdout)

    def command(text):
        exa.stdin.write((text + "\n").encode("utf-8"))
        exa.stdin.flush()

    rec.wait_for('"state": "up"', '"10.244.2.0/26"', '"fd00:244:2::/64"', '"eor"')
    time.sleep(1)
    command("neighbor 10.255.99.1 announce route 10.244.1.0/26 next-hop self origin igp "
            "community [65001:1] large-community [4200000002:3:4]")
    command("neighbor fd00:255:99::1 announce route fd00:244:1::/64 next-hop self origin igp")
    command("announce nonsense")
    rec.wait_for("error")
    deadline = time.time() + 20
    while "10.244.1.0/26" not in birdc(d, "show route") and time.time() < deadline:
        time.sleep(0.2)
    command("neighbor 10.255.99.1 withdraw route 10.244.1.0/26 next-hop self")
    birdc(d, "disable pods4")
    birdc(d, "disable pods6")
    rec.wait_for('"withdraw"')
    time.sleep(1)
    birdc(d, "disable tor4")
    rec.wait_for('"notification"', '"state": "down"')
    time.sleep(1)
    exa.terminate()
    exa.wait(10)
    time.sleep(0.3)
    err.close()
    return rec.lines


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("must run as root (network namespaces)")
    version = subprocess.run(["/usr/sbin/exabgp", "--version"], capture_output=True, text=True).stdout
    procs = []
    d = tempfile.mkdtemp(prefix="prrec-")
    try:
        lab_up()
        lines = scenario(d, procs)
    finally:
        lab_down(procs)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    Path(str(out) + ".log").write_text(Path(d, "exabgp.stderr").read_text(encoding="utf-8"), encoding="utf-8")
    print("%d lines from %s-> %s" % (len(lines), version.splitlines()[0] if version else "exabgp ", out))


if __name__ == "__main__":
    main()
