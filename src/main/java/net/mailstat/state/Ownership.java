package net.mailstat.state;

import java.util.EnumSet;
import java.util.Set;
import net.mailstat.count.Category;

/**
 * Which counters an instance owns in a shared stat file: the classic split is one instance on the
 * mail log and one on the virus/filter log.
 */
public enum Ownership {
  MAIL(EnumSet.of(Category.SENT, Category.RECEIVED, Category.DELIVERED, Category.BOUNCED,
      Category.REJECTED, Category.GREYLISTED, Category.DELAYED)),
  VIRUS(EnumSet.of(Category.VIRUS, Category.SPAM)),
  ALL(EnumSet.allOf(Category.class));

  private final Set<Category> categories;

  Ownership(Set<Category> categories) {
    this.categories = categories;
  }

  public Set<Category> categories() {
    return EnumSet.copyOf(categories);
  }

  public boolean owns(Category category) {
    return categories.contains(category);
  }

  /** The name used in file names and messages: mail, virus, all. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
