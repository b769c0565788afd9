package io.optout.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a {@code YYYY-MM-DD} option value; picocli turns the failure into a usage error (exit 2).
 */
public final class IsoDateConverter implements ITypeConverter<LocalDate> {
  @Override
  public LocalDate convert(String value) {
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(UsageErrors.notADate(value));
    }
  }
}
