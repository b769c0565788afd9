package io.optout.lake;

import io.optout.config.Lake;
import io.optout.config.LakeConfig;
import io.optout.config.LakeFormat;
import io.optout.spark.SparkCalls;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;

/**
 * Every file of a lake, old partitions included: what a nightly run compares with the listing of
 * the last one to find new, changed and removed input (docs/nightly.md). Listing a lake is cheap
 * next to reading it: one call per {@code dt} folder, no file opened. A Delta lake's files come
 * from its current snapshot, so files Delta removed but did not vacuum yet do not count.
 */
public final class LakeListing {
  private LakeListing() {}

  /** The files of {@code lake}, sorted by path; a lake folder that does not exist fails. */
  public static List<ListedFile> of(SparkSession spark, Lake lake, LakeConfig config) {
    List<ListedFile> files =
        config.format() == LakeFormat.DELTA
            ? deltaFiles(spark, lake, config)
            : folderFiles(spark, lake, config);
    return files.stream().sorted(Comparator.comparing(ListedFile::path)).toList();
  }

  private static List<ListedFile> folderFiles(SparkSession spark, Lake lake, LakeConfig config) {
    Path root = new Path(config.path());
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        throw LakeErrors.pathMissing(lake, config);
      }
      List<ListedFile> out = new ArrayList<>();
      for (FileStatus child : visible(fs, root)) {
        if (!child.isDirectory()) {
          if (!lake.partitionedByDt()) {
            out.add(listed(lake, null, child));
          } // else a file outside any dt folder: never read, not input
        } else if (lake.partitionedByDt()) {
          // files below folders that are not dt partitions are never read: not input
          Optional<LocalDate> dt = InputFiles.dtOf(child.getPath().getName());
          if (dt.isPresent()) {
            for (FileStatus file : visible(fs, child.getPath())) {
              if (!file.isDirectory()) {
                out.add(listed(lake, dt.get(), file));
              }
            }
          }
        }
      }
      return out;
    } catch (IOException e) {
      throw LakeErrors.cannotList(lake, config, e);
    }
  }

  private static List<ListedFile> deltaFiles(SparkSession spark, Lake lake, LakeConfig config) {
    try {
      String[] paths =
          SparkCalls.declaring(
                  () -> spark.read().format(config.format().sparkName()).load(config.path()))
              .inputFiles();
      return Arrays.stream(paths).map(p -> new ListedFile(lake, dtIn(p), p, -1, -1)).toList();
    } catch (AnalysisException e) {
      // a Delta folder without a commit holds no input yet
      return List.of();
    } catch (SparkException | IOException | RuntimeException e) {
      throw LakeErrors.unreadable(lake, config, e);
    }
  }

  /** The date of the last {@code dt=} segment of a path, null when there is none. */
  static LocalDate dtIn(String path) {
    Path at = new Path(path).getParent();
    while (at != null) {
      Optional<LocalDate> dt = InputFiles.dtOf(at.getName());
      if (dt.isPresent()) {
        return dt.get();
      }
      at = at.getParent();
    }
    return null;
  }

  private static ListedFile listed(Lake lake, LocalDate dt, FileStatus file) {
    return new ListedFile(
        lake, dt, file.getPath().toString(), file.getLen(), file.getModificationTime());
  }

  private static List<FileStatus> visible(FileSystem fs, Path folder) throws IOException {
    return Arrays.stream(fs.listStatus(folder))
        .filter(s -> !InputFiles.hidden(s.getPath()))
        .toList();
  }
}
