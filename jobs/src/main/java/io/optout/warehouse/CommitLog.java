package io.optout.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optout.OptoutException;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A Delta table's commit files ({@code _delta_log/NNN.json}) read on the driver. Delta's own {@code
 * history()} runs a Spark job per call; a run asks for a table's version before it writes and for
 * its own commit after, fifteen tables each, so on small runs those jobs were a good part of every
 * write. The log format is Delta's public protocol: one JSON action per line, the commit's {@code
 * commitInfo} among them.
 */
final class CommitLog {
  private static final String LOG = "_delta_log";
  private static final String COMMIT_SUFFIX = ".json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a commit says about itself. */
  record CommitInfo(long version, Optional<String> userMetadata, long rowsWritten) {}

  private final FileSystem fs;
  private final Path log;

  CommitLog(Configuration hadoop, String table) {
    this.log = new Path(table, LOG);
    try {
      this.fs = log.getFileSystem(hadoop);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** Version of the newest commit file; empty when the table has none. */
  Optional<Long> latestVersion() {
    try {
      long latest = -1;
      for (FileStatus file : fs.listStatus(log)) {
        String name = file.getPath().getName();
        if (name.endsWith(COMMIT_SUFFIX) && isVersion(name)) {
          latest =
              Math.max(
                  latest,
                  Long.parseLong(name.substring(0, name.length() - COMMIT_SUFFIX.length())));
        }
      }
      return latest < 0 ? Optional.empty() : Optional.of(latest);
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** The newest of the last {@code searched} commits tagged with {@code userMetadata}. */
  Optional<CommitInfo> newestTagged(String userMetadata, int searched) {
    Optional<Long> latest = latestVersion();
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    for (long version = latest.get();
        version >= Math.max(0, latest.get() - searched + 1);
        version--) {
      Optional<CommitInfo> info = commitInfo(version);
      if (info.isPresent() && info.get().userMetadata().filter(userMetadata::equals).isPresent()) {
        return info;
      }
    }
    return Optional.empty();
  }

  /** The commitInfo action of one commit; empty when its file is gone (log cleanup). */
  Optional<CommitInfo> commitInfo(long version) {
    Path file = new Path(log, String.format("%020d%s", version, COMMIT_SUFFIX));
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        JsonNode info = JSON.readTree(line).get("commitInfo");
        if (info != null) {
          JsonNode tag = info.get("userMetadata");
          JsonNode rows = info.path("operationMetrics").get("numOutputRows");
          return Optional.of(
              new CommitInfo(
                  version,
                  tag == null || tag.isNull() ? Optional.empty() : Optional.of(tag.asText()),
                  rows == null ? 0 : Long.parseLong(rows.asText())));
        }
      }
      return Optional.empty();
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private static boolean isVersion(String name) {
    for (int i = 0; i < name.length() - COMMIT_SUFFIX.length(); i++) {
      if (!Character.isDigit(name.charAt(i))) {
        return false;
      }
    }
    return name.length() > COMMIT_SUFFIX.length();
  }

  private OptoutException failure(IOException e) {
    return new OptoutException(
        "cannot read the Delta log " + log + ": " + e.getMessage(), OptoutException.FAILED, e);
  }
}
