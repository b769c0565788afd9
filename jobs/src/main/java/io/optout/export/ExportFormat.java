package io.optout.export;

import io.optout.OptoutException;
import java.util.Locale;

/** File format of an export; the data file inside the export folder is named after it. */
public enum ExportFormat {
  CSV("csv"),
  PARQUET("parquet");

  private final String extension;

  ExportFormat(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }

  public static ExportFormat parse(String text) {
    for (ExportFormat f : values()) {
      if (f.extension.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw OptoutException.usage("--format: unknown format '" + text + "' (use csv or parquet)");
  }
}
