package io.optout.config;

import java.util.Locale;

/** Storage formats a lake may use. */
public enum LakeFormat {
  PARQUET,
  DELTA,
  JSON;

  public String sparkName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
