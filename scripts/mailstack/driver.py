#!/usr/bin/python3
"""Sends scripts/e2e-mailstack's fixed mix of mail to one mail system and writes down what each
category should count, from what was sent and what the SMTP sink recorded (never from the log).

usage: driver.py TOPOLOGY MX CLIENT OFFICE BOT SINK_RECORD EXPECTED_JSON -- SENDMAIL_COMMAND...

TOPOLOGY decides only which filters see the mail: amavis and amavis-xforward scan for viruses
and spam (EICAR is discarded, GTUBE passed as spam), spamc marks GTUBE as spam, milter rejects
EICAR at the end of DATA (clamav-milter), multi and dovecot do neither. On dovecot, postscreen
guards port 25 (BOT is the address that talks before the banner) and submission takes SASL
logins through Dovecot.

Besides the nine counters it writes down the detail labels the mix causes (docs/details.md:
deferral, tls, sasl, postscreen; every label of those families, so one more is a difference)
and what must be left in the queues: the message the sink defers, nothing else.
"""
import json
import smtplib
import socket
import ssl
import subprocess
import sys
import time
from email.message import EmailMessage

DETAIL_FAMILIES = ["deferral", "tls", "sasl", "postscreen"]
QUEUES = ["maildrop", "incoming", "active", "deferred", "hold"]
SASL_PASSWORD = "right-password"
CATEGORIES = ["sent", "received", "bounced", "rejected", "virus", "spam", "delivered", "greylisted", "delayed"]
EICAR = r"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X"
LOCAL = "mx.test"
REMOTE = "example.net"


class Driver:
    def __init__(self, topology, mx, client, office, bot, sink_record, sendmail):
        self.topology, self.mx, self.client, self.office, self.bot = topology, mx, client, office, bot
        self.sink_record, self.sendmail_command = sink_record, sendmail
        self.expected = dict.fromkeys(CATEGORIES, 0)
        self.details = {family: {} for family in DETAIL_FAMILIES}
        self.queues = dict.fromkeys(QUEUES, 0)
        self.planned_sent = 0
        self.planned_events = {"deferred": 0, "starttls": 0}
        self.port25_connections = 0
        self.scenarios = []
        self.serial = 0

    def count(self, **deltas):
        for category, n in deltas.items():
            self.expected[category] += n

    def detail(self, family, label, n=1):
        self.details[family][label] = self.details[family].get(label, 0) + n

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

    def smtp(self, sender, recipients, subject, body, port=25, source=None, attachment=None, starttls=False):
        """One SMTP transaction; returns (accepted recipients, refused recipients, data refused)."""
        m = self.message(sender, recipients, subject, body, attachment)
        source = source or self.client
        if port == 25 and source == self.client:
            self.port25_connections += 1
        with smtplib.SMTP(self.mx, port, source_address=(source, 0), timeout=60) as s:
            s.ehlo("client.example.org")
            if starttls:
                s.starttls(context=unverified_tls())
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

    def wrong_logins(self, mechanisms):
        """Submission logins with a wrong password, one AUTH command per mechanism given."""
        with smtplib.SMTP(self.mx, 587, source_address=(self.office, 0), timeout=60) as s:
            s.ehlo("office.mx.test")
            s.user, s.password = "user1", "wrong-" + SASL_PASSWORD
            for mechanism in mechanisms:
                try:
                    s.auth(mechanism, getattr(s, "auth_" + mechanism.lower()), initial_response_ok=False)
                except smtplib.SMTPAuthenticationError as e:
                    if e.smtp_code != 535:
                        raise SystemExit("driver: AUTH %s with a wrong password got %r" % (mechanism, e))
                else:
                    raise SystemExit("driver: AUTH %s with a wrong password was accepted" % mechanism)

    def pregreet(self):
        """A client that talks before the banner; postscreen (greet action drop) hangs up on it."""
        with socket.create_connection((self.mx, 25), timeout=60, source_address=(self.bot, 0)) as c:
            c.sendall(b"EHLO bot.example.org\r\n")
            try:
                while c.recv(4096):
                    pass
            except ConnectionResetError:
                pass

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

        self.smtp(out, [u("user1")], "inbound tls", "over STARTTLS", starttls=True)
        self.scenario("inbound over STARTTLS (no client certificate)", received=1, delivered=1)
        self.detail("tls", "inbound-anonymous")

        self.sendmail(u("user2"), ["ok-tls@tls.%s" % REMOTE], "outbound tls", "to the sink's STARTTLS port")
        self.scenario("local sendmail to the internet over TLS (self-made certificate)", sent_to_sink=1,
                      received=1, sent=1)
        self.planned_events["starttls"] += 1
        self.detail("tls", "outbound-untrusted")

        self.sendmail(u("user3"), [r("defer1"), r("defer2")], "deferred", "the sink says 451 4.7.1")
        self.scenario("local sendmail the sink defers (451 4.7.1, stays in the deferred queue)", received=1)
        self.planned_events["deferred"] += 2
        self.detail("deferral", "dsn-4.7", 2)
        self.queues["deferred"] += 1

        if self.topology == "dovecot":
            self.wrong_logins(["PLAIN", "PLAIN", "LOGIN"])
            self.scenarios.append("submission AUTH with a wrong password: 2 PLAIN, 1 LOGIN")
            self.detail("sasl", "plain", 2)
            self.detail("sasl", "login", 1)
            self.pregreet()
            self.scenarios.append("a client talking before postscreen's banner (dropped)")
            self.detail("postscreen", "pregreet")
            # the client's first connection passes postscreen's tests; later ones are in its cache
            self.detail("postscreen", "pass-new")
            self.detail("postscreen", "pass-old", self.port25_connections - 1)

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

    def sink_record_counts(self):
        """The sink's record: accepted recipients, and how often each other event happened."""
        counts = {"recipients": 0, "deferred": 0, "starttls": 0}
        try:
            with open(self.sink_record) as f:
                for line in f:
                    if line.strip():
                        entry = json.loads(line)
                        counts[entry.get("event", "recipients")] += 1
        except FileNotFoundError:
            pass
        return counts

    def settle(self, seconds):
        """Waits until the sink has recorded what was planned; the sink's figures are `sent`, the
        deferrals and the outbound TLS handshakes."""
        deadline = time.time() + seconds
        planned = dict(self.planned_events, recipients=self.planned_sent)
        while any(self.sink_record_counts()[k] < n for k, n in planned.items()) and time.time() < deadline:
            time.sleep(0.5)
        counts = self.sink_record_counts()
        self.expected["sent"] = counts["recipients"]
        for event, family, label in (("deferred", "deferral", "dsn-4.7"), ("starttls", "tls", "outbound-untrusted")):
            if counts[event] != planned[event]:
                raise SystemExit("driver: the sink recorded %d %s events, %d planned" % (counts[event], event,
                                                                                         planned[event]))


def unverified_tls():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def main(argv):
    if "--" not in argv or argv.index("--") != 8:
        sys.exit("usage: driver.py TOPOLOGY MX CLIENT OFFICE BOT SINK_RECORD EXPECTED_JSON -- SENDMAIL_COMMAND...")
    topology, mx, client, office, bot, sink_record, expected_json = argv[1:8]
    driver = Driver(topology, mx, client, office, bot, sink_record, argv[9:])
    driver.run()
    driver.settle(60)
    with open(expected_json, "w") as f:
        json.dump({"expected": driver.expected, "details": driver.details, "queues": driver.queues,
                   "scenarios": driver.scenarios, "planned_sent": driver.planned_sent}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv)
