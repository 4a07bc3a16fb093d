package net.mailstat.snmp;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.snmp4j.PDU;
import org.snmp4j.agent.DefaultMOScope;
import org.snmp4j.agent.MOScope;
import org.snmp4j.agent.mo.GenericManagedObject;
import org.snmp4j.agent.request.SubRequest;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * One registered subtree served from the current {@link OidTable}. Read-only: the agent's VACM has
 * no write view, and a SET that got here anyway is refused with noAccess, as snmpd does.
 * Requests only look values up in the immutable table they find in the volatile reference.
 */
final class SnapshotSubtree implements GenericManagedObject {
  private final MOScope scope;
  private final Supplier<OidTable> table;

  SnapshotSubtree(OID subtree, Supplier<OidTable> table) {
    this.scope = new DefaultMOScope(subtree, true, subtree.nextPeer(), false);
    this.table = table;
  }

  @Override
  public MOScope getScope() {
    return scope;
  }

  @Override
  public OID find(MOScope range) {
    Map.Entry<OID, Variable> e = first(table.get(), range);
    return e == null ? null : e.getKey();
  }

  @Override
  public void get(SubRequest<?> request) {
    OidTable current = table.get();
    VariableBinding vb = request.getVariableBinding();
    Variable value = current.get(vb.getOid());
    if (value != null) {
      vb.setVariable((Variable) value.clone());
    } else if (current.isAtOrBelowKnownObject(vb.getOid())) {
      vb.setVariable(Null.noSuchInstance);
    } else {
      vb.setVariable(Null.noSuchObject);
    }
    request.completed();
  }

  @Override
  public boolean next(SubRequest<?> request) {
    return next(request, oid -> true);
  }

  @Override
  public boolean next(SubRequest<?> request, Function<OID, Boolean> filter) {
    OidTable current = table.get();
    MOScope range = request.getScope();
    Map.Entry<OID, Variable> e = first(current, range);
    while (e != null) {
      if (filter.apply(e.getKey())) {
        VariableBinding vb = request.getVariableBinding();
        vb.setOid(new OID(e.getKey()));
        vb.setVariable((Variable) e.getValue().clone());
        request.completed();
        return true;
      }
      e = current.next(e.getKey(), false);
      if (e != null && !inRange(e.getKey(), range)) {
        e = null;
      }
    }
    return false;
  }

  private Map.Entry<OID, Variable> first(OidTable current, MOScope range) {
    OID lower = range.getLowerBound();
    Map.Entry<OID, Variable> e;
    if (lower == null || lower.compareTo(scope.getLowerBound()) < 0) {
      e = current.next(scope.getLowerBound(), true);
    } else {
      e = current.next(lower, range.isLowerIncluded());
    }
    return e != null && inRange(e.getKey(), range) ? e : null;
  }

  private boolean inRange(OID oid, MOScope range) {
    if (!scope.covers(oid)) {
      return false;
    }
    OID upper = range.getUpperBound();
    if (upper == null) {
      return true;
    }
    int c = oid.compareTo(upper);
    return c < 0 || (c == 0 && range.isUpperIncluded());
  }

  @Override
  public void prepare(SubRequest<?> request) {
    request.getStatus().setErrorStatus(PDU.noAccess);
  }

  @Override
  public void commit(SubRequest<?> request) {
    request.getStatus().setErrorStatus(PDU.noAccess);
  }

  @Override
  public void undo(SubRequest<?> request) {
    request.completed();
  }

  @Override
  public void cleanup(SubRequest<?> request) {
    request.completed();
  }
}
