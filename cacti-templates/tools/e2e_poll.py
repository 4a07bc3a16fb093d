#!/usr/bin/env python3
"""Feeds stat files, runs Cacti's poller and checks what Cacti stored (scripts/cacti-e2e).

usage: e2e_poll.py WORKDIR DEVICE_MAP POLLS
       e2e_poll.py --write-queue FILE   (the queue the agent's --queue-command prints)

WORKDIR holds the stat files: ucd/mailstat (served by net-snmp's snmpd through
"exec mailstat /bin/cat") and agent/mailstat plus agent/mailstat.hosts (served by
mailstat agent). DEVICE_MAP lines are "HOST_ID SOURCE" with SOURCE "ucd" or "agent":
which stat file the device's data sources must reflect.

Between polls every counter grows by a known, different amount per interval. One
interval near the end goes backwards (a reset of the stat file) to show that the
data-source types store no spike for it. After each poll, `rrdtool lastupdate` gives
the time and raw value Cacti handed to rrdtool; the raw value must equal what the
stat file held. At the end every step of `rrdtool fetch` that lies between the first
and last poll must equal the rate the fed counts make over that step (computed from
the update times), and a step touched by the reset must be unknown or no higher
than the normal rates: never a spike.

The tables past the nine counters: detail rows (agent/mailstat.details) grow like counters and
never go back (the agent never serves a detail count lower than before); the queue gauges are
the fixed queue of --write-queue (messages and kilobytes exact, the oldest age within 20 s of
the poll's time); the delay gauges come from delay buckets fed in one bucket per stage, so the
maximum is that bucket's bound and median and 95th percentile lie inside it.
"""
import json
import math
import os
import subprocess
import sys
import time

CATEGORIES = ["sent", "received", "bounced", "rejected", "virus", "spam",
              "delivered", "greylisted", "delayed"]
HOSTS = ["mx1.example.org", "mx2.example.org"]
STEP = 60
# Per-category increments per interval (messages): distinct so a swapped OID shows.
BASE = {c: 7 * (i + 1) + i * i for i, c in enumerate(CATEGORIES)}
BASE.update({"lines": 900, "unparsed": 5})
DETAILS = ["reject unknown-recipient", "tls inbound-trusted"]  # rows 1 and 2 of the detail table
DETAIL_BASE = [7, 11]
# Delay buckets fed, per stage index of the delay table: (label, bucket's lower and upper bound in ms).
DELAY_BUCKETS = {1: ("total-bucket-1", 500, 1000), 4: ("connection-bucket-0.1", 50, 100)}
# The queue: messages and sizes per queue index (deferred 4, hold 5), the oldest an hour old.
QUEUE = {4: [1000, 2000, 5000], 5: [500]}
QUEUE_NAMES = {4: "deferred", 5: "hold"}
QUEUE_AGE = 3600
GAUGES = {"messages", "kbytes", "oldest", "median", "p95", "max"}


def write_queue(path):
    arrival = int(time.time()) - QUEUE_AGE
    with open(path, "w") as f:
        for index, sizes in QUEUE.items():
            for n, size in enumerate(sizes):
                f.write(json.dumps({"queue_name": QUEUE_NAMES[index], "queue_id": "4F1A2B3C%02d%d" % (n, index),
                                    "arrival_time": arrival, "message_size": size, "forced_expire": False,
                                    "sender": "a@example.net", "recipients": [{"address": "b@example.org"}]}) + "\n")
    os.chmod(path, 0o644)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def sql(query):
    out = run(["mysql", "-N", "-B", "cacti", "-e", query])
    return [line.split("\t") for line in out.splitlines() if line]


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.rename(tmp, path)


def stat_line(values):
    return " ".join("%s:%d" % (c, values[c]) for c in CATEGORIES + ["lines", "unparsed"]) + "\n"


class Feed:
    """The counts each stat file holds; history[i] = what poll i must have read."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.ucd = {c: 1000 * (i + 1) for i, c in enumerate(BASE)}
        self.hosts = {h: {c: 10 * (i + 1) * (j + 1) for i, c in enumerate(CATEGORIES)}
                      for j, h in enumerate(HOSTS)}
        self.agent_extra = {"lines": 50000, "unparsed": 70}
        self.details = [0 for _ in DETAILS]
        self.delays = {stage: 0 for stage in DELAY_BUCKETS}
        self.history = []

    def agent_totals(self):
        totals = {c: sum(self.hosts[h][c] for h in HOSTS) for c in CATEGORIES}
        totals.update(self.agent_extra)
        return totals

    def write(self):
        write_atomic(os.path.join(self.workdir, "ucd", "mailstat"), stat_line(self.ucd))
        write_atomic(os.path.join(self.workdir, "agent", "mailstat.hosts"),
                     "".join("%s %s\n" % (h, " ".join("%s:%d" % (c, self.hosts[h][c]) for c in CATEGORIES))
                             for h in HOSTS))
        write_atomic(os.path.join(self.workdir, "agent", "mailstat.details"),
                     "".join("%s %d\n" % (d, n) for d, n in zip(DETAILS, self.details))
                     + "".join("delay %s %d\n" % (DELAY_BUCKETS[s][0], n) for s, n in self.delays.items()))
        write_atomic(os.path.join(self.workdir, "agent", "mailstat"), stat_line(self.agent_totals()))

    def snapshot(self):
        self.history.append({"ucd": dict(self.ucd), "agent": self.agent_totals(),
                             "hosts": {h: dict(v) for h, v in self.hosts.items()},
                             "details": list(self.details), "delays_fed": sum(self.delays.values()) > 0})

    def grow(self, k):
        for c in self.ucd:
            self.ucd[c] += BASE[c] * (k % 3 + 1)
        for j, h in enumerate(HOSTS):
            for c in CATEGORIES:
                self.hosts[h][c] += BASE[c] * (j + 1) * ((k + j) % 4 + 1)
        for c in self.agent_extra:
            self.agent_extra[c] += BASE[c] * (k % 2 + 1)
        self.grow_tables(k)

    def grow_tables(self, k):
        """Detail counts and delays only grow: the agent never serves a lower detail count."""
        for i in range(len(self.details)):
            self.details[i] += DETAIL_BASE[i] * ((k + i) % 3 + 1)
        for stage in self.delays:
            self.delays[stage] += 5

    def reset(self):
        """The stat file starts again from small numbers (deleted, or a new install)."""
        for c in self.ucd:
            self.ucd[c] = BASE[c]
        for h in HOSTS:
            for c in CATEGORIES:
                self.hosts[h][c] = BASE[c]
        for c in self.agent_extra:
            self.agent_extra[c] = BASE[c]
        self.grow_tables(0)


def data_sources(device_map):
    """(host_id, source, rrd path, snmp_index, data query name) of every data source of the e2e devices."""
    rows = []
    for host_id, source in device_map:
        for local_data_id, path, snmp_index, query in sql(
                "SELECT dl.id, dtd.data_source_path, dl.snmp_index, COALESCE(sq.name, '') FROM data_local dl "
                "JOIN data_template_data dtd ON dtd.local_data_id = dl.id "
                "LEFT JOIN snmp_query sq ON sq.id = dl.snmp_query_id WHERE dl.host_id = %d" % host_id):
            rows.append((host_id, source, path.replace("<path_rra>", "/var/lib/cacti/rra"), snmp_index, query))
    return rows


def ds_names(path):
    out = run(["rrdtool", "info", path])
    return sorted({line.split("[")[1].split("]")[0] for line in out.splitlines() if line.startswith("ds[")})


def lastupdate(path):
    lines = [l for l in run(["rrdtool", "lastupdate", path]).splitlines() if l.strip()]
    names = lines[0].split()
    t, values = lines[-1].split(":", 1)
    return int(t), dict(zip(names, values.split()))


def poll():
    start = time.time()
    run(["su", "-s", "/bin/sh", "www-data", "-c", "php /usr/share/cacti/site/poller.php --force"])
    return time.time() - start


def expected_value(entry, source, snmp_index, query, ds):
    """The exact raw value, or None for a gauge that check_gauge checks."""
    if source == "ucd":
        return entry["ucd"][ds]
    if query == "mailstat - Details":
        return entry["details"][int(snmp_index) - 1]
    if query == "mailstat - Postfix queues":
        sizes = QUEUE[int(snmp_index)]
        return {"messages": len(sizes), "kbytes": -(-sum(sizes) // 1024), "oldest": None}[ds]
    if query == "mailstat - Delivery delays":
        return None
    if snmp_index:
        return entry["hosts"][HOSTS[int(snmp_index) - 1]][ds]
    return entry["agent"][ds]


def check_gauge(entry, snmp_index, query, ds, value, t):
    """None if the gauge's raw value is right, else why not."""
    v = float(value)
    if query == "mailstat - Postfix queues":  # oldest: an hour and the time since the queue was written
        return None if QUEUE_AGE <= v <= QUEUE_AGE + 3600 else "oldest age %s, expected about %d s" % (value, QUEUE_AGE)
    lower, upper = DELAY_BUCKETS[int(snmp_index)][1:]
    if not entry["delays_fed"]:
        return None if v == 0 else "%s %s before any delivery was fed" % (ds, value)
    if ds == "max":
        return None if v == upper else "max %s, expected the bucket's bound %d" % (value, upper)
    return None if lower <= v <= upper else "%s %s outside the fed bucket (%d, %d]" % (ds, value, lower, upper)


def main():
    if sys.argv[1] == "--write-queue":
        write_queue(sys.argv[2])
        return
    workdir, map_file, polls = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if polls < 6:
        sys.exit("e2e_poll.py: at least 6 polls (two steps before the reset, one after)")
    device_map = []
    with open(map_file) as f:
        for line in f:
            host_id, source = line.split()
            device_map.append((int(host_id), source))
    # The interval after poll polls-4 goes backwards; two normal intervals follow, so that
    # at least one whole step after the reset shows the rates again.
    reset_after = polls - 4
    feed = Feed(workdir)
    feed.write()
    updates = {}  # path -> list of (time, {ds: raw})
    failures = []
    sources = []
    for i in range(polls):
        # Poll 10 s after each step boundary: polls a step apart (Cacti warns when its
        # poller runs late) and away from the boundary.
        now = time.time()
        time.sleep((math.floor(now / STEP) + 1) * STEP + 10 - now)
        feed.snapshot()
        took = poll()
        if not sources:
            sources = data_sources(device_map)
        for host_id, source, path, snmp_index, query in sources:
            if not os.path.exists(path):
                failures.append("poll %d: %s was not created" % (i, path))
                continue
            t, raw = lastupdate(path)
            updates.setdefault(path, []).append((t, raw))
            for ds, value in raw.items():
                want = expected_value(feed.history[i], source, snmp_index, query, ds)
                if want is None:
                    why = check_gauge(feed.history[i], snmp_index, query, ds, value, t)
                    if why:
                        failures.append("poll %d: %s %s: %s" % (i, os.path.basename(path), ds, why))
                elif value != str(want):
                    failures.append("poll %d: %s %s: Cacti stored raw %s, stat file held %d"
                                    % (i, os.path.basename(path), ds, value, want))
        print("poll %d done in %.1f s (%d data sources)" % (i, took, len(sources)), flush=True)
        if i == reset_after:
            feed.reset()
        else:
            feed.grow(i)
        feed.write()

    checked = 0
    spikes_avoided = 0
    gauge_steps = 0
    for host_id, source, path, snmp_index, query in sources:
        points = updates.get(path, [])
        if len(points) != polls or len({t for t, _ in points}) != polls:
            failures.append("%s: %d distinct updates, expected %d" % (path, len({t for t, _ in points}), polls))
            continue
        names = ds_names(path)
        first, last = points[0][0], points[-1][0]
        out = run(["rrdtool", "fetch", path, "AVERAGE", "-r", str(STEP), "-s", str(first - STEP),
                   "-e", str(last + STEP)]).splitlines()
        header = out[0].split()
        for line in out[1:]:
            if ":" not in line:
                continue
            end, values = line.split(":", 1)
            end = int(end)
            begin = end - STEP
            if begin < first or end > last:
                continue
            for ds, text in zip(header, values.split()):
                stored = float(text)
                if ds in GAUGES:
                    constant = {r[ds] for _, r in points}
                    if len(constant) == 1:  # queue messages and size: every step holds the value
                        if math.isnan(stored) or abs(stored - float(constant.pop())) > 1e-6:
                            failures.append("%s %s step ending %d: gauge stored %s, agent served %s"
                                            % (os.path.basename(path), ds, end, text, points[0][1][ds]))
                        else:
                            gauge_steps += 1
                    continue
                rates, broken = [], False
                for (t0, r0), (t1, r1) in zip(points, points[1:]):
                    overlap = min(t1, end) - max(t0, begin)
                    if overlap <= 0:
                        continue
                    v0, v1 = int(r0[ds]), int(r1[ds])
                    if v1 < v0:
                        broken = True
                    rates.append(((v1 - v0) / (t1 - t0), overlap))
                normal = max(r for r, _ in rates if r >= 0) if any(r >= 0 for r, _ in rates) else 0
                label = "%s %s step ending %d" % (os.path.basename(path), ds, end)
                if broken:
                    if not math.isnan(stored) and stored > normal * 1.0001 + 1e-9:
                        failures.append("%s: reset drew a spike: %g/s" % (label, stored))
                    else:
                        spikes_avoided += 1
                    continue
                want = sum(r * o for r, o in rates) / STEP
                if math.isnan(stored) or abs(stored - want) > 1e-6 * max(1.0, abs(want)):
                    failures.append("%s: rrd has %s/s, fed counts make %.6f/s (%.3f/min)"
                                    % (label, text, want, want * 60))
                else:
                    checked += 1
        print("%s [%s, %s%s]: %d steps between %d and %d"
              % (os.path.basename(path), source, ",".join(names),
                 " index " + snmp_index if snmp_index else "", (last - first) // STEP, first, last))
    print("RESULT rrd_steps_matched=%d gauge_steps_matched=%d reset_steps_without_spike=%d data_sources=%d"
          " failures=%d" % (checked, gauge_steps, spikes_avoided, len(sources), len(failures)))
    for f in failures[:40]:
        print("FAIL " + f)
    sys.exit(1 if failures or checked == 0 or spikes_avoided == 0 else 0)


if __name__ == "__main__":
    main()
