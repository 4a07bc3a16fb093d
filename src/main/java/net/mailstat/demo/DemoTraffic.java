package net.mailstat.demo;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.mailstat.count.Category;
import net.mailstat.count.Counters;

/**
 * Generates the log of a made-up but realistic Postfix + amavisd-new + postgrey server, one
 * message flow at a time, and knows what each flow should count in the default mode. The demo
 * and the end-to-end tests use it; the expectations come from what each message is, not from the
 * classifier.
 */
public final class DemoTraffic {
  /** The kinds of message flow, with what each counts. */
  public enum Flow {
    INBOUND_CLEAN,
    INBOUND_SPAM,
    INBOUND_VIRUS,
    SUBMISSION_OUT,
    LOCAL_PICKUP_OUT,
    WEBMAIL_LOOPBACK_OUT,
    OUTBOUND_BOUNCE,
    RCPT_REJECT,
    POSTSCREEN_REJECT,
    GREYLISTED_THEN_ACCEPTED
  }

  private static final DateTimeFormatter BSD = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);
  private static final String QID_CHARS = "0123456789ABCDEF";

  private final Random random;
  private final String host;
  private final ZoneId zone;
  private final Counters expected = new Counters();
  private int pid = 1000;

  public DemoTraffic(long seed, String host, ZoneId zone) {
    this.random = new Random(seed);
    this.host = host;
    this.zone = zone;
  }

  /** What the flows generated so far should count in the default mode. */
  public Counters expected() {
    return expected;
  }

  /** The log lines of one randomly chosen flow, stamped {@code at}. */
  public List<String> nextFlow(Instant at) {
    Flow[] flows = Flow.values();
    int pick = random.nextInt(100);
    Flow flow = pick < 35 ? Flow.INBOUND_CLEAN
        : pick < 50 ? Flow.INBOUND_SPAM
        : pick < 53 ? Flow.INBOUND_VIRUS
        : pick < 65 ? Flow.SUBMISSION_OUT
        : pick < 69 ? Flow.LOCAL_PICKUP_OUT
        : pick < 73 ? Flow.WEBMAIL_LOOPBACK_OUT
        : pick < 77 ? Flow.OUTBOUND_BOUNCE
        : pick < 88 ? Flow.RCPT_REJECT
        : pick < 95 ? Flow.POSTSCREEN_REJECT
        : flows[Flow.GREYLISTED_THEN_ACCEPTED.ordinal()];
    return flow(flow, at);
  }

  public List<String> flow(Flow flow, Instant at) {
    List<String> out = new ArrayList<>();
    String ts = BSD.format(at.atZone(zone));
    String client = "mx" + random.nextInt(50) + ".example.net[198.51.100." + (1 + random.nextInt(250)) + "]";
    switch (flow) {
      case INBOUND_CLEAN -> {
        String qid = qid();
        smtpdClient(out, ts, "smtpd", qid, client);
        String newQid = throughAmavis(out, ts, qid, "Passed CLEAN {RelayedInbound}", "user@example.org");
        local(out, ts, newQid, "user@example.org");
        count(Category.RECEIVED, Category.DELIVERED);
      }
      case INBOUND_SPAM -> {
        String qid = qid();
        smtpdClient(out, ts, "smtpd", qid, client);
        handOffDiscarded(out, ts, qid, "Blocked SPAM {DiscardedInbound,Quarantined}", "user@example.org");
        count(Category.RECEIVED, Category.SPAM);
      }
      case INBOUND_VIRUS -> {
        String qid = qid();
        smtpdClient(out, ts, "smtpd", qid, client);
        handOffDiscarded(out, ts, qid, "Blocked INFECTED (Eicar-Signature) {DiscardedInbound,Quarantined}",
            "user@example.org");
        count(Category.RECEIVED, Category.VIRUS);
      }
      case SUBMISSION_OUT -> {
        String qid = qid();
        out.add(line(ts, "postfix/submission/smtpd", qid + ": client=laptop.example.org[203.0.113.7],"
            + " sasl_method=PLAIN, sasl_username=user@example.org"));
        String newQid = throughAmavis(out, ts, qid, "Passed CLEAN {RelayedOutbound}", "friend@example.com");
        remote(out, ts, newQid, "friend@example.com", "sent", "250 2.0.0 Ok: queued as 4Xyz");
        count(Category.RECEIVED, Category.SENT);
      }
      case LOCAL_PICKUP_OUT -> {
        String qid = qid();
        out.add(line(ts, "postfix/pickup", qid + ": uid=0 from=<root>"));
        out.add(line(ts, "postfix/cleanup", qid + ": message-id=<" + qid + "@" + host + ">"));
        String newQid = throughAmavis(out, ts, qid, "Passed CLEAN {RelayedOutbound}", "admin@example.com");
        remote(out, ts, newQid, "admin@example.com", "sent", "250 2.0.0 Ok: queued as 5Abc");
        count(Category.RECEIVED, Category.SENT);
      }
      case WEBMAIL_LOOPBACK_OUT -> {
        String qid = qid();
        smtpdClient(out, ts, "smtpd", qid, "localhost[127.0.0.1]");
        String newQid = throughAmavis(out, ts, qid, "Passed CLEAN {RelayedOutbound}", "friend@example.com");
        remote(out, ts, newQid, "friend@example.com", "sent", "250 2.0.0 Ok: queued as 6Def");
        count(Category.RECEIVED, Category.SENT);
      }
      case OUTBOUND_BOUNCE -> {
        String qid = qid();
        out.add(line(ts, "postfix/submission/smtpd", qid + ": client=laptop.example.org[203.0.113.7],"
            + " sasl_method=PLAIN, sasl_username=user@example.org"));
        String newQid = throughAmavis(out, ts, qid, "Passed CLEAN {RelayedOutbound}", "nobody@example.com");
        remote(out, ts, newQid, "nobody@example.com", "bounced",
            "host mx.example.com[192.0.2.25] said: 550 5.1.1 <nobody@example.com>: Recipient address rejected:"
                + " User unknown (in reply to RCPT TO command)");
        count(Category.RECEIVED, Category.BOUNCED);
      }
      case RCPT_REJECT -> {
        out.add(line(ts, "postfix/smtpd", "NOQUEUE: reject: RCPT from " + client + ": 554 5.7.1 <spam@example.org>:"
            + " Relay access denied; from=<x@example.net> to=<spam@example.org> proto=ESMTP helo=<x>"));
        count(Category.REJECTED);
      }
      case POSTSCREEN_REJECT -> {
        out.add(line(ts, "postfix/postscreen", "NOQUEUE: reject: RCPT from [192.0.2.66]:41234: 550 5.7.1 Service"
            + " unavailable; client [192.0.2.66] blocked using zen.spamhaus.org; from=<a@b.example>,"
            + " to=<user@example.org>, proto=ESMTP, helo=<b.example>"));
        count(Category.REJECTED);
      }
      case GREYLISTED_THEN_ACCEPTED -> {
        out.add(line(ts, "postgrey", "action=greylist, reason=new, client_name=" + client.substring(0, client.indexOf('['))
            + ", client_address=198.51.100.9, sender=a@example.net, recipient=user@example.org"));
        out.add(line(ts, "postfix/smtpd", "NOQUEUE: reject: RCPT from " + client + ": 450 4.2.0 <user@example.org>:"
            + " Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html;"
            + " from=<a@example.net> to=<user@example.org> proto=ESMTP helo=<mx.example.net>"));
        out.add(line(ts, "postgrey", "action=pass, reason=triplet found, delay=312, client_name=mx.example.net,"
            + " client_address=198.51.100.9, sender=a@example.net, recipient=user@example.org"));
        String qid = qid();
        smtpdClient(out, ts, "smtpd", qid, client);
        String newQid = throughAmavis(out, ts, qid, "Passed CLEAN {RelayedInbound}", "user@example.org");
        local(out, ts, newQid, "user@example.org");
        count(Category.GREYLISTED, Category.DELAYED, Category.RECEIVED, Category.DELIVERED);
      }
    }
    return out;
  }

  private void count(Category... categories) {
    for (Category c : categories) {
      expected.add(c, 1);
    }
  }

  private void smtpdClient(List<String> out, String ts, String service, String qid, String client) {
    out.add(line(ts, "postfix/" + service, "connect from " + client));
    out.add(line(ts, "postfix/" + service, qid + ": client=" + client));
    out.add(line(ts, "postfix/cleanup", qid + ": message-id=<" + qid + "@example.net>"));
    out.add(line(ts, "postfix/qmgr", qid + ": from=<sender@example.net>, size=" + (800 + random.nextInt(9000))
        + ", nrcpt=1 (queue active)"));
  }

  /** Hand-off to amavis and re-injection; the re-injection is logged before the hand-off reply. */
  private String throughAmavis(List<String> out, String ts, String qid, String verdict, String rcpt) {
    String newQid = qid();
    String amavisId = "(" + pid() + "-0" + (1 + random.nextInt(9)) + ")";
    out.add(line(ts, "postfix/smtpd", "connect from localhost[127.0.0.1]"));
    out.add(line(ts, "postfix/smtpd", newQid + ": client=localhost[127.0.0.1]"));
    out.add(line(ts, "postfix/cleanup", newQid + ": message-id=<" + qid + "@example.net>"));
    out.add(line(ts, "postfix/qmgr", newQid + ": from=<sender@example.net>, size=1500, nrcpt=1 (queue active)"));
    out.add(line(ts, "amavis", amavisId + " " + verdict + ", [198.51.100.9]:4711 <sender@example.net> -> <"
        + rcpt + ">, Queue-ID: " + qid + ", Message-ID: <" + qid + "@example.net>, mail_id: abcdEF12, Hits: 1.2,"
        + " size: 1500, queued_as: " + newQid + ", 1234 ms"));
    out.add(line(ts, "postfix/smtp", qid + ": to=<" + rcpt + ">, relay=127.0.0.1[127.0.0.1]:10024, delay=1.3,"
        + " delays=0.1/0/0/1.2, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok:"
        + " queued as " + newQid + ")"));
    out.add(line(ts, "postfix/qmgr", qid + ": removed"));
    return newQid;
  }

  private void handOffDiscarded(List<String> out, String ts, String qid, String verdict, String rcpt) {
    String amavisId = "(" + pid() + "-01)";
    out.add(line(ts, "amavis", amavisId + " " + verdict + ", [198.51.100.9]:4711 <sender@example.net> -> <"
        + rcpt + ">, Queue-ID: " + qid + ", Message-ID: <" + qid + "@example.net>, mail_id: xYz123, Hits: 12.5,"
        + " size: 2300, 980 ms"));
    out.add(line(ts, "postfix/smtp", qid + ": to=<" + rcpt + ">, relay=127.0.0.1[127.0.0.1]:10024, delay=1.1,"
        + " delays=0.1/0/0/1, dsn=2.7.0, status=sent (250 2.7.0 Ok, discarded, id=" + amavisId.substring(1, 6)
        + "-01 - spam)"));
    out.add(line(ts, "postfix/qmgr", qid + ": removed"));
  }

  private void local(List<String> out, String ts, String qid, String rcpt) {
    out.add(line(ts, "postfix/local", qid + ": to=<" + rcpt + ">, relay=local, delay=0.02, delays=0/0/0/0.01,"
        + " dsn=2.0.0, status=sent (delivered to mailbox)"));
    out.add(line(ts, "postfix/qmgr", qid + ": removed"));
  }

  private void remote(List<String> out, String ts, String qid, String rcpt, String status, String reply) {
    out.add(line(ts, "postfix/smtp", qid + ": to=<" + rcpt + ">, relay=mx.example.com[192.0.2.25]:25, delay=0.9,"
        + " delays=0.1/0/0.3/0.5, dsn=" + (status.equals("sent") ? "2.0.0" : "5.1.1") + ", status=" + status
        + " (" + reply + ")"));
    out.add(line(ts, "postfix/qmgr", qid + ": removed"));
  }

  private String line(String ts, String program, String message) {
    return ts + " " + host + " " + program + "[" + pid() + "]: " + message;
  }

  private int pid() {
    pid = pid >= 32000 ? 1000 : pid + 1 + random.nextInt(7);
    return pid;
  }

  private String qid() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      sb.append(QID_CHARS.charAt(random.nextInt(QID_CHARS.length())));
    }
    return sb.toString();
  }
}
