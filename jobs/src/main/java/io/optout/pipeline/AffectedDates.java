package io.optout.pipeline;

import io.optout.config.Lake;
import io.optout.config.OptoutConfig;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The earliest opt-out date a nightly run must recompute so that every table equals a full run
 * (docs/nightly.md): from each changed input partition, the earliest date whose rows it can change.
 * A nightly run recomputes from there up to its as-of date. Dates before the warehouse's first date
 * are never written.
 *
 * <p>How far back a change reaches, for a {@code dt} partition whose first local date is L:
 *
 * <ul>
 *   <li>push: L - 1. Pushes reach forward (push pressure, last campaign, fatigue, causes, the cap)
 *       or count on their own day (campaign reach, campaign impact);
 *   <li>event: L - X - 1, X the longest cohort lookback: retain/churn looks X days after an
 *       opt-out;
 *   <li>consent: L - max(A, H) - 1: campaign reach credits a delivery with opt-outs up to A days
 *       after it, campaign impact an exposure with opt-outs up to H days after it; states, opt-outs
 *       and everything that follows from them reach forward. The re-opt-in time of older opt-outs
 *       is brought up to date separately ({@link io.optout.metrics.ReoptIns});
 *   <li>the as-of date: a move from D' to D flips finality flags from min(D', D) - lag on, lag the
 *       longest finality delay (cohorts: X; cause counts: 31; campaign impact: H + 1).
 * </ul>
 *
 * The extra day in each covers a reporting zone ahead of UTC.
 */
public record AffectedDates(int eventReach, int consentReach, int finalityLag) {

  public static AffectedDates of(OptoutConfig config) {
    int lookback = config.maxLookbackDays();
    int consent = config.attributionWindowDays();
    int finality = lookback;
    if (config.why().enabled()) {
      consent = Math.max(consent, config.why().impactHorizonDays());
      finality =
          Math.max(
              finality,
              Math.max(
                  io.optout.metrics.OptOutCauses.FINAL_AFTER_DAYS,
                  config.why().impactHorizonDays() + 1));
    }
    return new AffectedDates(lookback + 1, consent + 1, finality);
  }

  /**
   * The earliest date to recompute, empty when nothing up to {@code asOf} can have changed.
   *
   * @param previousAsOf the as-of date of the last nightly run
   * @param otherDates first dates other writes left in another state: ad-hoc runs with another
   *     as-of date, dates whose stored campaign names are out of date
   * @param firstDate the warehouse's first date, if it has one: nothing before it is written
   */
  public Optional<LocalDate> firstDate(
      InputChanges changes,
      LocalDate asOf,
      LocalDate previousAsOf,
      Collection<LocalDate> otherDates,
      Optional<LocalDate> firstDate,
      ZoneId zone) {
    Stream<LocalDate> push =
        changes.partitions(Lake.PUSH).stream().map(dt -> firstLocal(dt, zone).minusDays(1));
    Stream<LocalDate> events =
        changes.partitions(Lake.EVENT).stream()
            .map(dt -> firstLocal(dt, zone).minusDays(eventReach));
    Stream<LocalDate> consent =
        changes.partitions(Lake.CONSENT).stream()
            .map(dt -> firstLocal(dt, zone).minusDays(consentReach));
    Stream<LocalDate> finality =
        asOf.equals(previousAsOf)
            ? Stream.empty()
            : Stream.of((asOf.isBefore(previousAsOf) ? asOf : previousAsOf).minusDays(finalityLag));
    Optional<LocalDate> earliest =
        Stream.of(push, events, consent, finality, otherDates.stream())
            .flatMap(s -> s)
            .min(LocalDate::compareTo);
    return earliest.map(d -> firstDate.filter(d::isBefore).orElse(d)).filter(d -> !d.isAfter(asOf));
  }

  /** The local date of the first instant of a UTC {@code dt} partition. */
  static LocalDate firstLocal(LocalDate dt, ZoneId zone) {
    return LocalDate.ofInstant(dt.atStartOfDay(ZoneOffset.UTC).toInstant(), zone);
  }
}
