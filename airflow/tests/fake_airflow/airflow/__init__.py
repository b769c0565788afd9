"""Fake `airflow` for the DAG structure tests (see _fake.py); never installed, only put on sys.path by the tests."""
from airflow._fake import DAG  # noqa: F401
