package net.mailstat.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import net.mailstat.rrd.RrdMigration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "dump", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Write the file as an XML dump that 'rrdtool restore' (and 'mailstat rrd restore') accepts.")
final class RrdDumpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;

  @Parameters(index = "0", paramLabel = "FILE") Path file;

  @Parameters(index = "1", paramLabel = "XML", arity = "0..1", description = "Output file (default: stdout).")
  Path xml;

  @Override
  public Integer call() {
    return RrdCommand.tool(file, () -> {
      if (xml != null) {
        try (OutputStream out = Files.newOutputStream(xml)) {
          RrdMigration.dump(file, out);
        }
        return;
      }
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      RrdMigration.dump(file, buffer);
      PrintWriter out = spec.commandLine().getOut();
      out.print(buffer.toString(StandardCharsets.UTF_8));
      out.flush();
    });
  }
}
