package net.mailstat.rrd;

import org.rrd4j.core.RrdDef;

/**
 * What a database file of a set is: its name next to the set's others, its definition, and where
 * each of its data sources finds its value among the counts the recorder keeps per minute.
 */
public sealed interface RrdLayout permits Database, FamilyDatabase {
  /** {@code mailstat} gives {@code mailstat.rrd}, {@code mailstat_rejects.rrd}, ... */
  String fileName(String baseName);

  /** The definition of a new file at {@code path} whose first update comes after {@code start}. */
  RrdDef definition(String path, long start);

  /** The column of data source {@code dsName} in the recorder's counts of a minute; -1 if none. */
  int slot(String dsName);
}
