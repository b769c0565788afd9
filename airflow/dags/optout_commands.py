"""The command lines the optout DAGs submit, built by plain Python (standard library only).

The DAG files stay thin: every argument list they hand to Airflow comes from here, so it is
tested without Airflow (airflow/tests/test_optout_commands.py) and run for real through the
local launcher (airflow/tests/it_local_integration.py).

Each builder takes its values either as real values (tests, manual runs) or as Jinja templates
(the DAGs pass ``"{{ ds }}"`` and ``"{{ var.value.get('optout_config', ...) }}"``), so one function
gives both the exact list a test checks and the templated list Airflow renders at run time.

Three forms of the same command:
  application args  ["run", "--date", "2024-03-01", "--config", "/etc/optout/prod.conf"]
  spark-submit      ["spark-submit", "--class", "io.optout.cli.Main", ..., JAR, *application args]
  local launcher    ["bin/optout", *application args]
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
import subprocess
from typing import Any, Callable, Mapping, Sequence

MAIN_CLASS = "io.optout.cli.Main"

_log = logging.getLogger(__name__)

#: Exit code of ``optout inputs`` when a required lake partition is not there yet.
INPUT_MISSING = 3

PERIODS = ("last-week", "last-month", "last-year")
CHANNELS = ("push", "email", "sms")
EXPORT_FORMATS = ("csv", "parquet")

#: Every setting with its default. The DAGs read each one from the Airflow Variable
#: ``optout_<name>`` (see ``VARIABLE_PREFIX`` and docs/operations.md, section Airflow).
DEFAULTS: dict[str, str] = {
    # Rendered at run time from templates (no metadata-DB access when the file is parsed).
    "jar": "/opt/optout/optout-jobs-cluster.jar",
    "config": "/opt/optout/conf/cluster.conf",
    "yarn_queue": "default",
    "spark_submit": "spark-submit",
    "sensor_master": "local[2]",
    "export_root": "/data/optout/exports",
    "launcher": "bin/optout",
    # Read when the DAG file is parsed: Airflow does not template these operator arguments.
    "spark_conn_id": "spark_default",
    "pool": "default_pool",
    "queue": "default",
    "start_date": "2024-01-01",
}

VARIABLE_PREFIX = "optout_"

#: Settings Airflow needs while parsing (conn_id, pool and queue are not template fields).
PARSE_TIME_SETTINGS = ("spark_conn_id", "pool", "queue", "start_date")


def templated_settings() -> dict[str, str]:
    """Settings as Jinja templates over Airflow Variables, with the defaults above.

    ``{{ var.value.get(name, default) }}`` is resolved when a task runs, so parsing a DAG file
    never queries the metadata database for these.
    """
    return {
        name: "{{ var.value.get('%s%s', '%s') }}" % (VARIABLE_PREFIX, name, default)
        for name, default in DEFAULTS.items()
        if name not in PARSE_TIME_SETTINGS
    }


def parse_time_settings(variable_get: Callable[..., Any]) -> dict[str, Any]:
    """The settings a DAG file needs while it is parsed, through ``Variable.get`` (one lookup
    each; define them as AIRFLOW_VAR_OPTOUT_... environment variables to keep the metadata
    database out of parsing entirely: Airflow checks the environment first)."""
    return {
        name: variable_get(VARIABLE_PREFIX + name, default_var=DEFAULTS[name]) for name in PARSE_TIME_SETTINGS
    }


def start_date(settings: Mapping[str, Any]) -> _dt.datetime:
    """First logical date of the nightly DAG (UTC midnight); catchup creates a run per day from it."""
    day = _dt.date.fromisoformat(str(settings_with_defaults(settings)["start_date"]).strip())
    return _dt.datetime(day.year, day.month, day.day, tzinfo=_dt.timezone.utc)


def settings_with_defaults(settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    merged = dict(DEFAULTS)
    merged.update(settings or {})
    return merged


# ---------------------------------------------------------------------------------------------
# Application arguments (what follows the jar in spark-submit, or bin/optout locally)
# ---------------------------------------------------------------------------------------------


def _with_config(args: list[str], settings: Mapping[str, Any]) -> list[str]:
    config = settings_with_defaults(settings).get("config")
    return args + ["--config", str(config)] if config else args


def nightly_run_args(ds: str, settings: Mapping[str, Any] | None = None) -> list[str]:
    """``run --date DS``: the nightly recomputation ending at the DAG run's logical date."""
    return _with_config(["run", "--date", ds], settings or {})


def inputs_args(ds: str, settings: Mapping[str, Any] | None = None) -> list[str]:
    """``inputs --date DS``: exit code 0 when consent, push and event have partition dt=DS, 3 when not."""
    return _with_config(["inputs", "--date", ds], settings or {})


def maintenance_args(settings: Mapping[str, Any] | None = None) -> list[str]:
    """``maintain``: OPTIMIZE and VACUUM of the warehouse tables (retention from the command's default
    unless the setting ``vacuum_hours`` is given)."""
    settings = settings or {}
    args = ["maintain"]
    if settings.get("vacuum_hours") not in (None, ""):
        args += ["--vacuum-hours", str(settings["vacuum_hours"])]
    return _with_config(args, settings)


def adhoc_run_args(params: Mapping[str, Any], settings: Mapping[str, Any] | None = None) -> list[str]:
    """``run --from A --to B [--as-of D]`` for a campaign window; validates the params first."""
    p = validate_adhoc_params(params)
    args = ["run", "--from", p["from"], "--to", p["to"]]
    if p["as_of"]:
        args += ["--as-of", p["as_of"]]
    return _with_config(args, settings or {})


def adhoc_export_args(
    params: Mapping[str, Any], settings: Mapping[str, Any] | None = None, stamp: str | None = None
) -> list[str]:
    """``export`` of the users who opted out in the chosen range (default: the rerun window)."""
    p = validate_adhoc_params(params)
    if p["export_period"]:
        args = ["export", "--period", p["export_period"]]
    else:
        args = ["export", "--from", p["export_from"], "--to", p["export_to"]]
    if p["as_of"]:
        args += ["--as-of", p["as_of"]]
    if p["app"]:
        args += ["--app", p["app"]]
    if p["channel"]:
        args += ["--channel", p["channel"]]
    args += ["--format", p["export_format"], "--out", export_path(p, settings, stamp)]
    if p["overwrite"]:
        args.append("--overwrite")
    return _with_config(args, settings or {})


def export_path(
    params: Mapping[str, Any], settings: Mapping[str, Any] | None = None, stamp: str | None = None
) -> str:
    """Where an ad-hoc export goes: ``params['out']``, else a folder under ``export_root`` named
    after the range, the filters and ``stamp`` (the DAG passes its run's timestamp: a retry
    writes to the same place, a new trigger to a new one)."""
    p = validate_adhoc_params(params)
    if p["out"]:
        return p["out"]
    if p["export_period"]:
        scope = p["export_period"] + ("_as-of_" + p["as_of"] if p["as_of"] else "")
    else:
        scope = p["export_from"] + "_" + p["export_to"]
    name = "_".join([scope, p["app"] or "all-apps", p["channel"] or "all-channels"] + ([stamp] if stamp else []))
    return settings_with_defaults(settings)["export_root"].rstrip("/") + "/" + name


def adhoc_plan(
    params: Mapping[str, Any], settings: Mapping[str, Any] | None = None, stamp: str | None = None
) -> dict[str, list[str]]:
    """Both application argument lists of one ad-hoc request (the DAG's first task returns this,
    so bad params fail that task with a clear message before anything is submitted)."""
    return {"run": adhoc_run_args(params, settings), "export": adhoc_export_args(params, settings, stamp)}


# ---------------------------------------------------------------------------------------------
# Ad-hoc parameter validation
# ---------------------------------------------------------------------------------------------


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(params: Mapping[str, Any], name: str, required: bool = False) -> str | None:
    value = params.get(name)
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = "" if value is None else str(value).strip()
    if not text:
        if required:
            raise ValueError(f"param '{name}' is required (a date YYYY-MM-DD)")
        return None
    try:
        if _ISO_DATE.fullmatch(text):
            return _dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise ValueError(f"param '{name}': '{text}' is not a date YYYY-MM-DD")


def _text(params: Mapping[str, Any], name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def validate_adhoc_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Checks the ad-hoc params and returns them normalised; ValueError names the param.

    from, to: the opt-out dates to recompute (inclusive), required, from <= to.
    as_of: optional, not before ``to`` (input is complete through as_of).
    export_period (last-week | last-month | last-year) or export_from + export_to, not both;
    neither: the export covers the rerun window [from, to].
    app, channel (push | email | sms), export_format (csv | parquet), out, overwrite: optional.
    """
    start = _date(params, "from", required=True)
    end = _date(params, "to", required=True)
    if start > end:
        raise ValueError(f"param 'from' ({start}) is after 'to' ({end})")
    as_of = _date(params, "as_of")
    if as_of and end > as_of:
        raise ValueError(f"param 'to' ({end}) is after 'as_of' ({as_of}): input is only complete through as_of")

    period = _text(params, "export_period")
    export_from = _date(params, "export_from")
    export_to = _date(params, "export_to")
    if period and (export_from or export_to):
        raise ValueError("give either param 'export_period' or 'export_from'/'export_to', not both")
    if period and period not in PERIODS:
        raise ValueError(f"param 'export_period': '{period}' is not one of {', '.join(PERIODS)}")
    if bool(export_from) != bool(export_to):
        raise ValueError("params 'export_from' and 'export_to' go together: give both or neither")
    if not period and not export_from:
        export_from, export_to = start, end
    if export_from and export_from > export_to:
        raise ValueError(f"param 'export_from' ({export_from}) is after 'export_to' ({export_to})")
    if export_to and as_of and export_to > as_of:
        raise ValueError(f"param 'export_to' ({export_to}) is after 'as_of' ({as_of})")

    channel = _text(params, "channel")
    if channel is not None:
        channel = channel.lower()
        if channel not in CHANNELS:
            raise ValueError(f"param 'channel': '{channel}' is not one of {', '.join(CHANNELS)}")
    export_format = (_text(params, "export_format") or "csv").lower()
    if export_format not in EXPORT_FORMATS:
        raise ValueError(f"param 'export_format': '{export_format}' is not one of {', '.join(EXPORT_FORMATS)}")
    app = _text(params, "app")
    if app is not None and any(c.isspace() for c in app):
        raise ValueError(f"param 'app': '{app}' contains white space")
    overwrite = params.get("overwrite", False)
    if not isinstance(overwrite, bool):
        raise ValueError(f"param 'overwrite' must be true or false, got {overwrite!r}")
    return {
        "from": start,
        "to": end,
        "as_of": as_of,
        "export_period": period,
        "export_from": None if period else export_from,
        "export_to": None if period else export_to,
        "app": app,
        "channel": channel,
        "export_format": export_format,
        "out": _text(params, "out"),
        "overwrite": overwrite,
    }


# ---------------------------------------------------------------------------------------------
# Full command lines
# ---------------------------------------------------------------------------------------------


def spark_conf(settings: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Spark properties of a cluster submission (``--conf``); master, deploy mode and the
    spark-submit binary come from the Airflow Spark connection."""
    return {"spark.yarn.queue": str(settings_with_defaults(settings)["yarn_queue"])}


def spark_submit_operator_kwargs(
    app_args: Sequence[str] | str, settings: Mapping[str, Any] | None = None, name: str | None = None
) -> dict[str, Any]:
    """Keyword arguments of SparkSubmitOperator: only arguments that exist, and are templated, in
    every apache-airflow-providers-apache-spark release for Airflow 2. ``app_args`` is a list, or
    one template that renders to a list (DAG with render_template_as_native_obj=True)."""
    s = settings_with_defaults(settings)
    return {
        "application": str(s["jar"]),
        "java_class": MAIN_CLASS,
        "conf": spark_conf(s),
        "application_args": app_args if isinstance(app_args, str) else list(app_args),
        "name": name or "optout-" + str(app_args[0]),
    }


def spark_submit_command(
    app_args: Sequence[str], settings: Mapping[str, Any] | None = None, master: str | None = None
) -> list[str]:
    """The spark-submit line for ``app_args``. Without ``master``: what SparkSubmitOperator runs
    (it adds --master/--deploy-mode from the Spark connection). With ``master`` (the sensor's
    local[2]): a self-contained line run on the Airflow worker, no UI, no cluster queue."""
    s = settings_with_defaults(settings)
    command = [str(s["spark_submit"])]
    if master:
        command += ["--master", master]
        conf = {"spark.ui.enabled": "false"}
    else:
        conf = spark_conf(s)
    for key, value in conf.items():
        command += ["--conf", f"{key}={value}"]
    command += ["--class", MAIN_CLASS, str(s["jar"])]
    return command + list(app_args)


def sensor_command(ds: str, settings: Mapping[str, Any] | None = None) -> list[str]:
    """``inputs --date DS`` through spark-submit on the Airflow worker itself (local master: the
    check only lists folders and reads footers, no cluster resources needed)."""
    s = settings_with_defaults(settings)
    return spark_submit_command(inputs_args(ds, s), s, master=str(s["sensor_master"]))


def local_command(app_args: Sequence[str], settings: Mapping[str, Any] | None = None) -> list[str]:
    """The same command through the local launcher: ``bin/optout run --date ...``."""
    return [str(settings_with_defaults(settings)["launcher"])] + list(app_args)


# ---------------------------------------------------------------------------------------------
# Sensor check
# ---------------------------------------------------------------------------------------------


class InputCheckFailed(RuntimeError):
    """The inputs command failed for another reason than missing input: fail, do not wait."""


def inputs_ready(command: Sequence[str], timeout_seconds: float = 900) -> bool:
    """Runs the inputs check: True when exit code 0, False when 3 (input not there yet, poke
    again later); any other exit code is a real failure (bad config, unreachable storage) and
    raises, so the sensor fails at once instead of poking until its timeout."""
    completed = subprocess.run(
        list(command), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout_seconds
    )
    _log.info("%s\n%s", " ".join(command), completed.stdout)
    if completed.returncode == 0:
        return True
    if completed.returncode == INPUT_MISSING:
        return False
    tail = "\n".join(completed.stdout.strip().splitlines()[-5:])
    raise InputCheckFailed(f"{' '.join(command[:1])} ... inputs exited with code {completed.returncode}: {tail}")
