package net.mailstat.snmp;

import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;

/**
 * An immutable, sorted set of served instances (OID -> value) plus the object OIDs they belong
 * to, so a GET can tell noSuchInstance (known object, missing row) from noSuchObject.
 */
final class OidTable {
  static final OidTable EMPTY = new Builder().build();

  private final NavigableMap<OID, Variable> values;
  private final NavigableSet<OID> objects;

  private OidTable(NavigableMap<OID, Variable> values, NavigableSet<OID> objects) {
    this.values = values;
    this.objects = objects;
  }

  Variable get(OID instance) {
    return values.get(instance);
  }

  /** The first entry at or after {@code oid} (or strictly after it), or null. */
  Map.Entry<OID, Variable> next(OID oid, boolean inclusive) {
    return inclusive ? values.ceilingEntry(oid) : values.higherEntry(oid);
  }

  /** True if {@code oid} is a known object itself or lies below one (as net-snmp's handlers see it). */
  boolean isAtOrBelowKnownObject(OID oid) {
    OID object = objects.floor(oid);
    return object != null && oid.startsWith(object);
  }

  int size() {
    return values.size();
  }

  static final class Builder {
    private final TreeMap<OID, Variable> values = new TreeMap<>();
    private final TreeSet<OID> objects = new TreeSet<>();

    /** Declares an object (scalar or column) whose instances may or may not exist. */
    Builder object(OID object) {
      objects.add(object);
      return this;
    }

    Builder put(OID object, OID suffix, Variable value) {
      objects.add(object);
      values.put(new OID(object).append(suffix), value);
      return this;
    }

    Builder put(OID object, int suffix, Variable value) {
      return put(object, new OID(new int[] {suffix}), value);
    }

    OidTable build() {
      return new OidTable(
          java.util.Collections.unmodifiableNavigableMap(new TreeMap<>(values)),
          java.util.Collections.unmodifiableNavigableSet(new TreeSet<>(objects)));
    }
  }
}
