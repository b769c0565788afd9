"""optout_maintenance: weekly compaction and clean-up of the warehouse tables.

Submits ``optout maintain`` (OPTIMIZE, then VACUUM with a retention that keeps the time travel
exports rely on). Sundays 10:00 UTC, away from the nightly run; give both DAGs the same pool with
one slot (Variable optout_pool) so they never write the tables at the same time.
"""

from __future__ import annotations

from datetime import timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

import optout_commands as commands

SETTINGS = commands.templated_settings()
PARSED = commands.parse_time_settings(Variable.get)

with DAG(
    dag_id="optout_maintenance",
    description="Weekly OPTIMIZE and VACUUM of the optout Delta tables",
    schedule="0 10 * * 0",
    start_date=commands.start_date(PARSED),
    catchup=False,
    max_active_runs=1,
    default_args={
        "owner": "optout",
        "queue": PARSED["queue"],
        "retries": 1,
        "retry_delay": timedelta(minutes=30),
    },
    tags=["optout"],
    doc_md=__doc__,
) as dag:
    maintain = SparkSubmitOperator(
        task_id="maintain",
        conn_id=PARSED["spark_conn_id"],
        pool=PARSED["pool"],
        execution_timeout=timedelta(hours=6),
        **commands.spark_submit_operator_kwargs(commands.maintenance_args(SETTINGS), SETTINGS),
    )
