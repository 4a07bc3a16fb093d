#!/usr/bin/env python3
"""Feeds stat files, runs Cacti's poller and checks what Cacti stored (scripts/cacti-e2e).

usage: e2e_poll.py WORKDIR DEVICE_MAP POLLS

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
"""
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
        write_atomic(os.path.join(self.workdir, "agent", "mailstat"), stat_line(self.agent_totals()))

    def snapshot(self):
        self.history.append({"ucd": dict(self.ucd), "agent": self.agent_totals(),
                             "hosts": {h: dict(v) for h, v in self.hosts.items()}})

    def grow(self, k):
        for c in self.ucd:
            self.ucd[c] += BASE[c] * (k % 3 + 1)
        for j, h in enumerate(HOSTS):
            for c in CATEGORIES:
                self.hosts[h][c] += BASE[c] * (j + 1) * ((k + j) % 4 + 1)
        for c in self.agent_extra:
            self.agent_extra[c] += BASE[c] * (k % 2 + 1)

    def reset(self):
        """The stat file starts again from small numbers (deleted, or a new install)."""
        for c in self.ucd:
            self.ucd[c] = BASE[c]
        for h in HOSTS:
            for c in CATEGORIES:
                self.hosts[h][c] = BASE[c]
        for c in self.agent_extra:
            self.agent_extra[c] = BASE[c]


def data_sources(device_map):
    """(host_id, source, rrd path, snmp_index) of every data source of the e2e devices."""
    rows = []
    for host_id, source in device_map:
        for local_data_id, path, snmp_index in sql(
                "SELECT dl.id, dtd.data_source_path, dl.snmp_index FROM data_local dl "
                "JOIN data_template_data dtd ON dtd.local_data_id = dl.id WHERE dl.host_id = %d" % host_id):
            rows.append((host_id, source, path.replace("<path_rra>", "/var/lib/cacti/rra"), snmp_index))
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


def expected_value(entry, source, snmp_index, ds):
    if source == "ucd":
        return entry["ucd"][ds]
    if snmp_index:
        return entry["hosts"][HOSTS[int(snmp_index) - 1]][ds]
    return entry["agent"][ds]


def main():
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
        for host_id, source, path, snmp_index in sources:
            if not os.path.exists(path):
                failures.append("poll %d: %s was not created" % (i, path))
                continue
            t, raw = lastupdate(path)
            updates.setdefault(path, []).append((t, raw))
            for ds, value in raw.items():
                want = expected_value(feed.history[i], source, snmp_index, ds)
                if value != str(want):
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
    for host_id, source, path, snmp_index in sources:
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
    print("RESULT rrd_steps_matched=%d reset_steps_without_spike=%d data_sources=%d failures=%d"
          % (checked, spikes_avoided, len(sources), len(failures)))
    for f in failures[:40]:
        print("FAIL " + f)
    sys.exit(1 if failures or checked == 0 or spikes_avoided == 0 else 0)


if __name__ == "__main__":
    main()
