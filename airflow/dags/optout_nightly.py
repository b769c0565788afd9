"""optout_nightly: the nightly opt-out pipeline run for one logical date.

wait_for_inputs -> run

* ``wait_for_inputs`` (PythonSensor, reschedule mode) runs ``optout inputs --date {{ ds }}``
  through spark-submit with a local master on the worker: exit code 0 means the consent, push
  and event partitions dt={{ ds }} are there; 3 means not yet (poke again in 10 minutes, up to
  12 hours); any other code fails the task at once (bad configuration, unreachable storage).
* ``run`` submits ``optout run --date {{ ds }}`` with SparkSubmitOperator: it recomputes the
  opt-out dates [ds - R, ds] of every table, so a failed day is healed by the next run.

catchup=True with max_active_runs=1: after a pause, missed days run one at a time, oldest first
(two runs never write the tables at once). Settings: Airflow Variables optout_* (docs/operations.md, section Airflow).
"""

from __future__ import annotations

from datetime import timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sensors.python import PythonSensor

import optout_commands as commands

SETTINGS = commands.templated_settings()
PARSED = commands.parse_time_settings(Variable.get)

with DAG(
    dag_id="optout_nightly",
    description="Nightly opt-out pipeline: wait for the day's input, then run --date {{ ds }}",
    schedule="@daily",
    start_date=commands.start_date(PARSED),
    catchup=True,
    max_active_runs=1,
    default_args={
        "owner": "optout",
        "queue": PARSED["queue"],
        "retries": 2,
        "retry_delay": timedelta(minutes=15),
    },
    tags=["optout"],
    doc_md=__doc__,
) as dag:
    wait_for_inputs = PythonSensor(
        task_id="wait_for_inputs",
        python_callable=commands.inputs_ready,
        op_kwargs={"command": commands.sensor_command("{{ ds }}", SETTINGS)},
        mode="reschedule",
        poke_interval=10 * 60,
        timeout=12 * 60 * 60,
    )

    run = SparkSubmitOperator(
        task_id="run",
        conn_id=PARSED["spark_conn_id"],
        pool=PARSED["pool"],
        execution_timeout=timedelta(hours=4),
        sla=timedelta(hours=8),
        **commands.spark_submit_operator_kwargs(
            commands.nightly_run_args("{{ ds }}", SETTINGS), SETTINGS, name="optout-run-{{ ds }}"
        ),
    )

    wait_for_inputs >> run
