package io.optout.generate;

import io.optout.config.Lake;
import io.optout.config.LakeConfig;
import io.optout.config.LakeFormat;
import io.optout.generate.CampaignPlan.CampaignVersion;
import io.optout.schema.Columns;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a deterministic sample of the four input lakes (docs/metrics.md section 2). Users are
 * simulated on the executors, each from its own random stream, so the output depends only on the
 * settings and scales with the cluster: nothing but the small campaign plan lives on the driver.
 */
public final class SampleLakeGenerator {
  private SampleLakeGenerator() {}

  /**
   * Users simulated per Spark task. Each task writes one file into every dt partition it touches,
   * so this also sets the files per partition: about 1 per 50,000 users (at least 2, for 2 cores).
   */
  private static final long USERS_PER_TASK = 50_000;

  private static final int MIN_TASKS = 2;

  /** Rows written per lake, counted back from what was written. */
  public record LakeCounts(long consent, long push, long campaign, long event) {
    public long of(Lake lake) {
      return switch (lake) {
        case CONSENT -> consent;
        case PUSH -> push;
        case CAMPAIGN -> campaign;
        case EVENT -> event;
      };
    }
  }

  /**
   * Writes the four lakes as Parquet under {@code outRoot}/consent, /push, /campaign and /event.
   */
  public static LakeCounts generate(
      SparkSession spark, GeneratorSettings settings, String outRoot) {
    return generate(spark, settings, underRoot(outRoot));
  }

  /** Writes each lake to its own path and format (e.g. the lakes of the configuration). */
  public static LakeCounts generate(
      SparkSession spark, GeneratorSettings settings, Map<Lake, LakeConfig> targets) {
    Map<Lake, Long> counts = new EnumMap<>(Lake.class);
    for (Lake lake : Lake.values()) {
      LakeConfig target = targets.get(lake);
      if (target == null) {
        throw new IllegalArgumentException("no output path for the " + lake.key() + " lake");
      }
      write(rows(spark, settings, lake), lake, target);
      counts.put(lake, count(spark, lake, target));
    }
    return new LakeCounts(
        counts.get(Lake.CONSENT),
        counts.get(Lake.PUSH),
        counts.get(Lake.CAMPAIGN),
        counts.get(Lake.EVENT));
  }

  /**
   * Parquet lakes in sub-folders named after the lakes, as conf/application.conf expects under
   * data/lake.
   */
  public static Map<Lake, LakeConfig> underRoot(String outRoot) {
    String root = outRoot.endsWith("/") ? outRoot : outRoot + "/";
    Map<Lake, LakeConfig> targets = new EnumMap<>(Lake.class);
    for (Lake lake : Lake.values()) {
      targets.put(lake, new LakeConfig(root + lake.key(), LakeFormat.PARQUET));
    }
    return targets;
  }

  /**
   * The rows of one lake, lazily: the contract columns, plus {@code dt} for the event lakes. The
   * same settings always give the same rows.
   */
  public static Dataset<Row> rows(SparkSession spark, GeneratorSettings settings, Lake lake) {
    List<SampleApp> apps = SampleApp.of(settings.apps());
    CampaignPlan plan = CampaignPlanner.plan(settings, apps);
    LakeLayout layout = new LakeLayout(lake);
    if (!lake.partitionedByDt()) {
      List<Row> rows = plan.versions().stream().map(SampleLakeGenerator::campaignRow).toList();
      return spark.createDataFrame(rows, layout.schema());
    }
    int tasks = (int) Math.max(MIN_TASKS, ceilDiv(settings.users(), USERS_PER_TASK));
    return spark
        .range(0, settings.users(), 1, tasks)
        .as(Encoders.LONG())
        .flatMap(new UserLakeRows(lake, settings, apps, plan), Encoders.row(layout.schema()));
  }

  private static Row campaignRow(CampaignVersion v) {
    return RowFactory.create(
        v.appId(),
        v.campaignId(),
        v.name(),
        v.type(),
        v.channel(),
        v.createdAt() == null ? null : Time.timestamp(v.createdAt()),
        Time.timestamp(v.updatedAt()));
  }

  /**
   * Event lakes: each generating task writes its users' rows into their dt partitions (the writer
   * sorts locally by dt); this measured faster than shuffling all rows by dt first. Campaign: one
   * file.
   */
  private static void write(Dataset<Row> rows, Lake lake, LakeConfig target) {
    DataFrameWriter<Row> writer =
        lake.partitionedByDt() ? rows.write().partitionBy(Columns.DT) : rows.coalesce(1).write();
    // Random ids never repeat, so building a Parquet dictionary for them is wasted work.
    for (String uniqueId : new String[] {Columns.EVENT_ID, Columns.MESSAGE_ID}) {
      writer = writer.option("parquet.enable.dictionary#" + uniqueId, "false");
    }
    if (target.format() == LakeFormat.DELTA) {
      writer = writer.option("overwriteSchema", "true");
    }
    writer.mode(SaveMode.Overwrite).format(target.format().sparkName()).save(target.path());
  }

  private static long count(SparkSession spark, Lake lake, LakeConfig target) {
    DataFrameReader reader = spark.read().format(target.format().sparkName());
    // With the schema given, a lake that got no rows (a tiny sample) counts as 0 instead of failing
    // inference.
    if (target.format() != LakeFormat.DELTA) {
      reader = reader.schema(new LakeLayout(lake).schema());
    }
    return reader.load(target.path()).count();
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
