"""Reads the optout warehouse into pandas for the notebooks, with PySpark when it is installed
(a cluster, Databricks, EMR: pip install pyspark==3.5.* delta-spark==3.3.*) and otherwise through
the project's own CLI (bin/optout query ... --format csv), chosen automatically.

Every question is one Spark SQL statement over the table views (optout_daily, ...). Through the CLI
all statements go into ONE `bin/optout query` call (each call starts a JVM): each result row is
serialised with to_json and tagged with its statement's name, and pandas splits them again.

Settings (environment): OPTOUT_WAREHOUSE (default ../data/warehouse, relative to this folder),
OPTOUT_LAUNCHER (default ../bin/optout), OPTOUT_NOTEBOOK_ENGINE=spark|cli to force one engine.
"""

import csv
import io
import json
import os
import subprocess

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
WAREHOUSE = os.environ.get("OPTOUT_WAREHOUSE", os.path.join(HERE, "..", "data", "warehouse"))
LAUNCHER = os.environ.get("OPTOUT_LAUNCHER", os.path.join(HERE, "..", "bin", "optout"))


def _spark_available():
    try:
        import pyspark  # noqa: F401
        import delta  # noqa: F401
        return True
    except ImportError:
        return False


ENGINE = os.environ.get("OPTOUT_NOTEBOOK_ENGINE") or ("spark" if _spark_available() else "cli")


def table_exists(name):
    """A table is there when its Delta log is. Remote warehouses (s3a://) are assumed to have every table."""
    if "://" in WAREHOUSE and not WAREHOUSE.startswith("file:"):
        return True
    return os.path.isdir(os.path.join(WAREHOUSE.replace("file:", ""), name, "_delta_log"))


def load(questions):
    """questions: {name: (tables, sql)}, tables a name or a tuple of the names the statement reads.
    Returns {name: DataFrame, or None when one of its tables is absent}."""
    present = {name: q for name, q in questions.items() if all(table_exists(t) for t in _names(q[0]))}
    results = dict.fromkeys(questions)
    if present:
        results.update(_spark(present) if ENGINE == "spark" else _cli(present))
    return results


def _names(tables):
    return (tables,) if isinstance(tables, str) else tuple(tables)


def _spark(questions):
    from delta import configure_spark_with_delta_pip
    from pyspark.sql import SparkSession

    spark = configure_spark_with_delta_pip(
        SparkSession.builder.appName("optout-notebook")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")  # timestamps are UTC instants; dates are already local
    ).getOrCreate()
    for table in {t for q in questions.values() for t in _names(q[0])}:
        spark.read.format("delta").load(f"{WAREHOUSE}/{table}").createOrReplaceTempView(table)
    return {name: spark.sql(sql).toPandas() for name, (table, sql) in questions.items()}


def _cli(questions):
    union = " UNION ALL ".join(
        f"SELECT '{name}' AS question, to_json(struct(*), map('ignoreNullFields', 'false')) AS row FROM ({sql})"
        for name, (table, sql) in questions.items())
    command = [LAUNCHER, "query", union, "--format", "csv", "--limit", "10000000",
               f"-Doptout.warehouse={os.path.abspath(WAREHOUSE)}"]
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:2])} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    rows = {name: [] for name in questions}
    for record in csv.DictReader(io.StringIO(done.stdout)):
        rows[record["question"]].append(json.loads(record["row"]))
    return {name: pd.DataFrame(values) for name, values in rows.items()}
