package io.optout.export;

import io.optout.OptoutException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Optional filters of an export: one app, one channel. Empty means all. */
public record ExportFilters(Optional<String> app, Optional<String> channel) {
  public static final Set<String> CHANNELS = Set.of("push", "email", "sms");

  public static final ExportFilters NONE = new ExportFilters(Optional.empty(), Optional.empty());

  public ExportFilters {
    if (app.isPresent() && app.get().isBlank()) {
      throw OptoutException.usage("--app: must not be empty");
    }
    channel = channel.map(c -> c.trim().toLowerCase(Locale.ROOT));
    if (channel.isPresent() && !CHANNELS.contains(channel.get())) {
      throw OptoutException.usage(
          "--channel: unknown channel '" + channel.get() + "' (use push, email or sms)");
    }
  }

  public static ExportFilters of(String app, String channel) {
    return new ExportFilters(Optional.ofNullable(app), Optional.ofNullable(channel));
  }
}
