package net.mailstat.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snmp4j.agent.security.VACM;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;

class ReadOnlyViewTest {
  private final ReadOnlyView view = new ReadOnlyView(List.of(new OID("1.3.6.1.4.1.2021.8")), true,
      Map.of(new OctetString("cacti"), SecurityLevel.AUTH_PRIV, new OctetString("signer"), SecurityLevel.AUTH_NOPRIV));
  private static final OctetString NO_CONTEXT = new OctetString();

  @Test
  void communitiesReadAndNobodyWrites() {
    OctetString read = view.getViewName(NO_CONTEXT, CommunityFilter.SECURITY_NAME,
        SecurityModel.SECURITY_MODEL_SNMPv2c, SecurityLevel.NOAUTH_NOPRIV, VACM.VIEW_READ);
    assertThat(read).isEqualTo(ReadOnlyView.VIEW);
    assertThat(view.isAccessAllowed(read, new OID("1.3.6.1.4.1.2021.8.1.101.1"))).isEqualTo(VACM.VACM_OK);
    assertThat(view.isAccessAllowed(read, new OID("1.3.6.1.4.1.2021.9.1"))).isEqualTo(VACM.VACM_NOT_IN_VIEW);
    OctetString write = view.getViewName(NO_CONTEXT, CommunityFilter.SECURITY_NAME,
        SecurityModel.SECURITY_MODEL_SNMPv2c, SecurityLevel.NOAUTH_NOPRIV, VACM.VIEW_WRITE);
    assertThat(view.isAccessAllowed(write, new OID("1.3.6.1.4.1.2021.8.1.101.1"))).isEqualTo(VACM.VACM_NO_SUCH_VIEW);
  }

  @Test
  void usmUsersNeedAuthenticationAndMustBeKnown() {
    assertThat(view.getViewName(NO_CONTEXT, new OctetString("cacti"), SecurityModel.SECURITY_MODEL_USM,
        SecurityLevel.AUTH_PRIV, VACM.VIEW_READ)).isEqualTo(ReadOnlyView.VIEW);
    assertThat(view.getViewName(NO_CONTEXT, new OctetString("cacti"), SecurityModel.SECURITY_MODEL_USM,
        SecurityLevel.NOAUTH_NOPRIV, VACM.VIEW_READ)).isNull();
    assertThat(view.getViewName(NO_CONTEXT, new OctetString("eve"), SecurityModel.SECURITY_MODEL_USM,
        SecurityLevel.AUTH_PRIV, VACM.VIEW_READ)).isNull();
    assertThat(view.getViewName(new OctetString("other"), new OctetString("cacti"), SecurityModel.SECURITY_MODEL_USM,
        SecurityLevel.AUTH_PRIV, VACM.VIEW_READ)).isNull();
  }

  @Test
  void aUserWithPrivacyIsAnsweredOnlyWithPrivacy() {
    assertThat(view.getViewName(NO_CONTEXT, new OctetString("cacti"), SecurityModel.SECURITY_MODEL_USM,
        SecurityLevel.AUTH_NOPRIV, VACM.VIEW_READ)).isNull();
    assertThat(view.getViewName(NO_CONTEXT, new OctetString("signer"), SecurityModel.SECURITY_MODEL_USM,
        SecurityLevel.AUTH_NOPRIV, VACM.VIEW_READ)).isEqualTo(ReadOnlyView.VIEW);
    assertThat(view.getViewName(NO_CONTEXT, new OctetString("signer"), SecurityModel.SECURITY_MODEL_USM,
        SecurityLevel.NOAUTH_NOPRIV, VACM.VIEW_READ)).isNull();
  }

  @Test
  void withoutCommunitiesV1AndV2cHaveNoView() {
    ReadOnlyView v3only = new ReadOnlyView(List.of(new OID("1.3")), false, Map.of());
    assertThat(v3only.getViewName(NO_CONTEXT, CommunityFilter.SECURITY_NAME, SecurityModel.SECURITY_MODEL_SNMPv1,
        SecurityLevel.NOAUTH_NOPRIV, VACM.VIEW_READ)).isNull();
  }
}
