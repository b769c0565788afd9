package io.optout.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.optout.bench.ChildJvm.Measurement;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  private static Measurement took(long millis, long rssKb) {
    return took(millis, 0, rssKb);
  }

  private static Measurement took(long millis, long cpuMillis, long rssKb) {
    return new Measurement("step", millis, cpuMillis, rssKb, 0, Path.of("x.log"));
  }

  @Test
  void mediansOfOddAndEvenCountsAndThePeakOfAllRuns() {
    assertEquals(
        2.0, BenchReport.median(List.of(took(3000, 1), took(1000, 1), took(2000, 1))), 1e-9);
    assertEquals(
        2.5,
        BenchReport.median(List.of(took(4000, 1), took(1000, 1), took(2000, 1), took(3000, 1))),
        1e-9);
    assertEquals(3, BenchReport.peakRssMb(List.of(took(1, 1024), took(1, 3 * 1024 + 1000))));
  }

  @Test
  void ratiosAreMediansOverMediansAndOnlyForStepsThatRan() {
    Map<String, List<Measurement>> steps = new LinkedHashMap<>();
    steps.put(BenchReport.SCAN, List.of(took(10_000, 1), took(12_000, 1), took(11_000, 1)));
    steps.put(BenchReport.RUN_30, List.of(took(30_000, 1), took(36_000, 1), took(33_000, 1)));
    steps.put(BenchReport.NIGHTLY, List.of(took(22_000, 1), took(22_000, 1), took(22_000, 1)));
    BenchReport report =
        new BenchReport(
            "m",
            Map.of("cores", "2"),
            Map.of(),
            steps,
            Map.of("read event", 1234L),
            List.of(),
            true,
            Map.of(BenchReport.NIGHTLY, Map.of("event", 1_234_567L)));
    Map<String, Double> ratios = report.ratios();
    assertEquals(3.0, ratios.get("30-day run / bare scan (goal <= 3)"), 1e-9);
    assertEquals(
        22.0 / 33.0, ratios.get("nightly after one new day / 30-day run (goal <= 0.4)"), 1e-9);
    assertEquals(2, ratios.size(), "no long-history step, no long-history ratio");
    String md = report.markdown();
    assertTrue(md.contains("| 30-day run | 3 | 33.0 | 30.0 | 36.0 | 0.0 | 0.00 | 0 |"), md);
    assertTrue(md.contains("| read event | 1234 |"), md);
    assertTrue(md.contains("| nightly after one new day | event 1,234,567 |"), md);
  }

  @Test
  void cpuIsTheMedianOfTheRunsAndCoresBusyIsItOverTheMedianWall() {
    // wall 10, 20, 40 s (median 20); CPU 30, 36, 12 s (median 30): 1.5 cores busy
    List<Measurement> runs =
        List.of(took(10_000, 30_000, 1), took(20_000, 36_000, 1), took(40_000, 12_000, 1));
    assertEquals(30.0, BenchReport.medianCpu(runs), 1e-9);
    assertEquals(1.5, BenchReport.coresBusy(runs), 1e-9);
    assertEquals(
        33.0, BenchReport.medianCpu(List.of(took(1, 30_000, 1), took(1, 36_000, 1))), 1e-9);
    Map<String, List<Measurement>> steps = new LinkedHashMap<>();
    steps.put(BenchReport.RUN_30, runs);
    BenchReport report =
        new BenchReport("m", Map.of(), Map.of(), steps, Map.of(), List.of(), true, Map.of());
    String md = report.markdown();
    assertTrue(md.contains("| 30-day run | 3 | 20.0 | 10.0 | 40.0 | 30.0 | 1.50 | 0 |"), md);
    @SuppressWarnings("unchecked")
    Map<String, Object> step =
        (Map<String, Object>) ((Map<String, Object>) report.json().get("steps")).get("30-day run");
    assertEquals(30.0, step.get("median_cpu_seconds"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> each = (List<Map<String, Object>>) step.get("runs");
    assertEquals(36.0, each.get(1).get("cpu_seconds"));
  }
}
