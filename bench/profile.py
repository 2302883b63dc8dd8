#!/usr/bin/env python3
"""Where Typst's time goes: sums up a trace that `notes` wrote with
NOTES_TYPST_TRACE=<file> (Typst's own timing scopes, Chrome's format).

    NOTES_TYPST_TRACE=/tmp/trace.json notes render --pdf
    python3 bench/profile.py /tmp/trace.json

Each `compile` (one per piece of a big book) is cut into its phases: the
evaluation of the template (`eval`, the JSON tree turned into content by the
template's functions), each layout iteration until introspection converges
(`iter (1)`, `iter (2)`, ...), the check that it converged, and the PDF
export (`pdf`). For each phase: its wall time, and the busiest scopes by
self time on all threads (Typst lays out runs of pages on several). Times
include the tracing's own overhead (about a factor two on small scopes):
read the shares, and take wall times from `notes render --timings`.
"""

import json
import sys
from collections import defaultdict


def intervals(events):
    """(name, tid, start, end, self time, file) for every scope."""
    stacks = defaultdict(list)
    out = []
    for e in sorted(events, key=lambda e: (e["tid"], e["ts"])):
        stack = stacks[e["tid"]]
        if e["ph"] == "B":
            stack.append([e["name"], e["ts"], 0.0, (e.get("args") or {}).get("file", "")])
        elif stack:
            name, start, children, file = stack.pop()
            took = e["ts"] - start
            if stack:
                stack[-1][2] += took
            out.append((name, e["tid"], start, e["ts"], took - children, file))
    return out


def phases(scopes):
    """The phases of every compile and export, in order: (label, start, end)."""
    tops = []
    for name, tid, start, end, _, _ in scopes:
        if name in ("eval", "check stabilized", "pdf") or name.startswith("iter ("):
            tops.append((name, start, end))
    tops.sort(key=lambda t: t[1])
    # Only the outermost `eval` of a compile (imports evaluate inside it).
    kept = []
    for t in tops:
        if kept and t[0] == "eval" and kept[-1][0] == "eval" and t[2] <= kept[-1][2]:
            continue
        kept.append(t)
    return kept


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    events = json.load(open(sys.argv[1]))
    scopes = intervals(events)
    ph = phases(scopes)
    if not ph:
        sys.exit("no compile in this trace")
    by_phase = defaultdict(lambda: defaultdict(float))
    wall = defaultdict(float)
    count = defaultdict(int)
    iterations = sum(1 for p in ph if p[0] == "iter (1)")
    for label, start, end in ph:
        wall[label] += end - start
        count[label] += 1
    starts = [p[1] for p in ph]
    import bisect
    for name, tid, start, end, own, file in scopes:
        i = bisect.bisect_right(starts, start) - 1
        if i < 0 or start > ph[i][2]:
            continue
        key = name if not file or name != "func call" else f"func call ({file.split('/')[-1]})"
        by_phase[ph[i][0]][key] += own
    total = sum(wall.values())
    print(f"{iterations} compile(s); phases by wall time (traced):")
    order = sorted(wall, key=lambda k: (k != "eval", not k.startswith("iter"), k))
    for label in order:
        print(f"  {label:18} {wall[label] / 1e3:9.1f} ms  {100 * wall[label] / total:5.1f}%  (x{count[label]})")
        busiest = sorted(by_phase[label].items(), key=lambda kv: -kv[1])[:8]
        cpu = sum(by_phase[label].values())
        print("      busiest by self time (all threads, CPU " + f"{cpu / 1e3:.1f} ms): " + ", ".join(f"{n} {100 * t / cpu:.0f}%" for n, t in busiest if cpu))


if __name__ == "__main__":
    main()
