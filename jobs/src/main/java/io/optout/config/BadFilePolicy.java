package io.optout.config;

/** What a run does with an input file it cannot read ({@code optout.on-bad-file}). */
public enum BadFilePolicy {
  /** The run fails before any table is written, naming the file. */
  FAIL,
  /** The file is left out of the run and reported; the run goes on with the other files. */
  SKIP
}
