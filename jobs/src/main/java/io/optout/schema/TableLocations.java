package io.optout.schema;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Where an output table lives, computed one way for every reader and writer: {@code
 * <warehouse>/<table>} with the warehouse in one canonical form. Delta keys a table on its location
 * string, so {@code /x}, {@code file:/x} and {@code file:///x} must not name three tables.
 */
public final class TableLocations {
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

  private TableLocations() {}

  /**
   * The warehouse without trailing slashes, a local {@code file:} URI without authority ({@code
   * file:/x}, {@code file:///x}) as {@code file:/x}, the form Hadoop qualifies paths to. A plain
   * path stays a path (readers resolve it against Hadoop's default file system, see {@link
   * #qualified}); other URIs ({@code s3a://bucket/w}) are kept as they are.
   */
  public static String root(String warehouse) {
    String root = warehouse;
    while (root.length() > 1 && root.endsWith("/")) {
      root = root.substring(0, root.length() - 1);
    }
    if (root.regionMatches(true, 0, "file:/", 0, 6)
        && (!root.startsWith("//", 5) || root.startsWith("///", 5))) {
      return "file:/" + root.substring(5).replaceFirst("^/+", "");
    }
    return root;
  }

  /**
   * The warehouse qualified by its Hadoop file system (a plain path gets the default file system's
   * scheme, {@code file:/x} locally), so the pipeline, the export and maintenance name a table
   * alike.
   */
  public static String qualified(Configuration hadoop, String warehouse) throws IOException {
    Path path = new Path(root(warehouse));
    return root(path.getFileSystem(hadoop).makeQualified(path).toString());
  }

  /** The table {@code table} under {@code warehouse}. */
  public static String of(String warehouse, String table) {
    return root(warehouse) + "/" + table;
  }

  /**
   * A location as a catalog (Spark, Trino, Athena) takes it: a local one as {@code file:///abs},
   * since a catalog resolves a relative path against its own working directory.
   */
  public static String uri(String location) {
    String canonical =
        SCHEME.matcher(location).matches()
            ? root(location)
            : "file:" + Paths.get(location).toAbsolutePath().normalize();
    return canonical.startsWith("file:/") ? "file://" + canonical.substring(5) : canonical;
  }
}
