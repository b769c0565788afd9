package io.optout.export;

import io.optout.OptoutException;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The export folder at --out (local path or s3a:// URI) and its lifecycle: everything is written
 * into a temporary sibling {@code <out>.tmp-<uuid>} and renamed into place only when complete, so a
 * reader never sees half an export and a failure leaves nothing behind. Local folders are made
 * owner-only (0700, files 0600) before they become visible: they hold personal identifiers.
 */
final class ExportFolder implements Closeable {
  static final String MANIFEST = "_manifest.json";

  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");

  private final FileSystem owned;

  /** The raw local file system for file: URIs, so no .crc side files end up in the export. */
  private final FileSystem fs;

  private final Path out;
  private final String option;

  ExportFolder(Configuration hadoopConf, String out) {
    this.option = "--out " + out;
    try {
      Path path = new Path(out);
      this.owned = FileSystem.newInstance(path.toUri(), hadoopConf);
      this.fs =
          owned instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : owned;
      this.out = fs.makeQualified(path);
    } catch (IOException | IllegalArgumentException e) {
      throw OptoutException.usage(option + ": cannot open (" + e.getMessage() + ")");
    }
    if (this.out.getParent() == null) {
      throw OptoutException.usage(option + ": cannot export into a file system root");
    }
  }

  FileSystem fileSystem() {
    return fs;
  }

  /**
   * Refuses an existing --out without --overwrite; with it, refuses a folder that is not an export
   * (no manifest), so a typo in --out can never delete unrelated data.
   */
  void checkReplaceable(boolean overwrite) throws IOException {
    if (!fs.exists(out)) {
      return;
    }
    if (!overwrite) {
      throw OptoutException.usage(option + " already exists; pass --overwrite to replace it");
    }
    boolean export = fs.getFileStatus(out).isDirectory() && fs.exists(new Path(out, MANIFEST));
    if (!export) {
      throw OptoutException.usage(
          option + " exists and is not an export (no " + MANIFEST + "); refusing to replace it");
    }
  }

  /** A fresh, empty, owner-only sibling of --out to write into. */
  Path createTemp() throws IOException {
    Path temp = new Path(out.getParent(), out.getName() + ".tmp-" + UUID.randomUUID());
    fs.mkdirs(out.getParent());
    if (!fs.mkdirs(temp, new FsPermission((short) 0700))) {
      throw new IOException("cannot create " + temp);
    }
    restrictLocal(temp);
    return temp;
  }

  /** Makes a local folder 0700 and every file in it 0600; a no-op on object stores (s3a). */
  void restrictLocal(Path dir) throws IOException {
    if (!isLocal()) {
      return;
    }
    java.nio.file.Path local = new File(dir.toUri()).toPath();
    Files.setPosixFilePermissions(local, OWNER_DIR);
    for (FileStatus child : fs.listStatus(dir)) {
      java.nio.file.Path file = new File(child.getPath().toUri()).toPath();
      Files.setPosixFilePermissions(file, child.isDirectory() ? OWNER_DIR : OWNER_FILE);
    }
  }

  /** --out as the user knows it: a plain path on the local disk, the URI elsewhere. */
  String displayPath() {
    return isLocal() ? new File(out.toUri()).getPath() : out.toString();
  }

  boolean isLocal() {
    return "file".equals(out.toUri().getScheme());
  }

  /**
   * Moves the finished temp folder to --out. An export being replaced is first moved aside and only
   * deleted once the new one is in place (restored if the move fails). On a local file system each
   * rename is atomic; on s3a a rename is a copy, so readers should wait for the manifest, which is
   * part of the same folder.
   */
  void publish(Path temp, boolean overwrite) throws IOException {
    checkReplaceable(overwrite);
    Path previous = null;
    if (fs.exists(out)) {
      previous = new Path(out.getParent(), out.getName() + ".old-" + UUID.randomUUID());
      if (!fs.rename(out, previous)) {
        throw new IOException("cannot move the previous export " + out + " aside");
      }
    }
    if (!fs.rename(temp, out)) {
      if (previous != null) {
        fs.rename(previous, out);
      }
      throw new IOException("cannot rename " + temp + " to " + out);
    }
    if (previous != null) {
      fs.delete(previous, true);
    }
  }

  /** Best-effort removal of a temp folder after a failure; never hides the original error. */
  void discard(Path temp) {
    try {
      fs.delete(temp, true);
    } catch (IOException | RuntimeException ignored) {
      // the original failure is what the user needs to see
    }
  }

  @Override
  public void close() throws IOException {
    owned.close();
  }
}
