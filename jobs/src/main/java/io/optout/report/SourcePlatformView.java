package io.optout.report;

import java.util.List;

/** Opt-outs of the range by source and by platform (optout_facts; null shown as "unknown"). */
public record SourcePlatformView(List<Slice> sources, List<Slice> platforms) {

  public record Slice(String label, long optOuts) {}
}
