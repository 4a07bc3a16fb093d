package net.mailstat.cacti;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import net.mailstat.count.Category;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The shipped Cacti templates: generated reproducibly, well-formed, one definition per object,
 * the OIDs of docs/oids.md in Category order, device fields left to the device, and
 * scripts/cacti-template-version re-stamping or refusing as docs/cacti.md says. The import and
 * polling proof with a real Cacti is scripts/cacti-e2e.
 */
class CactiTemplatesTest {
  private static final Path TEMPLATES = Path.of("cacti-templates");
  private static final Path NATIVE = TEMPLATES.resolve("cacti_host_template_mail_server_mailstat.xml");
  private static final Path UCD = TEMPLATES.resolve("cacti_host_template_mail_server_mailstat_ucd.xml");
  private static final Path QUERY = TEMPLATES.resolve("resource/snmp_queries/mailstat_hosts.xml");
  private static final String ROOT = ".1.3.6.1.4.1.8072.9999.9999.7025";
  /** Data sources that are gauges (queues, delays); every other one counts (DERIVE). */
  private static final Set<String> GAUGES = Set.of("messages", "kbytes", "oldest", "median", "p95", "max");
  private static final Pattern HASH = Pattern.compile("hash_([0-9a-f]{2})([0-9a-f]{4})([0-9a-f]{32})");
  /** Get SNMP Data's OID field and the host fields of Get SNMP Data (Indexed) and Get SNMP Data. */
  private static final String OID_FIELD = "4276a5ec6e3fe33995129041b1909762";
  private static final Set<String> HOST_FIELDS = Set.of("92f5906c8dc0f964b41f4253df582c38",
      "32285d5bf16e56c478f5e83f32cda9ef", "012ccb1d3687d3edb29c002ea66e72da",
      "fc64b99742ec417cc424dbf8c7692d36", "c1f36ee60c3dc98945556d57f26e475b",
      "ad14ac90641aed388139f6ba86a2e48b", "9c55a74bd571b4f00a96fd4b793278c6");

  record Run(int exit, String out, String err) {}

  private static Run run(String... command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("cacti-test", ".out");
    Path err = Files.createTempFile("cacti-test", ".err");
    try {
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished: %s", List.of(command)).isTrue();
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.delete(out);
      Files.delete(err);
    }
  }

  private static List<Path> templateFiles() throws IOException {
    try (Stream<Path> s = Files.list(TEMPLATES)) {
      return s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
    }
  }

  private static Document parse(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static List<Element> children(Node parent) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }

  private static Element child(Element parent, String name) {
    return children(parent).stream().filter(e -> e.getTagName().equals(name)).findFirst().orElseThrow(
        () -> new AssertionError(parent.getTagName() + " has no " + name));
  }

  private static String text(Element parent, String name) {
    return child(parent, name).getTextContent();
  }

  private static List<Element> topLevel(Document d, String typeCode) {
    return children(d.getDocumentElement()).stream().filter(e -> e.getTagName().startsWith("hash_" + typeCode))
        .toList();
  }

  private static String identity(String hashTag) {
    Matcher m = HASH.matcher(hashTag);
    assertThat(m.matches()).as(hashTag).isTrue();
    return m.group(3);
  }

  @Test
  void generatorReproducesTheCommittedFilesByteForByte(@TempDir Path out) throws Exception {
    Run r = run("python3", TEMPLATES.resolve("tools/generate.py").toString(), out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    for (Path committed : templateFiles()) {
      assertThat(out.resolve(committed.getFileName())).as("regenerated %s", committed)
          .hasSameBinaryContentAs(committed);
    }
  }

  @Test
  void eachFileIsWellFormedWithOneVersionCodeAndEachObjectDefinedOnce() throws Exception {
    Map<String, String> definedIn = new HashMap<>();
    Map<String, String> bodyOf = new HashMap<>();
    for (Path file : templateFiles()) {
      Document d = parse(file);
      String xml = Files.readString(file, StandardCharsets.UTF_8);
      Set<String> codes = new TreeSet<>();
      Matcher m = HASH.matcher(xml);
      while (m.find()) {
        codes.add(m.group(2));
      }
      assertThat(codes).as("version codes in %s", file).hasSize(1);

      Set<String> seen = new HashSet<>();
      NodeList all = d.getElementsByTagName("*");
      for (int i = 0; i < all.getLength(); i++) {
        String tag = ((Element) all.item(i)).getTagName();
        if (tag.startsWith("hash_")) {
          assertThat(seen.add(identity(tag))).as("%s defined twice in %s", tag, file).isTrue();
        }
      }
      // The same identity in two files must be the same object (the shared CDEF and GPRINTs).
      for (Element top : children(d.getDocumentElement())) {
        String id = identity(top.getTagName());
        String body = top.getTextContent().replaceAll("\\s+", " ");
        String before = definedIn.putIfAbsent(id, file.toString());
        if (before != null) {
          assertThat(body).as("%s differs between %s and %s", top.getTagName(), before, file)
              .isEqualTo(bodyOf.get(id));
        }
        bodyOf.putIfAbsent(id, body);
      }
    }
    assertThat(definedIn).hasSizeGreaterThan(20);
  }

  @Test
  void nativeTemplatesPollTheDocumentedOidsInCategoryOrderWithDeriveMinimumZero() throws Exception {
    Document d = parse(NATIVE);
    Map<String, String> oidByDsName = new HashMap<>();
    for (Element dt : topLevel(d, "01")) {
      List<Element> items = children(child(dt, "items"));
      for (Element data : children(child(dt, "data"))) {
        if (text(data, "data_input_field_id").endsWith(OID_FIELD)) {
          assertThat(items).hasSize(1);
          oidByDsName.put(text(items.get(0), "data_source_name"), text(data, "value"));
        }
      }
      for (Element item : items) {
        boolean gauge = GAUGES.contains(text(item, "data_source_name"));
        assertThat(text(item, "data_source_type_id")).as("%s in %s", gauge ? "GAUGE" : "DERIVE", text(dt, "name"))
            .isEqualTo(gauge ? "1" : "3");
        assertThat(text(item, "rrd_minimum")).isEqualTo("0");
        assertThat(text(item, "rrd_maximum")).isEqualTo("U");
      }
    }
    for (Category c : Category.all()) {
      assertThat(oidByDsName).containsEntry(c.key(), ROOT + ".1.1." + (c.ordinal() + 1) + ".0");
    }
    assertThat(oidByDsName).containsEntry("lines", ROOT + ".1.3.1.0").containsEntry("unparsed", ROOT + ".1.3.2.0");
  }

  @Test
  void dataQueryMapsEveryHostTableColumnInCategoryOrder() throws Exception {
    Document query = parse(QUERY);
    Element fields = child(query.getDocumentElement(), "fields");
    assertThat(text(query.getDocumentElement(), "oid_index")).isEqualTo(ROOT + ".1.2.1.2");
    Set<String> mapped = new HashSet<>();
    Element hostQuery = dataQuery("mailstat_hosts.xml");
    for (Element queryGraph : children(child(hostQuery, "graphs"))) {
      for (Element item : children(child(queryGraph, "rrd"))) {
        mapped.add(text(item, "snmp_field_name"));
      }
    }
    for (Category c : Category.all()) {
      String name = "msHost" + Character.toUpperCase(c.key().charAt(0)) + c.key().substring(1);
      Element field = child(fields, name);
      assertThat(text(field, "direction")).isEqualTo("output");
      assertThat(text(field, "oid")).isEqualTo(ROOT + ".1.2.1." + (3 + c.ordinal()));
      assertThat(mapped).as("graphed by the data query").contains(name);
    }
  }

  /** The native template's data query reading {@code xmlFile}. */
  private static Element dataQuery(String xmlFile) throws Exception {
    List<Element> found = new ArrayList<>();
    for (Element q : topLevel(parse(NATIVE), "04")) {
      if (text(q, "xml_path").equals("<path_cacti>/resource/snmp_queries/" + xmlFile)) {
        found.add(q);
      }
    }
    assertThat(found).as("data query of %s", xmlFile).hasSize(1);
    return found.get(0);
  }

  @Test
  void theTablesPastTheNineCountersHaveDataQueriesOverTheDocumentedColumns() throws Exception {
    Map<String, Map<String, String>> outputs = Map.of(
        "mailstat_details.xml", Map.of("msDetailCount", ROOT + ".1.4.1.5"),
        "mailstat_queues.xml", Map.of("msQueueMessages", ROOT + ".1.5.4.1.3", "msQueueSize", ROOT + ".1.5.4.1.4",
            "msQueueOldestAge", ROOT + ".1.5.4.1.5"),
        "mailstat_delays.xml", Map.of("msDelayMedian", ROOT + ".1.6.2.1.4", "msDelayP95", ROOT + ".1.6.2.1.5",
            "msDelayMax", ROOT + ".1.6.2.1.6"));
    Map<String, String> indexes = Map.of("mailstat_details.xml", ROOT + ".1.4.1.4",
        "mailstat_queues.xml", ROOT + ".1.5.4.1.2", "mailstat_delays.xml", ROOT + ".1.6.2.1.2");
    assertThat(topLevel(parse(NATIVE), "04")).hasSize(1 + outputs.size());
    for (var file : outputs.entrySet()) {
      Document xml = parse(TEMPLATES.resolve("resource/snmp_queries").resolve(file.getKey()));
      Element fields = child(xml.getDocumentElement(), "fields");
      assertThat(text(xml.getDocumentElement(), "oid_index")).as(file.getKey()).isEqualTo(indexes.get(file.getKey()));
      Set<String> mapped = new TreeSet<>();
      for (Element queryGraph : children(child(dataQuery(file.getKey()), "graphs"))) {
        for (Element item : children(child(queryGraph, "rrd"))) {
          mapped.add(text(item, "snmp_field_name"));
        }
      }
      assertThat(mapped).as("graphed by %s", file.getKey()).isEqualTo(new TreeSet<>(file.getValue().keySet()));
      for (var column : file.getValue().entrySet()) {
        Element field = child(fields, column.getKey());
        assertThat(text(field, "direction")).isEqualTo("output");
        assertThat(text(field, "oid")).as(column.getKey()).isEqualTo(column.getValue());
      }
    }
  }

  @Test
  void deviceFieldsAreLeftToTheDevice() throws Exception {
    for (Path file : templateFiles()) {
      Document d = parse(file);
      Set<String> hostFields = new HashSet<>(HOST_FIELDS);
      for (Element method : topLevel(d, "03")) {
        for (Element field : children(child(method, "fields"))) {
          if (!text(field, "type_code").isEmpty()) {
            hostFields.add(identity(field.getTagName()));
          }
        }
      }
      int checked = 0;
      for (Element dt : topLevel(d, "01")) {
        for (Element data : children(child(dt, "data"))) {
          if (hostFields.contains(identity(text(data, "data_input_field_id")))) {
            assertThat(text(data, "value")).as("%s in %s", text(dt, "name"), file).isEmpty();
            assertThat(text(data, "t_value")).isEmpty();
            checked++;
          }
        }
      }
      assertThat(checked).as("host fields checked in %s", file).isPositive();
    }
  }

  @Test
  void versionToolRestampsCodesAndKeepsIdentities(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("ucd.xml");
    Run r = run("scripts/cacti-template-version", "0.8.7e", UCD.toString(), out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    String before = Files.readString(UCD);
    String after = Files.readString(out);
    assertThat(after).doesNotContainPattern("hash_[0-9a-f]{2}(?!0019)[0-9a-f]{4}[0-9a-f]{32}");
    assertThat(after.replaceAll("(hash_[0-9a-f]{2})0019", "$1")).isEqualTo(before.replaceAll("(hash_[0-9a-f]{2})0024", "$1"));

    Run newer = run("scripts/cacti-template-version", "1.2.24", NATIVE.toString());
    assertThat(newer.exit()).as(newer.err()).isZero();
    assertThat(newer.out()).contains("hash_000103").doesNotContain("hash_000102");
  }

  @Test
  void versionToolRefusesVersionsTheContentCannotSupport() throws Exception {
    Run old = run("scripts/cacti-template-version", "0.8.8", NATIVE.toString());
    assertThat(old.exit()).isEqualTo(1);
    assertThat(old.err()).contains("cannot be imported into Cacti 0.8.8").contains("only in Cacti 1.x")
        .contains("supports Cacti 1.0.0 and newer");
    assertThat(old.out()).isEmpty();

    Run noHashes = run("scripts/cacti-template-version", "0.8.3", UCD.toString());
    assertThat(noHashes.exit()).isEqualTo(1);
    assertThat(noHashes.err()).contains("no hash support");

    Run unknown = run("scripts/cacti-template-version", "9.9.9", UCD.toString());
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown Cacti version");

    Run derive = run("scripts/cacti-template-version", "1.1.0", NATIVE.toString());
    assertThat(derive.exit()).isZero();
    assertThat(derive.err()).contains("DERIVE minimum 0 into U");
  }
}
