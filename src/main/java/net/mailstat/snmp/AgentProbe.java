package net.mailstat.snmp;

import java.io.IOException;
import java.time.Duration;
import org.snmp4j.CommunityTarget;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.GenericAddress;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/** Asks an SNMP agent for sysUpTime.0 (v2c), as snmpget would: does it answer? ({@code mailstat status}) */
public final class AgentProbe {
  private static final OID SYS_UP_TIME = new OID("1.3.6.1.2.1.1.3.0");

  private AgentProbe() {}

  /** {@code address} as the agent reports it, e.g. {@code udp:127.0.0.1/1161}; null if it answers, else why not. */
  public static String ask(String address, String community, Duration timeout) {
    org.snmp4j.smi.Address target = GenericAddress.parse(address);
    if (target == null) {
      return "bad address " + address;
    }
    CommunityTarget<org.snmp4j.smi.Address> t = new CommunityTarget<>(target, new OctetString(community));
    t.setVersion(SnmpConstants.version2c);
    t.setTimeout(timeout.toMillis());
    t.setRetries(1);
    PDU pdu = new PDU();
    pdu.setType(PDU.GET);
    pdu.add(new VariableBinding(SYS_UP_TIME));
    try (Snmp snmp = new Snmp(new DefaultUdpTransportMapping())) {
      snmp.listen();
      ResponseEvent<org.snmp4j.smi.Address> r = snmp.send(pdu, t);
      if (r.getResponse() == null) {
        return "no answer within " + timeout.toMillis() + " ms";
      }
      if (r.getResponse().getErrorStatus() != PDU.noError) {
        return "error " + r.getResponse().getErrorStatusText();
      }
      return null;
    } catch (IOException e) {
      return e.getMessage();
    }
  }
}
