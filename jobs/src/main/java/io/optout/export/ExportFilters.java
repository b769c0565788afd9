package io.optout.export;

import io.optout.OptionErrors;
import io.optout.schema.Channels;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Optional filters of an export: one app, one channel. Empty means all. */
public record ExportFilters(Optional<String> app, Optional<String> channel) {
  public static final Set<String> CHANNELS = Channels.SET;

  public static final ExportFilters NONE = new ExportFilters(Optional.empty(), Optional.empty());

  public ExportFilters {
    if (app.isPresent() && app.get().isBlank()) {
      throw OptionErrors.empty("--app");
    }
    channel = channel.map(c -> c.trim().toLowerCase(Locale.ROOT));
    if (channel.isPresent() && !CHANNELS.contains(channel.get())) {
      throw OptionErrors.unknownValue("--channel", "channel", channel.get(), Channels.ALL);
    }
  }

  public static ExportFilters of(String app, String channel) {
    return new ExportFilters(Optional.ofNullable(app), Optional.ofNullable(channel));
  }
}
