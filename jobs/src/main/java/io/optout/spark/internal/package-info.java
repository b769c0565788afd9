/**
 * The only package that touches Spark's internal API (its {@code catalyst}, {@code execution},
 * {@code internal} and {@code unsafe} packages, and members Scala keeps package-private): each
 * class is one use that Spark's public API cannot replace at the same cost, with a comment saying
 * what it buys and how that was measured. Where the Spark lines differ, a class has a variant per
 * line under {@code src/main/spark-LINE/java} (the build picks the line's folder); the others are
 * here. {@code CodebaseRulesTest} fails when another package imports Spark's internals.
 */
package io.optout.spark.internal;
