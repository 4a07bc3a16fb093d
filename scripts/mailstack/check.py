#!/usr/bin/python3
"""The live checks of scripts/e2e-mailstack, run inside the mail system's namespaces once its
queue has drained: every mailstat layout is read through snmpget and its stat file until it shows
the expected counts or 10 s have passed; then `parse` and `--compat=mailgraph` (against Debian's
mailgraph on the same log) run on the finished logs.

usage: check.py ROOT JAR MAILGRAPH_COUNTING_COPY VARIANT
Writes ROOT/result.json.
"""
import glob
import json
import os
import re
import subprocess
import sys
import time

CATEGORIES = ["sent", "received", "bounced", "rejected", "virus", "spam", "delivered", "greylisted", "delayed"]
MAILGRAPH_CATEGORIES = ["sent", "received", "bounced", "rejected", "virus", "spam", "greylisted", "delayed"]
EXT_OUTPUT = ".1.3.6.1.4.1.2021.8.1.101.1"
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


def live(name, read, expected, started):
    """Polls read() until it equals expected or WAIT_SECONDS pass; returns the layout's record."""
    deadline = started + WAIT_SECONDS
    while True:
        counted = pick(read(), CATEGORIES)
        now = time.time()
        if counted == expected or now >= deadline:
            return {"layout": name, "expected": expected, "counted": counted,
                    "seconds": round(now - started, 1), "exact": counted == expected}
        time.sleep(0.25)


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
    if variant == "veth":
        layouts.append(("run --ignore-localhost on the classic log: stat file",
                        lambda: stat_file(st + "ignore/mailstat")))
    results = [live(name, read, expected, started) for name, read in layouts]
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
