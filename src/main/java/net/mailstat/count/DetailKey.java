package net.mailstat.count;

import java.util.regex.Pattern;

/**
 * One counted label of a {@link DetailFamily}, e.g. {@code reject unknown-recipient}. Labels are
 * lower case ASCII letters, digits and {@code . _ -}, at most {@link #MAX_LABEL} characters, so they
 * are safe in files, metric labels and SNMP strings whatever a log line held.
 */
public record DetailKey(DetailFamily family, String label) implements Comparable<DetailKey> {
  public static final int MAX_LABEL = 64;
  /** The label of what no rule named, and of every label past a family's limit. */
  public static final String OTHER = "other";
  private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  public DetailKey {
    if (!isLabel(label)) {
      throw new IllegalArgumentException("not a detail label: '" + label + "'");
    }
  }

  public static boolean isLabel(String text) {
    return text != null && LABEL.matcher(text).matches();
  }

  /**
   * {@code text} (from a log line) as a label: lower case, every other character a '-', cut to
   * {@link #MAX_LABEL}; {@link #OTHER} if nothing usable is left.
   */
  public static String labelOf(String text) {
    StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_LABEL));
    for (int i = 0; i < text.length() && sb.length() < MAX_LABEL; i++) {
      char c = Character.toLowerCase(text.charAt(i));
      boolean plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      sb.append(plain && c < 128 ? c : '-');
    }
    String label = sb.toString();
    return isLabel(label) ? label : OTHER;
  }

  @Override
  public int compareTo(DetailKey o) {
    int f = family.compareTo(o.family);
    return f != 0 ? f : label.compareTo(o.label);
  }

  @Override
  public String toString() {
    return family.key() + " " + label;
  }
}
