"""Runs exactly the command lines the DAGs submit, through the local launcher bin/optout, against a
small generated lake in a temporary folder, then checks the tables.

Slow (builds the jar if needed, starts several JVMs): it runs only when OPTOUT_INTEGRATION is set
(`./mvnw verify` sets it). Any command that fails fails the test; nothing is skipped once it is enabled.
With OPTOUT_IT_DIR set, it works in that folder (emptied first) and leaves the lake and warehouse
there: `./mvnw verify` then executes the notebooks on that warehouse instead of building another.
"""

import csv
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import paths
import optout_commands as c

ENABLED = bool(os.environ.get("OPTOUT_INTEGRATION"))
REASON = ("OPTOUT_INTEGRATION is not set: the local integration test of the Airflow command lines "
          "(generate -> inputs -> run -> query through bin/optout) did NOT run. "
          "Run it with: OPTOUT_INTEGRATION=1 python3 -m unittest discover -s airflow/tests -p 'it_*.py' -v")
if not ENABLED:
    sys.stderr.write("\n" + "!" * 100 + "\n!! SKIPPED: " + REASON + "\n" + "!" * 100 + "\n")

START = dt.date(2024, 3, 1)
# enough users and days for every chart of the notebooks that read this warehouse afterwards, and
# more days than a nightly run recomputes, so its window check below can fail
USERS = 600
DAYS = 35
KEEP = os.environ.get("OPTOUT_IT_DIR")
LAKES = ("consent", "push", "campaign", "event")
TIMEOUT = 20 * 60
# R of docs/metrics.md section 6 with the default config: max lookback 30 + late-arrival 3
NIGHTLY_DAYS = 30 + 3


@unittest.skipUnless(ENABLED, REASON)
class LocalIntegrationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if KEEP:
            shutil.rmtree(KEEP, ignore_errors=True)
            os.makedirs(KEEP)
        cls.tmp = os.path.abspath(KEEP) if KEEP else tempfile.mkdtemp(prefix="optout-airflow-it-")
        cls.lake = os.path.join(cls.tmp, "lake")
        cls.warehouse = os.path.join(cls.tmp, "warehouse")
        cls.config = os.path.join(cls.tmp, "it.conf")
        lakes = ", ".join(f'{lake} {{ path = "{os.path.join(cls.lake, lake)}" }}' for lake in LAKES)
        with open(cls.config, "w") as f:
            f.write(f'optout {{\n  warehouse = "{cls.warehouse}"\n  lakes {{ {lakes} }}\n}}\n')
        # What a deployment puts in the Airflow Variables optout_config and optout_launcher.
        cls.settings = {"config": cls.config, "launcher": os.path.join(paths.REPO, "bin", "optout")}
        # The environment beats the --config file: point it at the same folders, so a stray
        # OPTOUT_WAREHOUSE on the machine can never send this test to real data.
        cls.env = dict(os.environ)
        cls.env.update({"OPTOUT_WAREHOUSE": cls.warehouse, "OPTOUT_SPARK_MASTER": "local[2]",
                        "JAVA_OPTS": os.environ.get("JAVA_OPTS", "-Xmx2g")})
        cls.env.update({f"OPTOUT_LAKE_{lake.upper()}": os.path.join(cls.lake, lake) for lake in LAKES})
        cls.optout(["generate", "--users", str(USERS), "--days", str(DAYS), "--start", START.isoformat(),
                    "--apps", "2", "--seed", "7", "--out", cls.lake])
        cls.ds = cls.last_complete_day()

    @classmethod
    def last_complete_day(cls):
        """The last dt every event lake has (a small lake may have a day without consent changes)."""
        days = None
        for lake in ("consent", "push", "event"):
            folder = os.path.join(cls.lake, lake)
            found = {name[3:] for name in os.listdir(folder) if name.startswith("dt=")}
            days = found if days is None else days & found
        if not days:
            raise AssertionError(f"no dt partition common to the consent, push and event lakes under {cls.lake}")
        return max(days)

    @classmethod
    def tearDownClass(cls):
        if not KEEP:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def optout(cls, app_args, expected_code=0):
        """Runs the local launcher command for app_args; a different exit code fails the test."""
        command = c.local_command(app_args, cls.settings)
        started = time.time()
        done = subprocess.run(command, cwd=cls.tmp, env=cls.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=TIMEOUT)
        sys.stderr.write(f"\n  optout {app_args[0]}: {time.time() - started:.0f} s ")
        if done.returncode != expected_code:
            raise AssertionError(
                f"{' '.join(command)}\nexited with {done.returncode}, expected {expected_code}\n"
                f"--- stdout ---\n{done.stdout[-4000:]}\n--- stderr ---\n{done.stderr[-4000:]}")
        return done.stdout

    @classmethod
    def query(cls, sql):
        out = cls.optout(["query", sql, "--format", "csv", "--config", cls.config])
        rows = [row for row in csv.reader(out.strip().splitlines()) if row]
        if len(rows) < 2:
            raise AssertionError(f"query returned no rows: {sql}\n{out}")
        return rows[0], rows[1:]

    @classmethod
    def campaign_window(cls):
        """The ad-hoc export's campaign window: inside the nightly run's window, [ds - 14, ds - 5]."""
        ds = dt.date.fromisoformat(cls.ds)
        return (ds - dt.timedelta(days=14)).isoformat(), (ds - dt.timedelta(days=5)).isoformat()

    # test_1 before test_2 (unittest runs them by name): the ad-hoc export reads the tables the
    # nightly run writes
    def test_1_nightly_commands_end_to_end(self):
        # 1. The sensor's command: the partitions of self.ds are there (exit 0); a date after the lake is not (exit 3).
        report = self.optout(c.inputs_args(self.ds, self.settings))
        self.assertIn(f"dt={self.ds}", report)
        later = (START + dt.timedelta(days=DAYS + 30)).isoformat()
        self.optout(c.inputs_args(later, self.settings), expected_code=c.INPUT_MISSING)

        # 2. The nightly run for self.ds, exactly as the DAG submits it.
        self.optout(c.nightly_run_args(self.ds, self.settings))
        self.assertTrue(os.path.isdir(os.path.join(self.warehouse, "optout_facts", "_delta_log")),
                        "optout_facts is a Delta table")
        # one query, one JVM: the fact table's count and date range, the daily table's sum, and
        # the users test_2's export must list (so test_2 needs no query JVM of its own)
        since, until = self.campaign_window()
        _, rows = self.query(
            "select count(*) as n, min(opt_out_date) as first, max(opt_out_date) as last, "
            "(select sum(opt_outs) from optout_daily) as daily, "
            "(select count(*) from (select distinct app_id, user_id, channel from optout_facts "
            f"where channel = 'push' and opt_out_date between '{since}' and '{until}')) as push_users "
            "from optout_facts")
        count, first, last, daily = int(rows[0][0]), rows[0][1], rows[0][2], rows[0][3]
        type(self).push_users_in_campaign_window = int(rows[0][4])
        self.assertGreater(count, 0, f"{USERS} generated users over {DAYS} days produce opt-outs")
        self.assertLessEqual(last, self.ds, "nothing after the run date")
        window_start = (dt.date.fromisoformat(self.ds) - dt.timedelta(days=NIGHTLY_DAYS)).isoformat()
        self.assertGreaterEqual(first, window_start, "a nightly run writes only [ds - R, ds]")
        self.assertEqual(count, int(float(daily)), "optout_daily adds up to optout_facts")
        # A retry of the same task (Airflow retries=2) gives the same tables: a rerun of a night
        # equals an uninterrupted run (CrashSafetyTest.aRerunAfterTheKilledNightsEqualsAnUninterruptedRun),
        # so no second run here.

    def test_2_adhoc_commands_end_to_end(self):
        # The ad-hoc DAG's plan for a campaign window inside the nightly run's window, then its export.
        # Its run command is not executed: the nightly's run already went through the launcher, the
        # DAG tests compare the plan's argument lists exactly, and RunsCommandTest runs
        # `run --from --to --as-of`; a second pipeline run here cost a minute of the suite.
        out = os.path.join(self.tmp, "exports", "campaign")
        since, until = self.campaign_window()
        params = {"from": since, "to": until, "as_of": self.ds, "channel": "push", "out": out}
        plan = c.adhoc_plan(params, self.settings, stamp="it")
        self.assertEqual(["run", "--from", params["from"], "--to", params["to"], "--as-of", self.ds], plan["run"][:7])
        self.optout(plan["export"])
        self.assertTrue(os.path.isfile(os.path.join(out, "_manifest.json")), os.listdir(self.tmp))
        exported = [name for name in os.listdir(out) if name.endswith(".csv")]
        self.assertEqual(1, len(exported), os.listdir(out))
        with open(os.path.join(out, exported[0]), newline="", encoding="utf-8") as f:
            lines = list(csv.DictReader(f))
        self.assertEqual(self.push_users_in_campaign_window, len(lines),
                         "one export row per (app_id, user_id, channel) in range")
        self.assertTrue(all(row["channel"] == "push" for row in lines))


if __name__ == "__main__":
    unittest.main()
