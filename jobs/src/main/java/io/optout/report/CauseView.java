package io.optout.report;

import java.time.LocalDate;
import java.util.List;

/**
 * The likely causes of the range's opt-outs per day (stacked), and per cause the share of those
 * users back within 7 and 30 days (optout_cause_daily; docs/why.md).
 */
public record CauseView(
    List<String> causes, List<CauseDay> days, List<Return> returns, boolean tableMissing) {

  static CauseView missing() {
    return new CauseView(List.of(), List.of(), List.of(), true);
  }

  /** One day of the range: opt-outs per cause, in the order of {@link #causes}. */
  public record CauseDay(LocalDate day, List<Long> optOuts) {
    public long total() {
      return optOuts.stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * One cause (or all of them) over the range: opt-outs, how many of them opted in again within 7
   * and 30 days, and how many of the opt-outs are in rows that are not final yet (their 30 days
   * have not all passed, so the counts can still grow).
   */
  public record Return(String cause, long optOuts, long within7, long within30, long notFinal) {
    public Double share7() {
      return optOuts == 0 ? null : (double) within7 / optOuts;
    }

    public Double share30() {
      return optOuts == 0 ? null : (double) within30 / optOuts;
    }

    /** share7 in percent, divided last so that 1 of 5 is exactly 20. */
    public Double percent7() {
      return optOuts == 0 ? null : 100.0 * within7 / optOuts;
    }

    public Double percent30() {
      return optOuts == 0 ? null : 100.0 * within30 / optOuts;
    }
  }

  /** Whether the range has no row of the table. */
  public boolean noRows() {
    return returns.isEmpty();
  }

  /** Every cause together. */
  public Return all() {
    return new Return(
        "all causes",
        returns.stream().mapToLong(Return::optOuts).sum(),
        returns.stream().mapToLong(Return::within7).sum(),
        returns.stream().mapToLong(Return::within30).sum(),
        returns.stream().mapToLong(Return::notFinal).sum());
  }
}
