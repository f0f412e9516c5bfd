#!/usr/bin/env python3
"""Where a JFR recording's CPU samples go: per thread, per top frame, per "inclusive" method.

    jfr print --json --events jdk.ExecutionSample,jdk.GarbageCollection --stack-depth 64 rec.jfr > samples.json
    ops/bench/jfr-top.py samples.json [FROM TO]
      FROM/TO: seconds since the first sample, or UTC clock times HH:MM:SS.fff (as in the agent's log)

Prints, for the samples inside the window: counts per thread, the 25 most frequent top frames
(self time), and the 40 podroute/JDK methods most often anywhere on the stack (inclusive time,
each method counted once per sample), and the GC pauses (jdk.GarbageCollection) in the window. Used for the profile notes of docs/performance.md; not a test.
"""
import collections
import datetime
import json
import sys


def when(s):
    return datetime.datetime.fromisoformat(s.rstrip("Z")[:26])


def duration(v):
    """JFR prints durations as ISO-8601 ("PT0.012S") or as nanoseconds."""
    if isinstance(v, (int, float)):
        return v / 1e9
    return float(v[2:-1]) if v.startswith("PT") and v.endswith("S") else 0.0


def frame_name(f):
    m = f["method"]
    return m["type"]["name"].replace("/", ".") + "." + m["name"]


def main():
    everything = json.load(open(sys.argv[1]))["recording"]["events"]
    events = sorted((e for e in everything if e["type"] == "jdk.ExecutionSample"), key=lambda e: e["values"]["startTime"])
    t_first = when(events[0]["values"]["startTime"])

    def bound(arg):
        if ":" not in arg:
            return float(arg)
        clock = datetime.datetime.combine(t_first.date(), datetime.time.fromisoformat(arg))
        return (clock - t_first).total_seconds()

    lo = bound(sys.argv[2]) if len(sys.argv) > 2 else -1
    hi = bound(sys.argv[3]) if len(sys.argv) > 3 else 1e12
    pauses, gcs = 0.0, 0
    for e in everything:
        if e["type"] == "jdk.GarbageCollection":
            t = (when(e["values"]["startTime"]) - t_first).total_seconds()
            if lo <= t <= hi:
                gcs += 1
                pauses += duration(e["values"]["sumOfPauses"])
    threads, top, incl = collections.Counter(), collections.Counter(), collections.Counter()
    n = 0
    for e in events:
        v = e["values"]
        t = (when(v["startTime"]) - t_first).total_seconds()
        if not lo <= t <= hi:
            continue
        n += 1
        thread = v["sampledThread"]["javaName"] or v["sampledThread"]["osName"]
        threads[thread.rstrip("0123456789-")] += 1
        frames = [frame_name(f) for f in (v["stackTrace"] or {}).get("frames", [])]
        if frames:
            top[frames[0]] += 1
        for name in set(frames):
            incl[name] += 1
    print(f"{n} samples in [{lo:.1f}, {hi:.1f}] s after the first sample; {gcs} GCs, {pauses:.2f} s of pauses")
    print("-- by thread")
    for k, c in threads.most_common(15):
        print(f"{c:6d} {100 * c / n:5.1f}%  {k}")
    print("-- top frames (self)")
    for k, c in top.most_common(25):
        print(f"{c:6d} {100 * c / n:5.1f}%  {k}")
    print("-- inclusive (anywhere on the stack)")
    for k, c in incl.most_common(60):
        if k.startswith(("io.podroute", "java.util.HashMap", "java.util.LinkedHash", "java.util.Immutable")):
            print(f"{c:6d} {100 * c / n:5.1f}%  {k}")


if __name__ == "__main__":
    main()
