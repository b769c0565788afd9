"""optout_adhoc: rerun a campaign window and export the users who opted out in it.

plan -> run_window -> export

Trigger by hand with a configuration, e.g.
``{"from": "2024-03-01", "to": "2024-03-10", "as_of": "2024-03-31", "channel": "push"}``.

* ``plan`` validates the params (dates, from <= to <= as_of, export period xor export dates,
  channel, format) and returns both command lines; bad params fail here, before any Spark job.
* ``run_window`` submits ``optout run --from A --to B [--as-of D]``.
* ``export`` submits ``optout export`` for ``export_period`` (last-week | last-month | last-year,
  relative to as_of), or ``export_from``/``export_to``, or by default the rerun window itself,
  filtered by ``app``/``channel``, into ``out`` or a new folder under Variable optout_export_root.

render_template_as_native_obj=True so that ``{{ ti.xcom_pull(...)['run'] }}`` renders to the
argument list itself, not its string form.
"""

from __future__ import annotations

from datetime import timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.models.param import Param
from airflow.operators.python import PythonOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

import optout_commands as commands

SETTINGS = commands.templated_settings()
PARSED = commands.parse_time_settings(Variable.get)


def _optional(kind: str, description: str, **schema) -> Param:
    # Defaults are None so the DAG imports on every Airflow 2 release; plan() says what is missing.
    return Param(None, type=["null", kind], description=description, **schema)


def plan(params, ts_nodash, settings):
    """Airflow passes the run's params and timestamp by parameter name."""
    return commands.adhoc_plan(params, settings, stamp=ts_nodash)


with DAG(
    dag_id="optout_adhoc",
    description="Rerun opt-out dates [from, to] and export the opted-out users",
    schedule=None,
    start_date=commands.start_date(PARSED),
    catchup=False,
    max_active_runs=1,
    render_template_as_native_obj=True,
    params={
        "from": _optional("string", "First opt-out date to recompute (YYYY-MM-DD), required", format="date"),
        "to": _optional("string", "Last opt-out date to recompute (YYYY-MM-DD), required", format="date"),
        "as_of": _optional("string", "Input complete through this date (default: yesterday)", format="date"),
        "export_period": _optional("string", "last-week, last-month or last-year (relative to as_of)",
                                   enum=[None, *commands.PERIODS]),
        "export_from": _optional("string", "Export opt-out dates from (with export_to)", format="date"),
        "export_to": _optional("string", "Export opt-out dates to (with export_from)", format="date"),
        "app": _optional("string", "Only this app_id"),
        "channel": _optional("string", "Only this channel", enum=[None, *commands.CHANNELS]),
        "export_format": Param("csv", type="string", enum=list(commands.EXPORT_FORMATS)),
        "out": _optional("string", "Export folder or s3a:// URI (default: a new folder under optout_export_root)"),
        "overwrite": Param(False, type="boolean", description="Replace an existing export at out"),
    },
    default_args={
        "owner": "optout",
        "queue": PARSED["queue"],
        "retries": 1,
        "retry_delay": timedelta(minutes=10),
    },
    tags=["optout"],
    doc_md=__doc__,
) as dag:
    plan_task = PythonOperator(
        task_id="plan",
        python_callable=plan,
        op_kwargs={"settings": SETTINGS},
        retries=0,
    )

    run_window = SparkSubmitOperator(
        task_id="run_window",
        conn_id=PARSED["spark_conn_id"],
        pool=PARSED["pool"],
        execution_timeout=timedelta(hours=8),
        **commands.spark_submit_operator_kwargs(
            "{{ ti.xcom_pull(task_ids='plan')['run'] }}", SETTINGS, name="optout-adhoc-run"
        ),
    )

    export = SparkSubmitOperator(
        task_id="export",
        conn_id=PARSED["spark_conn_id"],
        pool=PARSED["pool"],
        execution_timeout=timedelta(hours=2),
        **commands.spark_submit_operator_kwargs(
            "{{ ti.xcom_pull(task_ids='plan')['export'] }}", SETTINGS, name="optout-adhoc-export"
        ),
    )

    plan_task >> run_window >> export
