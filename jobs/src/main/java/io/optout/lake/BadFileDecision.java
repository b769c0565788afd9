package io.optout.lake;

import io.optout.config.BadFilePolicy;
import io.optout.config.Lake;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code optout.on-bad-file} to what {@link InputFiles} found, before any table is written:
 * {@code fail} stops the run with one line naming lake, file and problem; {@code skip} leaves the
 * bad files out and says how many and where. Zero-byte files hold no rows and are left out in both
 * modes, never silently.
 */
final class BadFileDecision {
  private static final Logger LOG = LoggerFactory.getLogger(BadFileDecision.class);

  private BadFileDecision() {}

  /** Returns the entries the run leaves out (for optout_runs), or throws in {@code fail} mode. */
  static List<BadFile> decide(Lake lake, DtRange range, InputFiles files, BadFilePolicy policy) {
    List<BadFile> zeroByte = of(files, BadFile.Kind.ZERO_BYTE);
    List<BadFile> blocking =
        files.bad().stream().filter(b -> b.kind() != BadFile.Kind.ZERO_BYTE).toList();
    if (!zeroByte.isEmpty()) {
      LOG.warn(
          "lake {}: left out {} zero-byte file(s): {}",
          lake.key(),
          zeroByte.size(),
          paths(zeroByte));
    }
    if (blocking.isEmpty()) {
      return files.bad();
    }
    if (policy == BadFilePolicy.FAIL) {
      if (blocking.size() > 1) {
        blocking.forEach(b -> LOG.warn("bad input: {}", b.describe()));
      }
      throw LakeErrors.badInput(blocking.get(0), blocking.size() - 1);
    }
    List<BadFile> unreadable = of(files, BadFile.Kind.UNREADABLE);
    if (files.goodFiles() == 0 && !unreadable.isEmpty()) {
      // skipping every file would silently turn a broken lake into an empty one
      throw LakeErrors.everyFileBad(lake, range, unreadable.get(0));
    }
    List<BadFile> folders = of(files, BadFile.Kind.UNKNOWN_FOLDER);
    if (!folders.isEmpty()) {
      LOG.warn(
          "lake {}: skipped {} folder(s) that are not dt=YYYY-MM-DD partitions (optout.on-bad-file"
              + " = skip): {}",
          lake.key(),
          folders.size(),
          paths(folders));
    }
    if (!unreadable.isEmpty()) {
      LOG.warn(
          "lake {}: skipped {} bad file(s) (optout.on-bad-file = skip): {}",
          lake.key(),
          unreadable.size(),
          String.join("; ", unreadable.stream().map(b -> b.path() + ": " + b.reason()).toList()));
    }
    return files.bad();
  }

  private static List<BadFile> of(InputFiles files, BadFile.Kind kind) {
    return files.bad().stream().filter(b -> b.kind() == kind).toList();
  }

  private static String paths(List<BadFile> bad) {
    return String.join(", ", bad.stream().map(BadFile::path).toList());
  }
}
