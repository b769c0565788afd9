"""The DAG files' structure, checked without Airflow: each file is imported against the fake
`airflow` package (fake_airflow/), which records what the file declares."""

import datetime as dt
import unittest

import fake_dags
from fake_dags import has_template, load_dag, render

import paths  # noqa: F401
import optout_commands as c

VARIABLES = {"optout_config": "/etc/optout/prod.conf", "optout_jar": "s3a://artifacts/optout.jar"}
PARSE_TIME = ["optout_spark_conn_id", "optout_pool", "optout_queue", "optout_start_date"]


def templated_kwargs_ok(task, fields):
    """Every keyword argument holding a template must be a template field of the real operator
    (attribute name = argument name, or "_" + name in the Airflow 2 Spark provider)."""
    bad = []
    for name, value in task.args.items():
        if has_template(value) and name not in fields and "_" + name not in fields:
            bad.append(name)
    return bad


class NightlyDagTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dag, cls.fake, cls.lookups = load_dag("optout_nightly", {"optout_pool": "optout", "optout_queue": "edge"})

    def test_schedule_and_backfill(self):
        self.assertEqual("optout_nightly", self.dag.dag_id)
        self.assertEqual("@daily", self.dag.schedule)
        self.assertIs(True, self.dag.catchup)
        self.assertEqual(1, self.dag.max_active_runs)
        self.assertEqual(dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc), self.dag.start_date)

    def test_sensor_then_run(self):
        self.assertEqual({"wait_for_inputs", "run"}, set(self.dag.tasks))
        sensor, run = self.dag.tasks["wait_for_inputs"], self.dag.tasks["run"]
        self.assertIsInstance(sensor, self.fake.PythonSensor)
        self.assertIsInstance(run, self.fake.SparkSubmitOperator)
        self.assertEqual({"run"}, sensor.downstream_task_ids)
        self.assertEqual({"wait_for_inputs"}, run.upstream_task_ids)

    def test_sensor_waits_on_exit_code_three(self):
        sensor = self.dag.tasks["wait_for_inputs"]
        self.assertIs(c.inputs_ready, sensor.args["python_callable"])
        self.assertEqual("reschedule", sensor.args["mode"], "a waiting sensor must not hold a worker slot")
        self.assertEqual(600, sensor.args["poke_interval"])
        self.assertEqual(12 * 3600, sensor.args["timeout"])
        self.assertEqual("edge", sensor.args["queue"], "the sensor runs spark-submit: same workers as the run")
        self.assertEqual(
            {"command": c.sensor_command("2024-03-01", {"config": "/etc/optout/prod.conf",
                                                        "jar": "s3a://artifacts/optout.jar"})},
            render(sensor.args["op_kwargs"], "2024-03-01", VARIABLES),
        )

    def test_run_submits_run_date_ds(self):
        run = self.dag.tasks["run"]
        self.assertEqual(["run", "--date", "{{ ds }}", "--config",
                          "{{ var.value.get('optout_config', '/opt/optout/conf/cluster.conf') }}"],
                         run.args["application_args"])
        self.assertEqual(["run", "--date", "2024-03-01", "--config", "/etc/optout/prod.conf"],
                         render(run.args["application_args"], "2024-03-01", VARIABLES))
        self.assertEqual("s3a://artifacts/optout.jar", render(run.args["application"], "2024-03-01", VARIABLES))
        self.assertEqual("io.optout.cli.Main", run.args["java_class"])
        self.assertEqual("optout-run-2024-03-01", render(run.args["name"], "2024-03-01"), "the YARN application name")
        self.assertEqual({"spark.yarn.queue": "default"}, render(run.args["conf"], "2024-03-01", VARIABLES))

    def test_run_retries_timeout_and_sla(self):
        run = self.dag.tasks["run"]
        self.assertEqual(2, run.args["retries"])
        self.assertEqual(dt.timedelta(minutes=15), run.args["retry_delay"])
        self.assertEqual(dt.timedelta(hours=4), run.args["execution_timeout"])
        self.assertEqual(dt.timedelta(hours=8), run.args["sla"])
        self.assertEqual("optout", run.args["pool"])
        self.assertEqual("edge", run.args["queue"])
        self.assertEqual("spark_default", run.args["conn_id"])

    def test_templates_only_in_template_fields(self):
        for task in self.dag.tasks.values():
            fields = type(task).template_fields
            self.assertEqual([], templated_kwargs_ok(task, fields), task.task_id)
        run = self.dag.tasks["run"]
        self.assertEqual([], templated_kwargs_ok(run, self.fake.SparkSubmitOperator.template_fields_later),
                         "also templated by the later provider releases")

    def test_parsing_reads_only_the_parse_time_variables(self):
        self.assertEqual(PARSE_TIME, self.lookups)


class AdhocDagTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dag, cls.fake, cls.lookups = load_dag("optout_adhoc")

    def test_manual_only(self):
        self.assertIsNone(self.dag.schedule)
        self.assertIs(False, self.dag.catchup)
        self.assertEqual(1, self.dag.max_active_runs)
        self.assertIs(True, self.dag.render_template_as_native_obj,
                      "the xcom template must render to the argument list, not its string")

    def test_plan_then_run_then_export(self):
        self.assertEqual({"plan", "run_window", "export"}, set(self.dag.tasks))
        plan, run, export = (self.dag.tasks[t] for t in ("plan", "run_window", "export"))
        self.assertEqual({"run_window"}, plan.downstream_task_ids)
        self.assertEqual({"export"}, run.downstream_task_ids)
        self.assertEqual({"run_window"}, export.upstream_task_ids)
        self.assertEqual("{{ ti.xcom_pull(task_ids='plan')['run'] }}", run.args["application_args"])
        self.assertEqual("{{ ti.xcom_pull(task_ids='plan')['export'] }}", export.args["application_args"])
        for task in (run, export):
            self.assertEqual([], templated_kwargs_ok(task, self.fake.SparkSubmitOperator.template_fields), task.task_id)
            self.assertEqual([], templated_kwargs_ok(task, self.fake.SparkSubmitOperator.template_fields_later))

    def test_params_cover_the_request(self):
        self.assertEqual(
            {"from", "to", "as_of", "export_period", "export_from", "export_to", "app", "channel",
             "export_format", "out", "overwrite"},
            set(self.dag.params),
        )
        self.assertEqual([None, "last-week", "last-month", "last-year"],
                         self.dag.params["export_period"].schema["enum"])
        self.assertEqual("date", self.dag.params["from"].schema["format"])

    def test_plan_callable_builds_both_commands_from_the_params(self):
        plan = self.dag.tasks["plan"]
        settings = render(plan.args["op_kwargs"], "2024-04-01", VARIABLES)["settings"]
        defaults = {name: value for name, value in self.dag.params.items()}
        params = {name: p.value for name, p in defaults.items()}
        params.update({"from": "2024-03-01", "to": "2024-03-10", "as_of": "2024-03-31", "channel": "push"})
        result = plan.args["python_callable"](params=params, ts_nodash="20240401T101500", settings=settings)
        self.assertEqual(["run", "--from", "2024-03-01", "--to", "2024-03-10", "--as-of", "2024-03-31",
                          "--config", "/etc/optout/prod.conf"], result["run"])
        self.assertEqual(["export", "--from", "2024-03-01", "--to", "2024-03-10", "--as-of", "2024-03-31",
                          "--channel", "push", "--format", "csv", "--out",
                          "/data/optout/exports/2024-03-01_2024-03-10_all-apps_push_20240401T101500",
                          "--config", "/etc/optout/prod.conf"], result["export"])

    def test_plan_fails_on_default_params(self):
        plan = self.dag.tasks["plan"]
        params = {name: p.value for name, p in self.dag.params.items()}
        with self.assertRaisesRegex(ValueError, "param 'from' is required"):
            plan.args["python_callable"](params=params, ts_nodash="x", settings={})


class MaintenanceDagTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dag, cls.fake, cls.lookups = load_dag("optout_maintenance")

    def test_weekly_maintain(self):
        self.assertEqual("0 10 * * 0", self.dag.schedule)
        self.assertIs(False, self.dag.catchup)
        self.assertEqual({"maintain"}, set(self.dag.tasks))
        task = self.dag.tasks["maintain"]
        self.assertIsInstance(task, self.fake.SparkSubmitOperator)
        self.assertEqual(["maintain", "--config", "/etc/optout/prod.conf"],
                         render(task.args["application_args"], "2024-03-03", VARIABLES))
        self.assertEqual(dt.timedelta(hours=6), task.args["execution_timeout"])
        self.assertEqual(1, task.args["retries"])


class AllDagsTest(unittest.TestCase):
    def test_every_dag_file_is_checked(self):
        import os
        files = sorted(f[:-3] for f in os.listdir(paths.DAGS) if f.endswith(".py") and f != "optout_commands.py")
        self.assertEqual(sorted(fake_dags.DAG_MODULES), files)

    def test_helper_module_is_airflowignored(self):
        with open(paths.DAGS + "/.airflowignore") as f:
            self.assertIn("optout_commands\\.py", f.read())

    def test_fake_airflow_rejects_unknown_operator_arguments(self):
        with fake_dags.fake_airflow() as fake:
            with fake.DAG("x"):
                with self.assertRaisesRegex(TypeError, "yarn_queue"):
                    fake.SparkSubmitOperator(task_id="t", yarn_queue="etl")

    def test_fake_airflow_is_gone_after_the_tests(self):
        import sys
        load_dag("optout_nightly")
        self.assertNotIn("airflow", sys.modules)
        self.assertNotIn(paths.FAKE_AIRFLOW, sys.path)


if __name__ == "__main__":
    unittest.main()
