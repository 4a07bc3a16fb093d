#!/usr/bin/python3
"""Prints scripts/e2e-mailstack's table, topology x layout x category, "expected/counted" where
they differ and the count alone where they agree, then the detail labels and queue gauges of each
layout the same way (KEY=N, KEY=expected/counted); exits 1 if any layout differs or is missing.

usage: table.py WORK_DIR
"""
import glob
import json
import os
import sys

SHORT = {"sent": "sent", "received": "recv", "bounced": "bounce", "rejected": "reject", "virus": "virus",
         "spam": "spam", "delivered": "deliv", "greylisted": "grey", "delayed": "delay"}


def cell(expected, counted):
    if expected is None:
        return "-"
    return str(expected) if expected == counted else "%s/%s" % (expected, "?" if counted is None else counted)


def pairs(expected, counted):
    """KEY=N for what agrees, KEY=expected/counted for what differs, including keys only counted."""
    keys = list(expected) + sorted(k for k in counted if k not in expected)
    return " ".join("%s=%s" % (k, cell(expected.get(k, 0), counted.get(k))) for k in keys)


def main(work):
    systems = sorted(d for d in glob.glob(os.path.join(work, "*-*")) if os.path.isdir(d))
    ok = True
    others = []
    header = "%-24s %-66s %s" % ("system", "layout", " ".join("%8s" % s for s in SHORT.values()))
    print(header)
    print("-" * len(header))
    for d in systems:
        name = os.path.basename(d)
        try:
            with open(os.path.join(d, "result.json")) as f:
                result = json.load(f)
        except FileNotFoundError:
            print("%-24s %s" % (name, "NO RESULT (did not start or the driver failed; see system.out)"))
            ok = False
            continue
        for r in result["results"]:
            if r.get("kind", "counters") != "counters":
                others.append((name, r))
                continue
            cells = " ".join("%8s" % cell(r["expected"].get(c), r["counted"].get(c)) if c in r["expected"]
                             else "%8s" % "-" for c in SHORT)
            mark = "ok " if r["exact"] else "XX "
            ok = ok and r["exact"]
            print("%-24s %s%-63s %s" % (name, mark, r["layout"][:63], cells))
    print("cells: the count where expected and counted agree, expected/counted where they differ")
    if others:
        print()
        print("%-24s %-66s %s" % ("system", "details and queue gauges", "labels"))
        for name, r in others:
            ok = ok and r["exact"]
            print("%-24s %s%-63s %s" % (name, "ok " if r["exact"] else "XX ", r["layout"][:63],
                                        pairs(r["expected"], r["counted"]) or "(none expected, none counted)"))
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: table.py WORK_DIR")
    sys.exit(main(sys.argv[1]))
