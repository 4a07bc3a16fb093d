#!/usr/bin/env python3
"""Renders every graph of the e2e devices the way Cacti does and checks the legends
(scripts/cacti-e2e).

usage: e2e_graphs.py WORKDIR HOST_ID...

For each graph Cacti builds the rrdtool command (lib/rrd.php, print_source). It is run
twice: once as Cacti runs it, writing WORKDIR/graphs/ID.png, and once with GPRINT turned
into PRINT so that the legend numbers can be read. Each number is recomputed from
`rrdtool fetch` of the graph's RRD: "Total" is the number of messages in the period, "Avg"
and "Max" are messages per minute (for the gauges of queues and delays: the gauge itself). The window covers the whole test, so its edges hold
no data.
"""
import html
import math
import os
import re
import subprocess
import sys
import time

STEP = 60
TOOLS = os.path.dirname(os.path.abspath(__file__))


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def fetch(path, ds, start, end):
    out = run(["rrdtool", "fetch", path, "AVERAGE", "-r", str(STEP), "-s", str(start), "-e", str(end)]).splitlines()
    names = out[0].split()
    col = names.index(ds)
    values = []
    for line in out[1:]:
        if ":" in line:
            t, rest = line.split(":", 1)
            if start < int(t) <= end:
                v = float(rest.split()[col])
                if not math.isnan(v):
                    values.append(v)
    return values


def main():
    workdir, hosts = sys.argv[1], sys.argv[2:]
    os.makedirs(os.path.join(workdir, "graphs"), exist_ok=True)
    end = (int(time.time()) // STEP + 1) * STEP
    start = end - 7200
    graphs = run(["mysql", "-N", "-B", "cacti", "-e",
                  "SELECT id FROM graph_local WHERE host_id IN (%s) ORDER BY id" % ",".join(hosts)]).split()
    failures, numbers = [], 0
    for gid in graphs:
        source = run(["php", os.path.join(TOOLS, "e2e_graph_source.php"), gid, str(start), str(end)])
        source = html.unescape(re.sub(r"<[^>]+>", "", source.split("</PRE>")[0]))
        command = source.replace("\\\n", " ").strip()
        if not command.startswith("/usr/bin/rrdtool graph - "):
            failures.append("graph %s: unexpected command %r" % (gid, command[:80]))
            continue
        png = os.path.join(workdir, "graphs", "%s.png" % gid)
        body = command[len("/usr/bin/rrdtool graph - "):]
        subprocess.run("rrdtool graph '%s' %s >/dev/null" % (png, body), shell=True, check=True)
        with open(png, "rb") as f:
            if f.read(8) != b"\x89PNG\r\n\x1a\n":
                failures.append("graph %s: no PNG" % gid)
        defs = {n: (p, d) for n, p, d in re.findall(r"\bDEF:(\w+)='([^']+)':'(\w+)':AVERAGE", body)}
        cdefs = dict(re.findall(r"CDEF:(\w+)='(\w+),60,\*'", body))
        vdefs = dict(re.findall(r"VDEF:(\w+)='(\w+),TOTAL'", body))
        gprints = re.findall(r"GPRINT:(\w+):(?:(AVERAGE|MAX|MIN|LAST):)?'([A-Za-z]+)\\:", body)
        printed = subprocess.run("rrdtool graph /dev/null %s" % re.sub(r"\bGPRINT:", "PRINT:", body),
                                 shell=True, check=True, capture_output=True, text=True).stdout.split("\n")[1:]
        printed = [p for p in printed if p.strip()]
        if len(printed) != len(gprints) or not gprints:
            failures.append("graph %s: %d legend numbers for %d GPRINTs" % (gid, len(printed), len(gprints)))
            continue
        for (var, cf, label), text in zip(gprints, printed):
            value = float(text.split(":", 1)[1].replace("\\n", ""))
            if label == "Total":
                path, ds = defs[vdefs[var]]
                want = sum(v * STEP for v in fetch(path, ds, start, end))
                ok = abs(value - want) <= 0.5 + 1e-6  # printed with %10.0lf
            elif label in ("Avg", "Max") and (var in cdefs or var in defs):
                # a counter's legend is per minute (its CDEF); a gauge's (queues, delays) is the value
                path, ds = defs[cdefs[var]] if var in cdefs else defs[var]
                values = [v * 60 if var in cdefs else v for v in fetch(path, ds, start, end)]
                want = (sum(values) / len(values)) if label == "Avg" else max(values)
                ok = cf == {"Avg": "AVERAGE", "Max": "MAX"}[label] and abs(value - want) <= 0.005 + 1e-6 * want
            else:
                failures.append("graph %s: legend %s on %s is not a known kind" % (gid, label, var))
                continue
            numbers += 1
            if not ok or want <= 0:
                failures.append("graph %s %s %s: legend shows %s, the RRD makes %.2f" % (gid, ds, label, text, want))
    print("GRAPHS rendered=%d legend_numbers_checked=%d failures=%d" % (len(graphs), numbers, len(failures)))
    for f in failures[:20]:
        print("FAIL " + f)
    sys.exit(1 if failures or not graphs else 0)


if __name__ == "__main__":
    main()
