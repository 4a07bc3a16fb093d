#!/usr/bin/python3
"""Sends scripts/e2e-mailstack's fixed mix of mail to one mail system and writes down what each
category should count, from what was sent and what the SMTP sink recorded (never from the log).

usage: driver.py TOPOLOGY MX CLIENT OFFICE SINK_RECORD EXPECTED_JSON -- SENDMAIL_COMMAND...

TOPOLOGY decides only which filters see the mail: amavis and amavis-xforward scan for viruses
and spam (EICAR is discarded, GTUBE passed as spam), spamc marks GTUBE as spam, milter rejects
EICAR at the end of DATA (clamav-milter), multi and dovecot do neither.
"""
import base64
import json
import smtplib
import subprocess
import sys
import time
from email.message import EmailMessage

CATEGORIES = ["sent", "received", "bounced", "rejected", "virus", "spam", "delivered", "greylisted", "delayed"]
EICAR = r"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X"
LOCAL = "mx.test"
REMOTE = "example.net"


class Driver:
    def __init__(self, topology, mx, client, office, sink_record, sendmail):
        self.topology, self.mx, self.client, self.office = topology, mx, client, office
        self.sink_record, self.sendmail_command = sink_record, sendmail
        self.expected = dict.fromkeys(CATEGORIES, 0)
        self.planned_sent = 0
        self.scenarios = []
        self.serial = 0

    def count(self, **deltas):
        for category, n in deltas.items():
            self.expected[category] += n

    def message(self, sender, recipients, subject, body, attachment=None):
        self.serial += 1
        m = EmailMessage()
        m["From"] = sender
        m["To"] = ", ".join(recipients)
        m["Subject"] = subject
        m["Message-ID"] = "<e2e-%d-%d@%s>" % (self.serial, int(time.time() * 1000), "driver.test")
        m.set_content(body + "\n")
        if attachment is not None:
            m.add_attachment(attachment.encode(), maintype="application", subtype="octet-stream",
                             filename="eicar.com")
        return m

    def smtp(self, sender, recipients, subject, body, port=25, source=None, attachment=None):
        """One SMTP transaction; returns (accepted recipients, refused recipients, data refused)."""
        m = self.message(sender, recipients, subject, body, attachment)
        with smtplib.SMTP(self.mx, port, source_address=(source or self.client, 0), timeout=60) as s:
            s.ehlo("client.example.org")
            code, reply = s.mail(sender)
            if code != 250:
                return [], list(recipients), False
            accepted, refused = [], []
            for r in recipients:
                code, reply = s.rcpt(r)
                (accepted if code == 250 else refused).append((r, code))
            if not accepted:
                s.rset()
                return [], refused, False
            code, reply = s.data(m.as_bytes())
            return accepted, refused, code != 250

    def sendmail(self, sender, recipients, subject, body):
        m = self.message(sender, recipients, subject, body)
        subprocess.run(self.sendmail_command + ["-oi", "-f", sender] + recipients, input=m.as_bytes(),
                       check=True, timeout=60)

    def scenario(self, name, sent_to_sink=0, **deltas):
        self.scenarios.append(name)
        self.planned_sent += sent_to_sink
        self.count(**deltas)

    def run(self):
        out = "someone@client.example.org"
        u = lambda name: "%s@%s" % (name, LOCAL)
        r = lambda name: "%s@%s" % (name, REMOTE)

        self.smtp(out, [u("user1")], "clean inbound", "hello")
        self.scenario("clean inbound", received=1, delivered=1)

        self.smtp(out, [u("user1"), u("user2"), u("user3")], "multi-recipient inbound", "hello all")
        self.scenario("multi-recipient inbound", received=1, delivered=3)

        self.smtp(out, [u("team")], "alias inbound", "hello team")
        self.scenario("alias to two users", received=1, delivered=2)

        self.smtp(out, [u("nosuchuser"), u("user2")], "one unknown recipient", "hello")
        self.scenario("unknown + known recipient", received=1, delivered=1, rejected=1)

        self.smtp(out, [u("nosuchuser")], "unknown only", "hello")
        self.scenario("unknown recipient only", rejected=1)

        self.smtp(out, [r("ok-relay")], "relay attempt", "relay me")
        self.scenario("relay denied", rejected=1)

        self.smtp("spammer@bad.example", [u("user1")], "access map", "hello")
        self.scenario("sender access map REJECT", rejected=1)

        self.smtp(out, [u("user1")], "E2E-HEADER-REJECT", "hello")
        self.scenario("header_checks REJECT", received=1, rejected=1)

        self.smtp(out, [u("user2")], "body discard", "this has E2E-BODY-DISCARD inside")
        self.scenario("body_checks DISCARD", received=1, rejected=1)

        self.smtp(out, [u("user1")], "virus", "see attachment", attachment=EICAR)
        if self.topology in ("amavis", "amavis-xforward"):
            self.scenario("EICAR (amavis discards)", received=1, virus=1)
        elif self.topology == "milter":
            self.scenario("EICAR (clamav-milter rejects)", received=1, virus=1, rejected=1)
        else:
            self.scenario("EICAR (no scanner)", received=1, delivered=1)

        self.smtp(out, [u("user2")], "spam", GTUBE)
        if self.topology in ("amavis", "amavis-xforward", "spamc"):
            self.scenario("GTUBE (passed as spam)", received=1, spam=1, delivered=1)
        else:
            self.scenario("GTUBE (no spam filter)", received=1, delivered=1)

        self.greylisted(out, u("grey"))

        self.sendmail(u("user1"), [r("ok1")], "local sendmail out", "hello world")
        self.scenario("local sendmail to the internet", sent_to_sink=1, received=1, sent=1)

        self.sendmail(u("user2"), [u("user3")], "local sendmail in", "hello neighbour")
        self.scenario("local sendmail to a local user", received=1, delivered=1)

        self.sendmail(u("user3"), [r("bad1")], "local sendmail bounce", "to nobody")
        self.scenario("local sendmail refused remotely (bounce + notice)", received=1, bounced=1, delivered=1)

        accepted, refused, _ = self.smtp(u("user1"), [r("ok2"), r("ok3"), r("bad2")], "submission",
                                         "from the office", port=587, source=self.office)
        self.scenario("submission, 2 accepted + 1 refused remotely (bounce + notice)", sent_to_sink=2,
                      received=1, sent=2, bounced=1, delivered=1)

        if self.topology == "dovecot":
            self.smtp(out, [u("user3")], "dovecot-lda", "through .forward")
            self.scenario("dovecot-lda through .forward", received=1, delivered=1)

    def greylisted(self, sender, recipient):
        accepted, refused, _ = self.smtp(sender, [recipient], "greylisted", "try again")
        if accepted or not refused or refused[0][1] // 100 != 4:
            raise SystemExit("driver: expected a 4xx greylisting deferral, got %r %r" % (accepted, refused))
        self.count(greylisted=1)
        deadline = time.time() + 60
        while time.time() < deadline:
            time.sleep(3)
            accepted, refused, _ = self.smtp(sender, [recipient], "greylisted", "try again")
            if accepted:
                self.scenario("greylisted, retried and passed", received=1, delivered=1, delayed=1)
                return
            self.count(greylisted=1)
        raise SystemExit("driver: the greylisted message was never accepted")

    def sink_recipients(self):
        try:
            with open(self.sink_record) as f:
                return sum(1 for line in f if line.strip())
        except FileNotFoundError:
            return 0

    def settle(self, seconds):
        """Waits until the sink has recorded what was planned; the sink's figure is `sent`."""
        deadline = time.time() + seconds
        while self.sink_recipients() < self.planned_sent and time.time() < deadline:
            time.sleep(0.5)
        self.expected["sent"] = self.sink_recipients()


def main(argv):
    if "--" not in argv or argv.index("--") != 7:
        sys.exit(__doc__.strip().splitlines()[-7])
    topology, mx, client, office, sink_record, expected_json = argv[1:7]
    driver = Driver(topology, mx, client, office, sink_record, argv[8:])
    driver.run()
    driver.settle(60)
    with open(expected_json, "w") as f:
        json.dump({"expected": driver.expected, "scenarios": driver.scenarios,
                   "planned_sent": driver.planned_sent}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv)
