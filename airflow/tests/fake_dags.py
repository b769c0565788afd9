"""Imports the DAG files against the fake `airflow` package (fake_airflow/), then takes it off
sys.path again so nothing else in the test run sees it."""

from __future__ import annotations

import contextlib
import importlib
import re
import sys
from typing import Any, Iterator

import paths

DAG_MODULES = ("optout_nightly", "optout_adhoc", "optout_maintenance")


@contextlib.contextmanager
def fake_airflow(variables: dict[str, Any] | None = None) -> Iterator[Any]:
    saved_path = list(sys.path)
    saved_modules = {name: module for name, module in sys.modules.items() if _ours(name)}
    for name in saved_modules:
        del sys.modules[name]
    sys.path.insert(0, paths.FAKE_AIRFLOW)
    try:
        fake = importlib.import_module("airflow._fake")
        fake.Variable.values = dict(variables or {})
        fake.Variable.lookups = []
        yield fake
    finally:
        for name in [name for name in sys.modules if _ours(name)]:
            del sys.modules[name]
        sys.modules.update(saved_modules)
        sys.path[:] = saved_path


def _ours(name: str) -> bool:
    return name == "airflow" or name.startswith("airflow.") or name in DAG_MODULES


def load_dag(module_name: str, variables: dict[str, Any] | None = None):
    """(dag, fake module, Variable lookups made while parsing) for one DAG file."""
    with fake_airflow(variables) as fake:
        module = importlib.import_module(module_name)
        return module.dag, fake, list(fake.Variable.lookups)


_VAR = re.compile(r"\{\{ var\.value\.get\('([a-z_]+)', '([^']*)'\) \}\}")
_DS = re.compile(r"\{\{ ds \}\}")


def render(value: Any, ds: str, variables: dict[str, str] | None = None) -> Any:
    """Renders the two template forms the DAGs use ({{ ds }} and {{ var.value.get('name', 'default') }})
    like Airflow would, recursively through lists and dicts; fails on any other template."""
    variables = variables or {}
    if isinstance(value, str):
        text = _DS.sub(ds, value)
        text = _VAR.sub(lambda m: variables.get(m.group(1), m.group(2)), text)
        if "{{" in text or "{%" in text:
            raise AssertionError(f"template not understood by the test renderer: {text}")
        return text
    if isinstance(value, list):
        return [render(v, ds, variables) for v in value]
    if isinstance(value, tuple):
        return tuple(render(v, ds, variables) for v in value)
    if isinstance(value, dict):
        return {k: render(v, ds, variables) for k, v in value.items()}
    return value


def has_template(value: Any) -> bool:
    if isinstance(value, str):
        return "{{" in value or "{%" in value
    if isinstance(value, (list, tuple)):
        return any(has_template(v) for v in value)
    if isinstance(value, dict):
        return any(has_template(v) for v in value.values())
    return False
