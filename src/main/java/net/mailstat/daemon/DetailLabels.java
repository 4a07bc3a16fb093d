package net.mailstat.daemon;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.mailstat.count.DetailFamily;
import net.mailstat.count.DetailKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The labels one counting process keeps apart per detail family, shared by all its sources: at
 * most {@code max} per family (labels can come from log text, e.g. an RBL's name); every further
 * label is counted under {@link DetailKey#OTHER}, with one warning per family. Labels already in
 * the checkpoint keep their rows. Thread-safe.
 */
final class DetailLabels {
  private static final Logger log = LoggerFactory.getLogger(DetailLabels.class);

  private final int max;
  private final Map<DetailFamily, Set<String>> known = new EnumMap<>(DetailFamily.class);
  private final Set<DetailFamily> warned = ConcurrentHashMap.newKeySet();

  DetailLabels(int max, Collection<DetailKey> saved) {
    this.max = max;
    for (DetailFamily f : DetailFamily.all()) {
      known.put(f, ConcurrentHashMap.newKeySet());
    }
    saved.forEach(k -> known.get(k.family()).add(k.label()));
  }

  /** {@code key}, or its family's {@code other} once {@code max} labels of the family have a row. */
  DetailKey bounded(DetailKey key) {
    Set<String> labels = known.get(key.family());
    if (labels.contains(key.label())) {
      return key;
    }
    synchronized (labels) {
      if (labels.contains(key.label()) || labels.size() < max) {
        labels.add(key.label());
        return key;
      }
    }
    if (warned.add(key.family())) {
      log.warn("more than {} {} labels: '{}' and every further new one are counted under '{}'", max,
          key.family().key(), key.label(), DetailKey.OTHER);
    }
    return new DetailKey(key.family(), DetailKey.OTHER);
  }
}
