"""Locations shared by the Airflow tests; the DAG folder goes on sys.path the way Airflow puts it there."""

import os
import sys

TESTS = os.path.dirname(os.path.abspath(__file__))
DAGS = os.path.join(os.path.dirname(TESTS), "dags")
REPO = os.path.dirname(os.path.dirname(TESTS))
FAKE_AIRFLOW = os.path.join(TESTS, "fake_airflow")

if DAGS not in sys.path:
    sys.path.insert(0, DAGS)
