#!/usr/bin/python3
"""The live checks of scripts/e2e-mailstack, run inside the mail system's namespaces once its
queue has drained: every mailstat layout is read through snmpget and its stat file until it shows
the expected counts or 10 s have passed; so are the detail families the mix causes (the
STATFILE.details side files, /metrics of the all-in-one run, mailstatDetailTable over SNMP) and
the queue gauges (/metrics and mailstatQueueTable against `postqueue -j`); then `parse` and
`--compat=mailgraph` (against Debian's mailgraph on the same log) run on the finished logs.

usage: check.py ROOT JAR MAILGRAPH_COUNTING_COPY VARIANT
Writes ROOT/result.json.
"""
import glob
import json
import math
import os
import re
import subprocess
import sys
import time
import urllib.request

CATEGORIES = ["sent", "received", "bounced", "rejected", "virus", "spam", "delivered", "greylisted", "delayed"]
MAILGRAPH_CATEGORIES = ["sent", "received", "bounced", "rejected", "virus", "spam", "greylisted", "delayed"]
EXT_OUTPUT = ".1.3.6.1.4.1.2021.8.1.101.1"
MAILSTAT_MIB = ".1.3.6.1.4.1.8072.9999.9999.7025"
DETAIL_NAME, DETAIL_COUNT = MAILSTAT_MIB + ".1.4.1.4", MAILSTAT_MIB + ".1.4.1.5"
QUEUE_STATUS = MAILSTAT_MIB + ".1.5.1.0"
QUEUE_MESSAGES, QUEUE_SIZE_KB = MAILSTAT_MIB + ".1.5.4.1.3", MAILSTAT_MIB + ".1.5.4.1.4"
QUEUE_INDEX = {"maildrop": 1, "incoming": 2, "active": 3, "deferred": 4, "hold": 5}
DETAIL_FAMILIES = ["deferral", "tls", "sasl", "postscreen"]
METRIC_FAMILY = {"mailstat_deferrals_total": "deferral", "mailstat_tls_connections_total": "tls",
                 "mailstat_sasl_failures_total": "sasl", "mailstat_postscreen_actions_total": "postscreen"}
METRIC = re.compile(r'^(\w+)(?:\{([^}]*)\})? (\d+)$')
WEB = "http://127.0.0.1:8025/metrics"
FIELD = re.compile(r"(\w+):(\d+)")
WAIT_SECONDS = 10


def fields(text):
    return {k: int(v) for k, v in FIELD.findall(text)}


def stat_file(path):
    try:
        with open(path) as f:
            return fields(f.readline())
    except FileNotFoundError:
        return {}


def snmp(port):
    p = subprocess.run(["snmpget", "-v2c", "-c", "public", "-t", "1", "-r", "1", "-Oqv",
                        "127.0.0.1:%d" % port, EXT_OUTPUT], capture_output=True, text=True, timeout=10)
    return fields(p.stdout) if p.returncode == 0 else {}


def flat_details(families):
    """{family: {label: n}} of the compared families as {"family:label": n}, zeros left out."""
    return {"%s:%s" % (f, label): n for f in DETAIL_FAMILIES for label, n in families.get(f, {}).items() if n}


def side_file(path):
    families = {}
    try:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3 and parts[2].isdigit():
                    families.setdefault(parts[0], {})[parts[1]] = int(parts[2])
    except FileNotFoundError:
        pass
    return flat_details(families)


def metrics():
    """/metrics of the all-in-one run as {name: [(labels, value)]}; {} while it does not answer."""
    try:
        with urllib.request.urlopen(WEB, timeout=5) as r:
            text = r.read().decode()
    except OSError:
        return {}
    out = {}
    for line in text.splitlines():
        m = METRIC.match(line)
        if m:
            labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2) or ""))
            out.setdefault(m.group(1), []).append((labels, int(m.group(3))))
    return out


def metrics_details():
    families, m = {}, metrics()
    for name, family in METRIC_FAMILY.items():
        for labels, n in m.get(name, []):
            if family == "tls":
                d, t = labels.get("direction"), labels.get("trust")
                label = d if d == t else "%s-%s" % (d, t)
            else:
                label = next(iter(labels.values()), "")
            families.setdefault(family, {})[label] = n
    return flat_details(families)


def snmpwalk(port, oid):
    """{index suffix: value} of a column; strings without their quotes."""
    p = subprocess.run(["snmpwalk", "-v2c", "-c", "public", "-t", "1", "-r", "1", "-On", "-Oq",
                        "127.0.0.1:%d" % port, oid], capture_output=True, text=True, timeout=20)
    out = {}
    for line in p.stdout.splitlines() if p.returncode == 0 else []:
        key, _, value = line.partition(" ")
        if key.startswith(oid + "."):
            out[key[len(oid) + 1:]] = value.strip().strip('"')
    return out


def snmp_details(port):
    names, counts = snmpwalk(port, DETAIL_NAME), snmpwalk(port, DETAIL_COUNT)
    families = {}
    for index, name in names.items():
        family, _, label = name.partition(":")
        if counts.get(index, "").isdigit():
            families.setdefault(family, {})[label] = int(counts[index])
    return flat_details(families)


def postqueue():
    """What `postqueue -j` lists now: per queue, messages and the sum of their sizes in bytes."""
    p = subprocess.run(["postqueue", "-j"], capture_output=True, text=True, timeout=30)
    out = {q: {"messages": 0, "bytes": 0} for q in QUEUE_INDEX}
    for line in p.stdout.splitlines():
        entry = json.loads(line)
        out[entry["queue_name"]]["messages"] += 1
        out[entry["queue_name"]]["bytes"] += entry["message_size"]
    return out


def metrics_queues():
    m = metrics()
    up = [v for _, v in m.get("mailstat_queue_up", [])]
    out = {"up": up[0] if up else None}
    for name, key in (("mailstat_queue_messages", "messages"), ("mailstat_queue_size_bytes", "bytes")):
        for labels, v in m.get(name, []):
            out["%s.%s" % (labels.get("queue"), key)] = v
    return out


def snmp_queues(port):
    status = snmpwalk(port, QUEUE_STATUS[:-2]).get("0")
    out = {"status": int(status) if status and status.isdigit() else None}
    for column, key in ((QUEUE_MESSAGES, "messages"), (QUEUE_SIZE_KB, "kb")):
        values = snmpwalk(port, column)
        for q, index in QUEUE_INDEX.items():
            if str(index) in values:
                out["%s.%s" % (q, key)] = int(values[str(index)])
    return out


def mailbox_messages(root):
    """Messages in the test users' mailboxes: mbox files in /var/mail and Dovecot's Maildirs."""
    n = 0
    for mbox in glob.glob("/var/mail/*"):
        with open(mbox, "rb") as f:
            n += sum(1 for line in f if line.startswith(b"From "))
    for sub in ("new", "cur"):
        n += len(glob.glob(os.path.join(root, "home", "*", "Maildir", sub, "*")))
    return n


def pick(counts, categories):
    return {c: counts.get(c) for c in categories}


def live(name, read, expected, started, kind="counters"):
    """Polls read() until it equals expected or WAIT_SECONDS pass; returns the layout's record."""
    deadline = started + WAIT_SECONDS
    while True:
        counted = read()
        now = time.time()
        if counted == expected or now >= deadline:
            return {"layout": name, "kind": kind, "expected": expected, "counted": counted,
                    "seconds": round(now - started, 1), "exact": counted == expected}
        time.sleep(0.25)


def queue_checks(plan, started):
    """The driver's queues against postqueue -j, then mailstat's gauges against postqueue -j."""
    listed = postqueue()
    planned = {q + ".messages": n for q, n in plan["queues"].items()}
    results = [{"layout": "harness: postqueue -j lists what the driver left (checks the plan)", "kind": "queues",
                "expected": planned, "counted": {q + ".messages": v["messages"] for q, v in listed.items()},
                "seconds": None}]
    results[0]["exact"] = results[0]["expected"] == results[0]["counted"]
    by_metrics = {"up": 1}
    by_snmp = {"status": 3}
    for q, v in listed.items():
        by_metrics.update({q + ".messages": v["messages"], q + ".bytes": v["bytes"]})
        by_snmp.update({q + ".messages": v["messages"], q + ".kb": math.ceil(v["bytes"] / 1024)})
    results.append(live("queue gauges: /metrics of the all-in-one run vs postqueue -j", metrics_queues,
                        by_metrics, started, "queues"))
    results.append(live("queue gauges: mailstatQueueTable of mailstat agent vs postqueue -j",
                        lambda: snmp_queues(1161), by_snmp, started, "queues"))
    return results


def main(root, jar, mailgraph, variant):
    with open(root + "/expected.json") as f:
        plan = json.load(f)
    expected = plan["expected"]
    st = root + "/mailstat/"
    logs = root + "/fs/var/log/"
    started = time.time()
    layouts = [
        ("two-instance: mail.log + filter.log, one stat file (snmpget)", lambda: snmp(1161)),
        ("two-instance: stat file", lambda: stat_file(st + "two/mailstat")),
        ("all-in-one run on the RFC 3339 log (snmpget)", lambda: snmp(1162)),
        ("all-in-one run on the RFC 3339 log: stat file", lambda: stat_file(st + "all/mailstat")),
        ("run --listen fed by rsyslog over TCP (snmpget)", lambda: snmp(1163)),
        ("run --listen: stat file", lambda: stat_file(st + "listen/mailstat")),
    ]
    details = [
        ("details: two-instance side file", lambda: side_file(st + "two/mailstat.details")),
        ("details: two-instance, mailstatDetailTable of mailstat agent", lambda: snmp_details(1161)),
        ("details: all-in-one side file", lambda: side_file(st + "all/mailstat.details")),
        ("details: all-in-one /metrics", metrics_details),
        ("details: all-in-one mailstatDetailTable", lambda: snmp_details(1162)),
        ("details: run --listen side file", lambda: side_file(st + "listen/mailstat.details")),
    ]
    if variant == "veth":
        layouts.append(("run --ignore-localhost on the classic log: stat file",
                        lambda: stat_file(st + "ignore/mailstat")))
        details.append(("details: run --ignore-localhost side file", lambda: side_file(st + "ignore/mailstat.details")))
    results = [live(name, lambda read=read: pick(read(), CATEGORIES), expected, started) for name, read in layouts]
    expected_details = flat_details(plan["details"])
    results += [live(name, read, expected_details, started, "details") for name, read in details]
    results += queue_checks(plan, started)
    found = mailbox_messages(root)
    results.insert(0, {"layout": "harness: messages in the mailboxes (checks the plan)",
                       "expected": {"delivered": expected["delivered"]}, "counted": {"delivered": found},
                       "seconds": None, "exact": found == expected["delivered"]})

    java = ["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar, "parse", "--format=mailstat"]
    parsed = fields(subprocess.run(java + [logs + "all.log"], capture_output=True, text=True, timeout=120).stdout)
    results.append({"layout": "parse of the classic all-in-one log", "expected": expected,
                    "counted": pick(parsed, CATEGORIES), "seconds": None,
                    "exact": pick(parsed, CATEGORIES) == expected})

    compat = fields(subprocess.run(java + ["--compat=mailgraph", logs + "all.log"], capture_output=True,
                                   text=True, timeout=120).stdout)
    mg = subprocess.run(["perl", mailgraph, "--cat", "-l", logs + "all.log"], capture_output=True, text=True,
                        timeout=120)
    mailgraph_counts = fields(mg.stdout) if mg.returncode == 0 else {}
    results.append({"layout": "parse --compat=mailgraph vs Debian's mailgraph (its figures expected)",
                    "expected": pick(mailgraph_counts, MAILGRAPH_CATEGORIES),
                    "counted": pick(compat, MAILGRAPH_CATEGORIES), "seconds": None,
                    "exact": bool(mailgraph_counts) and pick(compat, MAILGRAPH_CATEGORIES)
                    == pick(mailgraph_counts, MAILGRAPH_CATEGORIES)})
    with open(root + "/result.json", "w") as f:
        json.dump({"plan": plan, "results": results}, f, indent=1)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: check.py ROOT JAR MAILGRAPH_COUNTING_COPY VARIANT")
    main(*sys.argv[1:])
