"""The command lines the DAGs submit, checked argument by argument (standard library only)."""

import os
import stat
import sys
import tempfile
import textwrap
import unittest

import paths  # noqa: F401  (puts the DAG folder on sys.path)
import optout_commands as c

SETTINGS = {
    "jar": "/opt/optout/optout-jobs-cluster.jar",
    "config": "/etc/optout/prod.conf",
    "yarn_queue": "etl",
    "spark_submit": "/usr/lib/spark/bin/spark-submit",
    "sensor_master": "local[2]",
    "export_root": "s3a://exports/optout/",
    "launcher": "/srv/optout/bin/optout",
}


class ApplicationArgsTest(unittest.TestCase):
    def test_nightly_run(self):
        self.assertEqual(
            ["run", "--date", "2024-03-01", "--config", "/etc/optout/prod.conf"],
            c.nightly_run_args("2024-03-01", SETTINGS),
        )

    def test_inputs(self):
        self.assertEqual(
            ["inputs", "--date", "2024-03-01", "--config", "/etc/optout/prod.conf"],
            c.inputs_args("2024-03-01", SETTINGS),
        )

    def test_config_is_left_out_when_empty(self):
        self.assertEqual(["run", "--date", "2024-03-01"], c.nightly_run_args("2024-03-01", {"config": ""}))

    def test_maintenance_with_and_without_retention(self):
        self.assertEqual(["maintain", "--config", "/etc/optout/prod.conf"], c.maintenance_args(SETTINGS))
        self.assertEqual(
            ["maintain", "--vacuum-hours", "336", "--config", "/etc/optout/prod.conf"],
            c.maintenance_args({**SETTINGS, "vacuum_hours": 336}),
        )

    def test_templates_pass_through_unchanged(self):
        templated = c.templated_settings()
        self.assertEqual(
            ["run", "--date", "{{ ds }}", "--config",
             "{{ var.value.get('optout_config', '/opt/optout/conf/cluster.conf') }}"],
            c.nightly_run_args("{{ ds }}", templated),
        )
        self.assertNotIn("spark_conn_id", templated, "conn_id is not a template field: never a template")
        self.assertNotIn("pool", templated)

    def test_adhoc_run_window(self):
        self.assertEqual(
            ["run", "--from", "2024-03-01", "--to", "2024-03-10", "--as-of", "2024-03-31",
             "--config", "/etc/optout/prod.conf"],
            c.adhoc_run_args({"from": "2024-03-01", "to": "2024-03-10", "as_of": "2024-03-31"}, SETTINGS),
        )
        self.assertEqual(
            ["run", "--from", "2024-03-01", "--to", "2024-03-01", "--config", "/etc/optout/prod.conf"],
            c.adhoc_run_args({"from": "2024-03-01", "to": " 2024-03-01 ", "as_of": ""}, SETTINGS),
        )

    def test_adhoc_export_defaults_to_the_run_window(self):
        self.assertEqual(
            ["export", "--from", "2024-03-01", "--to", "2024-03-10", "--format", "csv",
             "--out", "s3a://exports/optout/2024-03-01_2024-03-10_all-apps_all-channels_20240401T120000",
             "--config", "/etc/optout/prod.conf"],
            c.adhoc_export_args({"from": "2024-03-01", "to": "2024-03-10"}, SETTINGS, stamp="20240401T120000"),
        )

    def test_adhoc_export_period_with_filters(self):
        params = {"from": "2024-03-01", "to": "2024-03-10", "as_of": "2024-03-31", "export_period": "last-month",
                  "app": "app-7", "channel": "Push", "export_format": "parquet", "overwrite": True,
                  "out": "s3a://exports/campaign-42"}
        self.assertEqual(
            ["export", "--period", "last-month", "--as-of", "2024-03-31", "--app", "app-7", "--channel", "push",
             "--format", "parquet", "--out", "s3a://exports/campaign-42", "--overwrite",
             "--config", "/etc/optout/prod.conf"],
            c.adhoc_export_args(params, SETTINGS, stamp="ignored-because-out-is-given"),
        )

    def test_adhoc_export_dates_of_their_own(self):
        params = {"from": "2024-03-01", "to": "2024-03-10", "export_from": "2024-02-01", "export_to": "2024-03-10",
                  "channel": "email"}
        self.assertEqual(
            ["export", "--from", "2024-02-01", "--to", "2024-03-10", "--channel", "email", "--format", "csv",
             "--out", "s3a://exports/optout/2024-02-01_2024-03-10_all-apps_email"],
            c.adhoc_export_args(params, {**SETTINGS, "config": ""}),
        )

    def test_plan_holds_both_commands(self):
        plan = c.adhoc_plan({"from": "2024-03-01", "to": "2024-03-02"}, SETTINGS, stamp="S")
        self.assertEqual(["export", "run"], sorted(plan))
        self.assertEqual(plan["run"], c.adhoc_run_args({"from": "2024-03-01", "to": "2024-03-02"}, SETTINGS))
        self.assertEqual(plan["export"][-3], "s3a://exports/optout/2024-03-01_2024-03-02_all-apps_all-channels_S")


class AdhocValidationTest(unittest.TestCase):
    BASE = {"from": "2024-03-01", "to": "2024-03-10"}

    def assertRejected(self, params, *fragments):
        with self.assertRaises(ValueError) as caught:
            c.validate_adhoc_params(params)
        for fragment in fragments:
            self.assertIn(fragment, str(caught.exception))

    def test_required_dates(self):
        self.assertRejected({"to": "2024-03-10"}, "param 'from' is required")
        self.assertRejected({"from": "2024-03-01", "to": None}, "param 'to' is required")

    def test_malformed_dates(self):
        self.assertRejected({**self.BASE, "from": "2024-02-30"}, "param 'from'", "'2024-02-30' is not a date")
        self.assertRejected({**self.BASE, "to": "10/03/2024"}, "param 'to'")
        self.assertRejected({**self.BASE, "as_of": "20240331"}, "param 'as_of'")
        self.assertRejected({**self.BASE, "export_from": "2024-3-1", "export_to": "2024-03-10"}, "param 'export_from'")

    def test_order_of_dates(self):
        self.assertRejected({"from": "2024-03-11", "to": "2024-03-10"},
                            "'from' (2024-03-11) is after 'to' (2024-03-10)")
        self.assertRejected({**self.BASE, "as_of": "2024-03-09"}, "'to' (2024-03-10) is after 'as_of' (2024-03-09)")
        self.assertRejected({**self.BASE, "export_from": "2024-03-05", "export_to": "2024-03-04"},
                            "'export_from' (2024-03-05) is after 'export_to' (2024-03-04)")
        self.assertRejected({**self.BASE, "as_of": "2024-03-20", "export_from": "2024-03-01",
                             "export_to": "2024-03-21"},
                            "'export_to' (2024-03-21) is after 'as_of'")

    def test_export_period_versus_dates(self):
        self.assertRejected({**self.BASE, "export_period": "last-month", "export_from": "2024-03-01"},
                            "either param 'export_period' or 'export_from'/'export_to'")
        self.assertRejected({**self.BASE, "export_period": "last-quarter"}, "'last-quarter' is not one of last-week")
        self.assertRejected({**self.BASE, "export_to": "2024-03-10"}, "'export_from' and 'export_to' go together")

    def test_filters_and_flags(self):
        self.assertRejected({**self.BASE, "channel": "fax"}, "param 'channel': 'fax'")
        self.assertRejected({**self.BASE, "export_format": "xlsx"}, "param 'export_format'")
        self.assertRejected({**self.BASE, "app": "my app"}, "param 'app'")
        self.assertRejected({**self.BASE, "overwrite": "yes"}, "param 'overwrite'")

    def test_normalised_values(self):
        p = c.validate_adhoc_params({**self.BASE, "channel": " SMS ", "app": "", "export_format": "CSV"})
        self.assertEqual("sms", p["channel"])
        self.assertIsNone(p["app"])
        self.assertEqual("csv", p["export_format"])
        self.assertEqual(("2024-03-01", "2024-03-10"), (p["export_from"], p["export_to"]))


class CommandLineTest(unittest.TestCase):
    def test_spark_submit_for_the_cluster(self):
        self.assertEqual(
            ["/usr/lib/spark/bin/spark-submit", "--conf", "spark.yarn.queue=etl", "--class", "io.optout.cli.Main",
             "/opt/optout/optout-jobs-cluster.jar", "run", "--date", "2024-03-01", "--config", "/etc/optout/prod.conf"],
            c.spark_submit_command(c.nightly_run_args("2024-03-01", SETTINGS), SETTINGS),
        )

    def test_sensor_runs_on_the_worker_with_a_local_master(self):
        self.assertEqual(
            ["/usr/lib/spark/bin/spark-submit", "--master", "local[2]", "--conf", "spark.ui.enabled=false",
             "--class", "io.optout.cli.Main", "/opt/optout/optout-jobs-cluster.jar",
             "inputs", "--date", "2024-03-01", "--config", "/etc/optout/prod.conf"],
            c.sensor_command("2024-03-01", SETTINGS),
        )

    def test_local_launcher(self):
        self.assertEqual(
            ["/srv/optout/bin/optout", "run", "--date", "2024-03-01", "--config", "/etc/optout/prod.conf"],
            c.local_command(c.nightly_run_args("2024-03-01", SETTINGS), SETTINGS),
        )

    def test_operator_kwargs_match_the_spark_submit_line(self):
        kwargs = c.spark_submit_operator_kwargs(c.nightly_run_args("2024-03-01", SETTINGS), SETTINGS)
        self.assertEqual(
            {"application": "/opt/optout/optout-jobs-cluster.jar", "java_class": "io.optout.cli.Main",
             "conf": {"spark.yarn.queue": "etl"}, "name": "optout-run",
             "application_args": ["run", "--date", "2024-03-01", "--config", "/etc/optout/prod.conf"]},
            kwargs,
        )

    def test_defaults_fill_missing_settings(self):
        self.assertEqual(
            ["bin/optout", "inputs", "--date", "2024-03-01", "--config", "/opt/optout/conf/cluster.conf"],
            c.local_command(c.inputs_args("2024-03-01")),
        )

    def test_parse_time_settings_read_one_variable_each(self):
        asked = []

        def variable_get(key, default_var=None):
            asked.append(key)
            return {"optout_pool": "optout"}.get(key, default_var)

        got = c.parse_time_settings(variable_get)
        self.assertEqual(["optout_spark_conn_id", "optout_pool", "optout_queue", "optout_start_date"], asked)
        self.assertEqual({"spark_conn_id": "spark_default", "pool": "optout", "queue": "default",
                          "start_date": "2024-01-01"}, got)
        self.assertEqual("2024-01-01T00:00:00+00:00", c.start_date(got).isoformat())


class InputsReadyTest(unittest.TestCase):
    """The sensor's check against a stand-in command with a chosen exit code."""

    def script(self, code):
        folder = tempfile.mkdtemp()
        self.addCleanup(lambda: __import__("shutil").rmtree(folder))
        path = os.path.join(folder, "inputs.py")
        with open(path, "w") as f:
            f.write(textwrap.dedent(f"""
                import sys
                print("lake consent MISSING")
                sys.exit({code})
            """))
        os.chmod(path, stat.S_IRWXU)
        return [sys.executable, path]

    def test_zero_is_ready(self):
        self.assertIs(True, c.inputs_ready(self.script(0)))

    def test_three_is_not_yet(self):
        self.assertIs(False, c.inputs_ready(self.script(c.INPUT_MISSING)))

    def test_other_codes_fail_at_once(self):
        for code in (1, 2, 137):
            with self.subTest(code=code), self.assertRaises(c.InputCheckFailed) as caught:
                c.inputs_ready(self.script(code))
            self.assertIn(f"exited with code {code}", str(caught.exception))
            self.assertIn("lake consent MISSING", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
