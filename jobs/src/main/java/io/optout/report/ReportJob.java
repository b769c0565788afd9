package io.optout.report;

import io.optout.OptoutException;
import io.optout.config.OptoutConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code optout report}: computes every view from the Delta tables, read with Delta Kernel (no
 * Spark session), and writes one HTML file.
 */
public final class ReportJob {
  /**
   * The views of the page (headline, trend, push pressure, campaigns, last events, sources, and the
   * why section's harmful campaigns, causes and frequency cap).
   */
  private static final int VIEWS = 9;

  /** Each view reads and sums its tables on one thread: one thread per core, at most per view. */
  private static final int VIEW_THREADS =
      Math.max(1, Math.min(VIEWS, Runtime.getRuntime().availableProcessors()));

  private final Configuration hadoop;
  private final OptoutConfig config;
  private final Clock clock;

  /**
   * {@code hadoop} reaches the warehouse's files: a running Spark session's, or one built from the
   * configuration's {@code spark.hadoop.*} settings ({@link io.optout.config.HadoopSettings}).
   */
  public ReportJob(Configuration hadoop, OptoutConfig config, Clock clock) {
    this.hadoop = hadoop;
    this.config = config;
    this.clock = clock;
  }

  /**
   * The lookback the last-events view uses when none is asked for: 7 days if configured, else the
   * first configured.
   */
  public static int defaultLookback(OptoutConfig config) {
    return config.lookbackDays().contains(7) ? 7 : config.lookbackDays().get(0);
  }

  public Report build(ReportRequest request) {
    if (!config.lookbackDays().contains(request.lookback())) {
      throw OptoutException.usage(
          "--lookback: "
              + request.lookback()
              + " is not one of the computed lookbacks "
              + config.lookbackDays()
              + " (optout.cohort.lookback-days)");
    }
    ReportSource source =
        new ReportSource(new KernelWarehouse(hadoop, config.warehouse()), request.filters());
    try (ConcurrentViews views = new ConcurrentViews(VIEW_THREADS)) {
      Future<Headline> headline = views.start(() -> HeadlineQuery.compute(source, request));
      Future<TrendView> trend = views.start(() -> TrendQuery.compute(source, request));
      Future<PushPressureView> pushPressure =
          views.start(() -> PushPressureQuery.compute(source, request, config));
      Future<CampaignView> campaigns =
          views.start(() -> CampaignQuery.compute(source, request, config));
      Future<LastEventsView> lastEvents =
          views.start(() -> LastEventsQuery.compute(source, request));
      Future<SourcePlatformView> sourcesAndPlatforms =
          views.start(() -> SourcePlatformQuery.compute(source, request));
      Future<HarmfulCampaignView> harmfulCampaigns =
          views.start(() -> HarmfulCampaignQuery.compute(source, request, config));
      Future<CauseView> causes = views.start(() -> CauseQuery.compute(source, request));
      Future<FrequencyCapView> frequencyCap =
          views.start(() -> FrequencyCapQuery.compute(source, request, config));
      return new Report(
          request,
          config.timezone().getId(),
          clock.instant(),
          ConcurrentViews.await(headline),
          ConcurrentViews.await(trend),
          ConcurrentViews.await(pushPressure),
          ConcurrentViews.await(campaigns),
          ConcurrentViews.await(lastEvents),
          ConcurrentViews.await(sourcesAndPlatforms),
          ConcurrentViews.await(harmfulCampaigns),
          ConcurrentViews.await(causes),
          ConcurrentViews.await(frequencyCap),
          ExportCommandLine.of(request.period(), request.filters()));
    }
  }

  /**
   * Builds the report and writes it to {@code request.out()}, replacing an older report there in
   * one rename.
   */
  public ReportResult run(ReportRequest request) {
    long started = System.nanoTime();
    Report report = build(request);
    byte[] html = ReportPage.render(report).getBytes(StandardCharsets.UTF_8);
    Path out = Path.of(request.out()).toAbsolutePath();
    write(out, html);
    return new ReportResult(
        out,
        html.length,
        report.headline().current().optOuts(),
        (System.nanoTime() - started) / 1e9);
  }

  private static void write(Path out, byte[] html) {
    Path temporary = out.resolveSibling("." + out.getFileName() + ".tmp");
    try {
      Files.createDirectories(out.getParent());
      Files.write(temporary, html);
      try {
        Files.move(
            temporary, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, out, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // the original failure is the one to report
      }
      throw new OptoutException(
          "--out " + out + ": cannot write the report (" + e.getMessage() + ")",
          OptoutException.FAILED,
          e);
    }
  }
}
