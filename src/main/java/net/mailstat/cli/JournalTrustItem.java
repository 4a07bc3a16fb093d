package net.mailstat.cli;

import java.util.List;
import net.mailstat.source.JournalTrust;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Checks one {@code --journal-trust} item as it is read (so that {@code config check} sees a bad one too). */
final class JournalTrustItem implements ITypeConverter<String> {
  @Override
  public String convert(String value) {
    try {
      JournalTrust.parse(List.of(value));
      return value;
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
