package io.optout.cli;

import io.optout.OptionValues;
import io.optout.OptoutException;
import java.time.LocalDate;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a {@code YYYY-MM-DD} option value; picocli turns the failure into a usage error (exit 2).
 */
public final class IsoDateConverter implements ITypeConverter<LocalDate> {
  @Override
  public LocalDate convert(String value) {
    try {
      return OptionValues.date("", value);
    } catch (OptoutException e) {
      // picocli names the option: "Invalid value for option '--x': <the same text>"
      throw new TypeConversionException(UsageErrors.notADate(value));
    }
  }
}
