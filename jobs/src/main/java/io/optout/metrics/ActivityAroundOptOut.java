package io.optout.metrics;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_dt_interval;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.to_date;

import io.optout.schema.Columns;
import io.optout.spark.KeptFrames;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The app events of each opt-out's user around the opt-out instant T, within the widest lookback:
 * {@code [T - maxX days, T + maxX days]}, T itself excluded (it lies in neither the "before" nor
 * the "after" window). Built by ONE join for all lookbacks; {@link Cohorts} and {@link LastEvents}
 * derive every lookback from the offset of each event to T.
 *
 * <p>The join is bounded by time, not cartesian: each opt-out key is exploded to the UTC day
 * buckets its widest window touches (2 * maxX + 1 of them) and joined to the events on (app_id,
 * user_id, day bucket), so the work grows with the events inside the windows.
 *
 * <p>Both consumers read {@link #frame()}; call {@link #persist()} before computing both tables so
 * the events are joined once, and {@link #unpersist()} afterwards.
 */
public final class ActivityAroundOptOut {
  /** Column of {@link #frame()}: microseconds from T to the event, negative before T. */
  public static final String OFFSET_MICROS = "offset_micros";

  private static final String BUCKET = "_day_bucket";

  private final Dataset<Row> optOuts;
  private final List<Integer> lookbacks;
  private final Dataset<Row> frame;

  private ActivityAroundOptOut(Dataset<Row> optOuts, List<Integer> lookbacks, Dataset<Row> frame) {
    this.optOuts = optOuts;
    this.lookbacks = List.copyOf(lookbacks);
    this.frame = frame;
  }

  /**
   * @param optOuts the opt-outs (app_id, user_id, channel, opt_out_time, opt_out_date, ...)
   * @param events the validated app events, event_id duplicates not yet removed
   * @param lookbacks the lookbacks x in days (optout.cohort.lookback-days), at least one
   */
  public static ActivityAroundOptOut of(
      Dataset<Row> optOuts, Dataset<Row> events, List<Integer> lookbacks) {
    return ofCounted(optOuts, AppEvents.countedOnce(events), lookbacks);
  }

  /**
   * {@link #of} for events already counted once ({@link AppEvents#countedOnce}: each event id
   * once), e.g. as the event lake's accounting pass hands them out.
   */
  public static ActivityAroundOptOut ofCounted(
      Dataset<Row> optOuts, Dataset<Row> countedEvents, List<Integer> lookbacks) {
    return ofCounted(optOuts, countedEvents, lookbacks, 0);
  }

  /**
   * {@link #ofCounted} with the frame reaching at least {@code reachDays} either side of T, for a
   * reader that looks further than the lookbacks (the dormant cause of {@link OptOutCauses}). The
   * lookbacks' tables filter by their own x, so a wider frame does not change them.
   */
  public static ActivityAroundOptOut ofCounted(
      Dataset<Row> optOuts, Dataset<Row> countedEvents, List<Integer> lookbacks, int reachDays) {
    if (lookbacks.isEmpty()) {
      throw new IllegalArgumentException("at least one lookback is needed");
    }
    int widest =
        Math.max(reachDays, lookbacks.stream().mapToInt(Integer::intValue).max().getAsInt());
    Column t = OptOutKey.time();
    Column reach = make_dt_interval(lit(widest));
    Dataset<Row> keys =
        OptOutKey.of(optOuts)
            .withColumn(
                BUCKET, explode(sequence(dayBucket(t.minus(reach)), dayBucket(t.plus(reach)))));
    Dataset<Row> dayEvents =
        countedEvents.select(
            col(Columns.APP_ID),
            col(Columns.USER_ID),
            col(Columns.EVENT_NAME),
            col(Columns.EVENT_TIME),
            dayBucket(col(Columns.EVENT_TIME)).as(BUCKET));
    Column offset = col(OFFSET_MICROS);
    // A sort-merge join, never a broadcast: Spark sizes the exploded keys as the opt-outs before
    // the explode, 2 * maxX + 1 times too small, and broadcast them. On the M lake (68 k opt-outs,
    // 61 buckets each) that was a 576 MiB table that a 1.5 GB heap cannot hold.
    Dataset<Row> frame =
        keys.hint("merge")
            .join(dayEvents, new String[] {Columns.APP_ID, Columns.USER_ID, BUCKET})
            .withColumn(OFFSET_MICROS, TimeWindows.offsetMicros(col(Columns.EVENT_TIME), t))
            .where(offset.notEqual(0).and(abs(offset).leq(widest * TimeWindows.DAY_MICROS)))
            .select(OptOutKey.columnsAnd(col(Columns.EVENT_NAME), offset));
    return new ActivityAroundOptOut(optOuts, lookbacks, frame);
  }

  /**
   * One row per (opt-out key, app event around it): app_id, user_id, opt_out_time, event_name,
   * offset_micros. An event near two opt-outs of the user appears once for each.
   */
  public Dataset<Row> frame() {
    return frame;
  }

  public Dataset<Row> optOuts() {
    return optOuts;
  }

  /**
   * The same activity with the joined frame kept, so both tables read it without joining the events
   * again; {@code kept} frees it.
   */
  public ActivityAroundOptOut keptIn(KeptFrames kept) {
    return new ActivityAroundOptOut(optOuts, lookbacks, kept.keep(frame));
  }

  /** The lookbacks as a literal array, to explode each row to one row per lookback. */
  Column lookbackArray() {
    return array(lookbacks.stream().map(x -> lit(x)).toArray(Column[]::new));
  }

  /**
   * The day bucket of an instant. Any non-decreasing function of time works for bounding the join,
   * as long as both sides use the same one; the session is pinned to UTC, so these are UTC dates.
   */
  private static Column dayBucket(Column instant) {
    return to_date(instant);
  }
}
