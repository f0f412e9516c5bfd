#!/usr/bin/env python3
"""Captures golden netlink bytes from iproute2 for the ipip module's KernelTunnelCodecTest.

Run as root from the module directory:  sudo python3 tools/capture-golden.py
It creates a throwaway netns "podroute-golden-ipip" with veth a0 (ifindex 3 inside the fresh
netns: lo is 1, the peer b0 is made first) and 192.168.1.10/24, runs each `ip` command under
`strace -e trace=sendmsg -e write=all`, and writes src/test/resources/golden/ipip-requests.txt
(name, command, request bytes with nlmsg_seq zeroed). The kernels here have no ipip module: the
RTM_NEWLINK requests are refused with EOPNOTSUPP, but strace still shows what iproute2 sent, and
the refusal ("Unknown device type") is recorded too.
"""
import os
import subprocess
import sys

NS = "podroute-golden-ipip"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "test", "resources", "golden")

# (name, nlmsg_type as strace prints it in hex, ip arguments)
REQUESTS = [
    ("link_add_ipip", "0x10", "link add tunl0 type ipip mode ipip remote any ttl inherit pmtudisc"),
    ("link_add_ipip_local", "0x10",
     "link add tunl0 type ipip mode ipip local 192.168.1.10 remote any ttl inherit pmtudisc"),
    ("route_replace_onlink_mtu", "0x18",
     "route replace 10.244.2.0/24 via 192.168.2.10 dev a0 onlink proto 77 mtu 1480"),
    ("route_get_fibmatch_node", "0x1a", "route get fibmatch 192.168.2.10"),
]


def sh(*cmd):
    subprocess.run(cmd, check=True)


def hex_blocks(strace_text, want_type):
    lines = strace_text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.startswith("sendmsg(") or ("nlmsg_type=" + want_type) not in line:
            continue
        data = []
        while i < len(lines) and not lines[i].startswith(" * "):
            i += 1
        i += 1
        while i < len(lines) and lines[i].startswith(" | "):
            data.extend(lines[i][10:59].split())
            i += 1
        yield "".join(data)


def strace(args):
    cmd = ["ip", "netns", "exec", NS, "strace", "-e", "trace=sendmsg", "-e", "write=all",
           "-s", "65536", "-X", "raw", "ip"] + args.split()
    return subprocess.run(cmd, capture_output=True, text=True).stderr


def zero_seq(h):
    return h[:16] + "00000000" + h[24:]


def main():
    subprocess.run(["ip", "netns", "del", NS], capture_output=True)
    sh("ip", "netns", "add", NS)
    try:
        sh("ip", "-n", NS, "link", "add", "a0", "type", "veth", "peer", "name", "b0")
        sh("ip", "-n", NS, "link", "set", "a0", "up")
        sh("ip", "-n", NS, "link", "set", "b0", "up")
        sh("ip", "-n", NS, "addr", "add", "192.168.1.10/24", "dev", "a0")
        sh("ip", "-n", NS, "route", "add", "192.168.2.0/24", "via", "192.168.1.1", "dev", "a0", "onlink")
        os.makedirs(OUT, exist_ok=True)
        with open(os.path.join(OUT, "ipip-requests.txt"), "w") as f:
            f.write("# name | ip command | request bytes (nlmsg_seq zeroed); made by tools/capture-golden.py\n")
            for name, mtype, args in REQUESTS:
                blocks = list(hex_blocks(strace(args), mtype))
                if len(blocks) != 1:
                    sys.exit(f"{name}: expected one sendmsg of type {mtype}, got {len(blocks)}")
                f.write(f"{name} | ip {args} | {zero_seq(blocks[0])}\n")
    finally:
        subprocess.run(["ip", "netns", "del", NS], capture_output=True)


if __name__ == "__main__":
    main()
