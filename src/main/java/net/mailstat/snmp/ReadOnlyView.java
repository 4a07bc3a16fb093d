package net.mailstat.snmp;

import java.util.List;
import java.util.Map;
import org.snmp4j.agent.security.VACM;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;

/**
 * The agent's whole access policy as one immutable object: known principals may read the served
 * subtrees, nobody may write. Communities (v1/v2c, mapped to one security name by
 * {@link CommunityFilter}) need no authentication; a USM user is answered only at the security
 * level it was configured with or a stronger one: a user with a privacy pass phrase only at
 * authPriv, a user without one at authNoPriv or authPriv (which USM itself refuses, having no
 * privacy key). A weaker request gets {@code authorizationError}, so a manager misconfigured to
 * send in clear learns it instead of being answered in clear.
 *
 * <p>It replaces SNMP4J-Agent's table-driven VACM-MIB, which would do several table lookups per
 * request for a policy that never changes while the agent runs.
 */
final class ReadOnlyView implements VACM {
  static final OctetString VIEW = new OctetString("mailstat-read");
  private static final OctetString NO_VIEW = new OctetString();

  private final List<OID> subtrees;
  /** Each USM user's lowest accepted {@link SecurityLevel}. */
  private final Map<OctetString, Integer> userLevels;
  private final boolean communities;

  ReadOnlyView(List<OID> subtrees, boolean communities, Map<OctetString, Integer> userLevels) {
    this.subtrees = List.copyOf(subtrees);
    this.communities = communities;
    this.userLevels = Map.copyOf(userLevels);
  }

  @Override
  public boolean hasContext(OctetString context) {
    return context == null || context.length() == 0;
  }

  @Override
  public OctetString getViewName(OctetString context, OctetString securityName, int securityModel, int securityLevel,
      int viewType) {
    if (!hasContext(context) || !isPrincipal(securityName, securityModel, securityLevel)) {
      return null;
    }
    return viewType == VIEW_READ ? VIEW : NO_VIEW;
  }

  private boolean isPrincipal(OctetString securityName, int securityModel, int securityLevel) {
    if (securityModel == SecurityModel.SECURITY_MODEL_SNMPv1 || securityModel == SecurityModel.SECURITY_MODEL_SNMPv2c) {
      return communities && CommunityFilter.SECURITY_NAME.equals(securityName);
    }
    if (securityModel != SecurityModel.SECURITY_MODEL_USM || securityName == null) {
      return false;
    }
    Integer lowest = userLevels.get(securityName);
    return lowest != null && securityLevel >= lowest;
  }

  @Override
  public int isAccessAllowed(OctetString viewName, OID oid) {
    if (!VIEW.equals(viewName)) {
      return VACM_NO_SUCH_VIEW;
    }
    for (OID subtree : subtrees) {
      if (oid.startsWith(subtree)) {
        return VACM_OK;
      }
    }
    return VACM_NOT_IN_VIEW;
  }

  @Override
  public int isAccessAllowed(OctetString context, OctetString securityName, int securityModel, int securityLevel,
      int viewType, OID oid) {
    OctetString view = getViewName(context, securityName, securityModel, securityLevel, viewType);
    return view == null ? VACM_NO_ACCESS_ENTRY : isAccessAllowed(view, oid);
  }
}
