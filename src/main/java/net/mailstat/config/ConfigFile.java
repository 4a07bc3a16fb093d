package net.mailstat.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mailstat's configuration file: {@code key = value} lines, optionally under {@code [command]}
 * sections ({@code [run]}, {@code [parse]}, {@code [rrd fetch]}). Keys are the long option names
 * without dashes; a key may repeat for options that take several values. Keys before the first
 * section apply to every command. See docs/configuration.md.
 */
public final class ConfigFile {
  /** One setting and where it was written, for error messages. */
  public record Setting(String value, int line) {}

  private final Path path;
  private final Map<String, Map<String, List<Setting>>> sections;

  private ConfigFile(Path path, Map<String, Map<String, List<Setting>>> sections) {
    this.path = path;
    this.sections = sections;
  }

  public static ConfigFile read(Path path) throws ConfigException {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(path + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(path + ": cannot read: " + e.getMessage());
    }
    Map<String, Map<String, List<Setting>>> sections = new LinkedHashMap<>();
    String section = "";
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      int number = i + 1;
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        if (!line.endsWith("]")) {
          throw new ConfigException(path + ":" + number + ": section header must end with ']'");
        }
        section = line.substring(1, line.length() - 1).strip().replaceAll("\\s+", " ");
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(path + ":" + number + ": expected 'key = value'");
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (!key.matches("[a-z][a-z0-9-]*")) {
        throw new ConfigException(path + ":" + number + ": bad key '" + key + "'");
      }
      sections.computeIfAbsent(section, s -> new LinkedHashMap<>())
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add(new Setting(value, number));
    }
    return new ConfigFile(path, sections);
  }

  public Path path() {
    return path;
  }

  /** Values for {@code key} in the command's section, else in the top (global) part. */
  public List<Setting> lookup(String command, String key) {
    Map<String, List<Setting>> own = sections.get(command);
    if (own != null && own.containsKey(key)) {
      return own.get(key);
    }
    Map<String, List<Setting>> global = sections.get("");
    return global == null ? List.of() : global.getOrDefault(key, List.of());
  }

  public Map<String, Map<String, List<Setting>>> sections() {
    return sections;
  }
}
