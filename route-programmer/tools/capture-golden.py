#!/usr/bin/env python3
"""Captures golden netlink bytes from iproute2 for RouteCodecTest / NexthopCodecTest.

Run as root from the module directory:  sudo python3 tools/capture-golden.py
It creates a throwaway netns "podroute-golden" with veth a0 (ifindex 3 inside the fresh netns:
lo is 1, the peer b0 is made first), 10.0.0.1/24 and fd00::1/64, runs each `ip` command under
`strace -e trace=sendmsg,recvmsg -e write=all -e read=all`, and writes
src/test/resources/golden/requests.txt (name, command, request bytes with nlmsg_seq zeroed) and
src/test/resources/golden/dump-*.hex (whole kernel reply datagrams of route dumps).
"""
import os
import subprocess
import sys

NS = "podroute-golden"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "test", "resources", "golden")

REQUESTS = [
    ("add_via_metric_dev_mtu", "RTM_NEWROUTE", "route add 10.1.0.0/24 metric 10 via 10.0.0.2 dev a0 proto 77 mtu 1400"),
    ("replace_device_route", "RTM_NEWROUTE", "route replace 10.2.0.0/24 dev a0 proto 77"),
    ("add_blackhole", "RTM_NEWROUTE", "route add blackhole 10.3.0.0/24 proto 77"),
    ("add_unreachable_table_1000", "RTM_NEWROUTE", "route add table 1000 unreachable 10.4.0.0/16 proto 77"),
    ("add_onlink", "RTM_NEWROUTE", "route add 10.6.0.0/24 via 192.168.50.1 dev a0 onlink proto 77"),
    ("add_ecmp", "RTM_NEWROUTE",
     "route add 10.5.0.0/24 proto 77 nexthop via 10.0.0.2 dev a0 weight 1 nexthop via 10.0.0.3 dev a0 weight 3"),
    ("add_ipv6", "RTM_NEWROUTE", "-6 route add fd01::/64 metric 1024 via fd00::2 dev a0 proto 77"),
    ("add_mtu_advmss", "RTM_NEWROUTE", "route add 10.8.0.0/24 via 10.0.0.2 dev a0 proto 77 mtu 1380 advmss 1340"),
    ("delete", "RTM_DELROUTE", "route del 10.1.0.0/24 metric 10 proto 77"),
    ("nexthop_add", "RTM_NEWNEXTHOP", "nexthop add id 7 via 10.0.0.2 dev a0 proto 77"),
    ("nexthop_add_2", "RTM_NEWNEXTHOP", "nexthop add id 8 via 10.0.0.3 dev a0 proto 77"),
    ("nexthop_group", "RTM_NEWNEXTHOP", "nexthop add id 9 group 7/8,3 proto 77"),
    ("nexthop_blackhole", "RTM_NEWNEXTHOP", "nexthop add id 10 blackhole proto 77"),
    ("add_nhid", "RTM_NEWROUTE", "route add 10.7.0.0/24 nhid 9 proto 77"),
    ("nexthop_delete", "RTM_DELNEXTHOP", "nexthop del id 10"),
]
ACKS = [("ack-enetunreach", "route add 10.9.0.0/24 via 192.168.9.1 dev a0"),
        ("ack-eexist", "route add 10.2.0.0/24 dev a0 proto 77")]
DUMPS = [("dump-ipv4", "route show proto 77"), ("dump-ipv6", "-6 route show proto 77")]


def sh(*cmd):
    subprocess.run(cmd, check=True)


def hex_blocks(strace_text, direction, want_type):
    """Yields (decoded-line, hex) for each sendmsg/recvmsg whose decoding mentions want_type."""
    lines = strace_text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.startswith(direction + "(") or want_type not in line:
            continue
        data = []
        while i < len(lines) and not lines[i].startswith(" * "):
            i += 1
        i += 1
        while i < len(lines) and lines[i].startswith(" | "):
            # " | 00000  48 00 00 00 18 00 05 06  3b 5f 01 6b 00 00 00 00  H.......;_.k.... |"
            data.extend(lines[i][10:59].split())
            i += 1
        yield "".join(data)


def strace(args):
    cmd = ["ip", "netns", "exec", NS, "strace", "-e", "trace=sendmsg,recvmsg", "-e", "write=all",
           "-e", "read=all", "-s", "65536", "ip"] + args.split()
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
        sh("ip", "-n", NS, "addr", "add", "10.0.0.1/24", "dev", "a0")
        sh("ip", "-n", NS, "-6", "addr", "add", "fd00::1/64", "dev", "a0", "nodad")
        os.makedirs(OUT, exist_ok=True)
        with open(os.path.join(OUT, "requests.txt"), "w") as f:
            f.write("# name | ip command | request bytes (nlmsg_seq zeroed); made by tools/capture-golden.py\n")
            for name, mtype, args in REQUESTS:
                blocks = list(hex_blocks(strace(args), "sendmsg", "nlmsg_type=" + mtype))
                if len(blocks) != 1:
                    sys.exit(f"{name}: expected one {mtype} sendmsg, got {len(blocks)}")
                f.write(f"{name} | ip {args} | {zero_seq(blocks[0])}\n")
        for name, args in DUMPS:
            blocks = list(hex_blocks(strace(args), "recvmsg", "RTM_NEWROUTE"))
            with open(os.path.join(OUT, name + ".hex"), "w") as f:
                f.write(f"# kernel reply datagrams to `ip {args}` after the commands in requests.txt\n")
                for b in blocks:
                    f.write(b + "\n")
        for name, args in ACKS:
            blocks = list(hex_blocks(strace(args), "recvmsg", "NLMSG_ERROR"))
            with open(os.path.join(OUT, name + ".hex"), "w") as f:
                f.write(f"# kernel NLMSG_ERROR answering `ip {args}` (iproute2 sets NETLINK_EXT_ACK)\n")
                f.write(blocks[-1] + "\n")
    finally:
        subprocess.run(["ip", "netns", "del", NS], capture_output=True)


if __name__ == "__main__":
    main()
