package io.optout.spark.internal;

import io.optout.OptoutException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import scala.collection.JavaConverters;

/**
 * Tells whether a SQL statement only reads, by its parsed logical plan (the session's parser,
 * Delta's extensions included), not by keywords in its text: comments, case and CTEs cannot hide a
 * write. Allowed: queries (SELECT, WITH, VALUES, TABLE, set operations) and a few commands that
 * only describe (DESCRIBE, SHOW TABLES, SHOW COLUMNS). Everything else (INSERT, DELETE, UPDATE,
 * MERGE, DROP, ALTER, CREATE, TRUNCATE, REPLACE, CACHE, SET, OPTIMIZE, VACUUM, RESTORE, ...) is
 * refused, as are reflect/java_method, which call arbitrary Java methods.
 *
 * <p>Why it reads Spark's internal plan classes: {@code spark.sql} runs a command (INSERT, DROP,
 * DELETE, ...) the moment it is called, so the kind of a statement must be known before it reaches
 * Spark, and only the parser can tell it. Spark's public API hands out no parser output; a keyword
 * check of the text is what comments, case and CTEs defeat; {@code EXPLAIN} text is a display
 * format; and no session setting makes a session read-only (the warehouse is files: Delta writes
 * wherever the process may). The parser is public in spirit (Spark's own {@code spark-sql} shell
 * uses it), and the node classes it names (query nodes, commands, parsed statements) have kept
 * their packages from Spark 3.0 to 4.1; ReadOnlySqlTest holds the list of statements on the Spark
 * line the suite runs.
 */
public final class ReadOnlySql {
  private ReadOnlySql() {}

  /** Read-only commands: they describe tables and never change them. */
  private static final Set<String> DESCRIBING =
      Set.of("DescribeRelation", "DescribeColumn", "ShowTables", "ShowColumns");

  /** Plan nodes of Spark's own logical algebra (Delta's commands live elsewhere: refused). */
  private static final Set<String> QUERY_PACKAGES =
      Set.of(
          "org.apache.spark.sql.catalyst.plans.logical", "org.apache.spark.sql.catalyst.analysis");

  private static final Set<String> JAVA_CALLS = Set.of("reflect", "java_method");

  /**
   * Parses {@code statement} with the session's parser and throws a usage error (exit 2) naming the
   * statement kind unless it only reads; a statement that does not parse throws Spark's
   * ParseException.
   */
  public static void check(SparkSession spark, String statement) throws AnalysisException {
    check(spark.sessionState().sqlParser().parsePlan(statement));
  }

  private static void check(LogicalPlan parsed) {
    Deque<LogicalPlan> todo = new ArrayDeque<>();
    todo.push(parsed);
    while (!todo.isEmpty()) {
      LogicalPlan node = todo.pop();
      String refused = refusal(node);
      if (refused != null) {
        throw OptoutException.usage(
            "query only reads: this statement "
                + refused
                + " ("
                + node.nodeName()
                + "); use SELECT, WITH, VALUES, DESCRIBE or SHOW TABLES");
      }
      JavaConverters.seqAsJavaList(node.children()).forEach(todo::push);
      JavaConverters.seqAsJavaList(node.subqueries()).forEach(todo::push);
      // CTE definitions are inner children, not children
      JavaConverters.seqAsJavaList(node.innerChildren())
          .forEach(
              inner -> {
                if (inner instanceof LogicalPlan plan) {
                  todo.push(plan);
                }
              });
    }
  }

  /** Why the node is refused, or null when it only reads. */
  private static String refusal(LogicalPlan node) {
    String simpleName = node.getClass().getSimpleName();
    if (DESCRIBING.contains(simpleName)) {
      return null;
    }
    // INSERT OVERWRITE DIRECTORY parses to a plain node (InsertIntoDir), not a command
    if (node instanceof Command
        || node instanceof ParsedStatement
        || simpleName.startsWith("Insert")) {
      return "is a command that may write, drop or change settings";
    }
    if (!QUERY_PACKAGES.contains(node.getClass().getPackageName())) {
      return "is not a query";
    }
    boolean javaCall =
        JavaConverters.seqAsJavaList(node.expressions()).stream()
            .anyMatch(
                e ->
                    e.find(
                            x ->
                                x instanceof UnresolvedFunction f
                                    && JAVA_CALLS.contains(
                                        f.nameParts().last().toLowerCase(Locale.ROOT)))
                        .isDefined());
    return javaCall ? "calls Java methods (reflect/java_method)" : null;
  }
}
