package io.optout.cli;

import io.optout.export.ExportFilters;
import picocli.CommandLine.Option;

/** The --app and --channel filters of export and report as a picocli mixin. */
public class FilterOptions {
  @Option(names = "--app", paramLabel = "ID", description = "Only this app.")
  String app;

  @Option(
      names = "--channel",
      paramLabel = "CHANNEL",
      description = "Only this channel: push, email or sms.")
  String channel;

  /** The filters asked for; an empty app or an unknown channel is a usage error. */
  public ExportFilters filters() {
    return ExportFilters.of(app, channel);
  }
}
