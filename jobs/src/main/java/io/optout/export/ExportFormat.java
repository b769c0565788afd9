package io.optout.export;

import io.optout.OptionValues;

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
    return OptionValues.label("--format", "format", text, values(), ExportFormat::extension);
  }
}
