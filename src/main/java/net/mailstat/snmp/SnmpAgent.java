package net.mailstat.snmp;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.TransportMapping;
import org.snmp4j.agent.AgentConfigManager;
import org.snmp4j.agent.DefaultMOServer;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.agent.MOServer;
import org.snmp4j.cfg.EngineBootsProvider;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv3;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.AuthHMAC384SHA512;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.PrivAES256;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * mailstat's SNMP agent, built on SNMP4J-Agent's {@link AgentConfigManager}. It serves the latest
 * published {@link AgentSnapshot} read-only: UCD-SNMP-MIB extTable, NET-SNMP-EXTEND-MIB and
 * MAILSTAT-MIB, plus SNMPv2-MIB's system and snmp groups.
 *
 * <p>No agent state is persisted (no persistence provider, no boot-counter file): every start
 * uses a fresh random engine ID with engineBoots 1, so the configuration given here is always
 * the whole truth. Start and stop are ordered and may each be called once.
 */
public final class SnmpAgent {
  static {
    Slf4jLogFactory.install();
  }

  private static final Logger log = LoggerFactory.getLogger(SnmpAgent.class);
  private static final OID SYSTEM = new OID("1.3.6.1.2.1.1");
  private static final OID SNMP_GROUP = new OID("1.3.6.1.2.1.11");
  /** SNMP-MPD-MIB snmpMPDStats and SNMP-USER-BASED-SM-MIB usmStats: where rejected messages are counted. */
  private static final OID MPD_STATS = new OID("1.3.6.1.6.3.11.2.1");
  private static final OID USM_STATS = new OID("1.3.6.1.6.3.15.1.1");
  private static final int REFRESH_SECONDS = 1;
  private static final String CAT = "/bin/cat";

  private final AgentSettings settings;
  private final MibLayout layout;
  private final Clock clock;
  private final Object publishLock = new Object();
  private volatile AgentSnapshot snapshot;
  /** Outputs of the extra exec rows, read by the refresh thread; written under publishLock. */
  private List<MibLayout.ExecRow> extraRows;
  private volatile OidTable table = OidTable.EMPTY;

  private List<DefaultUdpTransportMapping> transports = List.of();
  private Manager manager;
  private ScheduledExecutorService refresher;

  public SnmpAgent(AgentSettings settings, AgentSnapshot initial, Clock clock) {
    this.settings = settings;
    this.layout = new MibLayout(new OID(settings.root().replaceFirst("^\\.", "")), settings.extName(), settings.extCommand());
    this.clock = clock;
    this.extraRows = readExtraRows();
    publish(initial);
  }

  /** Makes {@code next} the snapshot every later request sees. Safe from any thread. */
  public void publish(AgentSnapshot next) {
    synchronized (publishLock) {
      snapshot = next;
      table = layout.build(next, extraRows, clock.instant().getEpochSecond());
    }
  }

  /** Every second: staleness moves on, and extra exec rows are re-read (snmpd caches them 5 s). */
  private void refresh() {
    try {
      List<MibLayout.ExecRow> rows = readExtraRows();
      synchronized (publishLock) {
        extraRows = rows;
      }
      publish(snapshot);
    } catch (RuntimeException e) {
      log.error("refreshing the served values failed", e);
    }
  }

  private List<MibLayout.ExecRow> readExtraRows() {
    List<MibLayout.ExecRow> rows = new ArrayList<>();
    for (AgentSettings.ExtraExec e : settings.extraExecs()) {
      rows.add(new MibLayout.ExecRow(e.name(), CAT + " " + e.file(), CatOutput.read(e.file(), CAT)));
    }
    return List.copyOf(rows);
  }

  public AgentSnapshot current() {
    return snapshot;
  }

  /** Binds every listen address, then starts answering. On failure nothing stays open. */
  public synchronized void start() throws AgentStartException {
    if (manager != null) {
      throw new IllegalStateException("already started");
    }
    transports = bind(settings.listen());
    MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
    transports.forEach(dispatcher::addTransportMapping);

    DefaultMOServer server = new DefaultMOServer();
    try {
      for (OID subtree : List.of(MibLayout.EXT_TABLE, MibLayout.NS_EXTEND, layout.root())) {
        server.register(new SnapshotSubtree(subtree, () -> table), null);
      }
    } catch (DuplicateRegistrationException e) {
      closeTransports();
      throw new AgentStartException("MAILSTAT-MIB root " + settings.root() + " overlaps a served subtree");
    }

    byte[] random = new byte[8];
    new SecureRandom().nextBytes(random);
    OctetString engineId = new OctetString(MPv3.createLocalEngineID(new OctetString(random)));
    // No worker pool: a request is a few lookups in an immutable map, cheaper than handing it to
    // another thread, so each listen thread answers its own requests (measured: docs/benchmarks.md).
    manager = new Manager(engineId, dispatcher, view(), server, layout.root());
    manager.initialize();
    configureAccess(manager, engineId);
    manager.run();
    for (DefaultUdpTransportMapping t : transports) {
      if (!t.isListening()) {
        stop();
        throw new AgentStartException("cannot listen on " + t.getListenAddress());
      }
    }
    refresher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "snmp-refresh");
      t.setDaemon(true);
      return t;
    });
    refresher.scheduleAtFixedRate(this::refresh, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    log.info("SNMP agent listening on {} (engine ID {}), {} communities, {} v3 users",
        settings.listen(), engineId.toHexString(), settings.communities().size(), settings.users().size());
  }

  /** Stops answering and closes the sockets. Idempotent. */
  public synchronized void stop() {
    if (refresher != null) {
      refresher.shutdownNow();
      refresher = null;
    }
    if (manager != null) {
      manager.shutdown();
      manager = null;
    } else {
      closeTransports();
    }
  }

  /** The bound addresses, e.g. {@code 127.0.0.1/1161} (useful when a port of 0 was asked for). */
  public synchronized List<String> boundAddresses() {
    List<String> out = new ArrayList<>();
    for (DefaultUdpTransportMapping t : transports) {
      out.add(t.getListenAddress().toString());
    }
    return out;
  }

  private static List<DefaultUdpTransportMapping> bind(List<AgentSettings.ListenAddress> addresses)
      throws AgentStartException {
    List<DefaultUdpTransportMapping> bound = new ArrayList<>();
    for (AgentSettings.ListenAddress a : addresses) {
      try {
        bound.add(new DefaultUdpTransportMapping(new UdpAddress(a.host(), a.port())));
      } catch (IOException e) {
        for (DefaultUdpTransportMapping t : bound) {
          closeQuietly(t);
        }
        String hint = a.port() < 1024 ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)" : "";
        throw new AgentStartException("cannot listen on " + a + ": " + e.getMessage() + hint);
      }
    }
    return List.copyOf(bound);
  }

  private void closeTransports() {
    transports.forEach(SnmpAgent::closeQuietly);
  }

  private static void closeQuietly(TransportMapping<?> t) {
    try {
      t.close();
    } catch (IOException e) {
      log.debug("closing {}: {}", t, e.getMessage());
    }
  }

  private ReadOnlyView view() {
    Map<OctetString, Integer> userLevels = new HashMap<>();
    settings.users().forEach(u -> userLevels.put(new OctetString(u.name()),
        u.priv() == null ? SecurityLevel.AUTH_NOPRIV : SecurityLevel.AUTH_PRIV));
    return new ReadOnlyView(List.of(SYSTEM, SNMP_GROUP, MibLayout.EXT_TABLE, MibLayout.NS_EXTEND, layout.root(),
        MPD_STATS, USM_STATS), !settings.communities().isEmpty(), userLevels);
  }

  private void configureAccess(Manager m, OctetString engineId) {
    m.getCommandProcessor().setCoexistenceProvider(new CommunityFilter(settings.communities(), engineId));
    for (V3User u : settings.users()) {
      OctetString name = new OctetString(u.name());
      OID auth = u.auth() == V3User.AuthProtocol.SHA256 ? AuthHMAC192SHA256.ID : AuthHMAC384SHA512.ID;
      OID priv = u.priv() == null ? null : u.priv() == V3User.PrivProtocol.AES128 ? PrivAES128.ID : PrivAES256.ID;
      m.getUsm().addUser(name, new UsmUser(name, auth, new OctetString(u.authPassphrase()), priv,
          priv == null ? null : new OctetString(u.privPassphrase())));
    }
  }

  /** The SNMP4J-Agent core with mailstat's identity and its own (not JVM-wide) security setup. */
  private static final class Manager extends AgentConfigManager {
    private final SecurityProtocols protocols;

    Manager(OctetString engineId, MessageDispatcherImpl dispatcher, ReadOnlyView view, MOServer server, OID root) {
      super(engineId, dispatcher, view, new MOServer[] {server}, null, null, null, new FixedBoots());
      protocols = new SecurityProtocols(SecurityProtocols.SecurityProtocolSet.none);
      protocols.addAuthenticationProtocol(new AuthHMAC192SHA256());
      protocols.addAuthenticationProtocol(new AuthHMAC384SHA512());
      protocols.addPrivacyProtocol(new PrivAES128());
      protocols.addPrivacyProtocol(new PrivAES256());
      setContext(new SecurityModels(), protocols, new CounterSupport());
      sysDescr = new OctetString("mailstat SNMP agent");
      sysOID = new OID(root);
    }

    @Override
    protected SecurityProtocols getSupportedSecurityProtocols() {
      return protocols;
    }
  }

  /** engineBoots stays 1: the engine ID is new on every start, so boots never need to count. */
  private static final class FixedBoots implements EngineBootsProvider {
    @Override
    public int updateEngineBoots() {
      return 1;
    }

    @Override
    public int getEngineBoots() {
      return 1;
    }
  }
}
