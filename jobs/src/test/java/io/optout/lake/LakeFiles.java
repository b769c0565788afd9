package io.optout.lake;

import io.optout.config.Lake;
import io.optout.testing.LakeFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** How the bad-input tests put files into a lake on local disk: folders, bytes, Parquet files. */
final class LakeFiles {
  private LakeFiles() {}

  /** The folder {@code dt=<dt>} of a lake, created if missing. */
  static Path partition(LakeFixture lake, Lake which, String dt) {
    return createDirectories(Path.of(lake.lakePath(which)).resolve("dt=" + dt));
  }

  static Path write(Path file, byte[] bytes) {
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes rows as one Parquet file named {@code name} into {@code folder} (no dt column inside).
   */
  static Path parquetFile(Dataset<Row> rows, Path folder, String name) {
    Path scratch = folder.getParent().getParent().resolve("_scratch-" + name);
    rows.coalesce(1).write().parquet(scratch.toString());
    try (Stream<Path> files = Files.list(scratch)) {
      Path part =
          files
              .filter(p -> p.getFileName().toString().endsWith(".parquet"))
              .findFirst()
              .orElseThrow();
      Path target = Files.move(part, folder.resolve(name));
      deleteTree(scratch);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path aGoodFileOf(LakeFixture lake, Lake which, String dt) {
    try (Stream<Path> files = Files.list(partition(lake, which, dt))) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .findFirst()
          .orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
