package io.optout.export;

import java.time.Instant;

/** One commit of a Delta table: its version and commit timestamp. */
public record TableVersion(long version, Instant committedAt) {}
