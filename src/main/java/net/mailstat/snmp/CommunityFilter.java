package net.mailstat.snmp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.snmp4j.agent.mo.snmp.CoexistenceInfo;
import org.snmp4j.agent.mo.snmp.CoexistenceInfoProvider;
import org.snmp4j.smi.Address;
import org.snmp4j.smi.IpAddress;
import org.snmp4j.smi.OctetString;

/**
 * Maps v1/v2c communities to the agent's one read-only security name, accepting each community
 * only from its source network (snmpd's {@code rocommunity NAME SOURCE}). SNMP4J-Agent answers
 * nothing and counts snmpInBadCommunityNames when no entry matches.
 */
final class CommunityFilter implements CoexistenceInfoProvider {
  static final OctetString SECURITY_NAME = new OctetString("mailstat-community");
  private static final int MAX_MESSAGE_SIZE = 65507;

  private final Map<OctetString, CoexistenceInfo[]> byCommunity = new HashMap<>();
  private final List<SourceNetwork> networks = new ArrayList<>();

  CommunityFilter(List<AgentSettings.Community> communities, OctetString contextEngineId) {
    Map<OctetString, List<CoexistenceInfo>> grouped = new HashMap<>();
    for (AgentSettings.Community c : communities) {
      CoexistenceInfo info = new CoexistenceInfo(
          SECURITY_NAME, contextEngineId, new OctetString(), new OctetString(Integer.toString(networks.size())));
      info.setMaxMessageSize(MAX_MESSAGE_SIZE);
      networks.add(c.source());
      grouped.computeIfAbsent(new OctetString(c.name()), k -> new ArrayList<>()).add(info);
    }
    grouped.forEach((name, infos) -> byCommunity.put(name, infos.toArray(new CoexistenceInfo[0])));
  }

  @Override
  public CoexistenceInfo[] getCoexistenceInfo(OctetString community) {
    CoexistenceInfo[] infos = byCommunity.get(community);
    return infos == null ? null : infos.clone();
  }

  @Override
  public boolean passesFilter(Address address, CoexistenceInfo info) {
    if (!(address instanceof IpAddress ip)) {
      return false;
    }
    int index;
    try {
      index = Integer.parseInt(info.getTransportTag().toString());
    } catch (NumberFormatException e) {
      return false;
    }
    return index >= 0 && index < networks.size() && networks.get(index).contains(ip.getInetAddress());
  }

  @Override
  public OctetString getCommunity(OctetString securityName, OctetString contextEngineId, OctetString contextName) {
    return null;
  }
}
