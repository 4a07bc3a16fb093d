#!/usr/bin/env python3
"""Sends the golden log's messages to a Postfix + amavisd-new + SpamAssassin + ClamAV set-up on
this machine (see README.md). OUTSIDE is the machine's non-loopback address: mail from it plays
mail from the Internet. Each message's expected default-mode counts are in README.md."""
import smtplib
import subprocess
import sys
import time
from email.message import EmailMessage

OUTSIDE = sys.argv[1] if len(sys.argv) > 1 else "192.0.2.2"
GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X"
TEST_VIRUS = b"MAILSTAT-TEST-VIRUS-7f3c9a\n"  # matched by the custom ClamAV signature mailstat.ndb


def message(sender, rcpts, subject, body, attachment=None):
    m = EmailMessage()
    m["From"] = sender
    m["To"] = ", ".join(rcpts)
    m["Subject"] = subject
    m.set_content(body)
    if attachment:
        m.add_attachment(attachment, maintype="application", subtype="octet-stream", filename="test.bin")
    return m


def smtp(host, port, sender, rcpts, subject, body, attachment=None, source=None):
    with smtplib.SMTP(host, port, source_address=(source, 0) if source else None) as s:
        s.ehlo("client.example.net")
        try:
            s.send_message(message(sender, rcpts, subject, body, attachment), sender, rcpts)
        except smtplib.SMTPRecipientsRefused as e:
            print("refused as expected:", e.recipients)


def pickup(sender, rcpts, subject, body):
    subprocess.run(["/usr/sbin/sendmail", "-f", sender] + rcpts,
                   input=message(sender, rcpts, subject, body).as_bytes(), check=True)


# 1. inbound, clean, one local recipient
smtp(OUTSIDE, 25, "alice@example.net", ["user@example.org"], "1 clean inbound", "Hello.", source=OUTSIDE)
time.sleep(3)
# 2. inbound spam (GTUBE), blocked and discarded by amavis
smtp(OUTSIDE, 25, "spammer@example.net", ["user@example.org"], "2 spam", "Buy now.\n" + GTUBE + "\n", source=OUTSIDE)
time.sleep(3)
# 3. inbound virus (custom test signature), blocked and discarded by amavis
smtp(OUTSIDE, 25, "worm@example.net", ["user@example.org"], "3 virus", "See attachment.", TEST_VIRUS, source=OUTSIDE)
time.sleep(3)
# 4. inbound to an unknown local user: refused at RCPT, no message
smtp(OUTSIDE, 25, "alice@example.net", ["nosuch@example.org"], "4 unknown user", "Hello?", source=OUTSIDE)
time.sleep(2)
# 5. local submission through sendmail/pickup, to a remote recipient
pickup("user@example.org", ["friend@example.com"], "5 local submission", "From the shell.")
time.sleep(3)
# 6. a local application (webmail) submitting over SMTP on loopback (submission port), to a remote recipient
smtp("127.0.0.1", 587, "user@example.org", ["friend@example.com"], "6 webmail", "From the webmail.")
time.sleep(3)
# 7. local submission to a non-existent local user: bounced by local(8); the bounce goes to the sender
pickup("user@example.org", ["nosuch@example.org"], "7 bounce", "Nobody home.")
time.sleep(3)
# 8. inbound, clean, two local recipients (root is an alias of user)
smtp(OUTSIDE, 25, "bob@example.net", ["user@example.org", "root@example.org"], "8 two recipients", "Hi both.", source=OUTSIDE)
time.sleep(5)
