"""Stand-ins for the few Airflow 2 names the optout DAG files use.

They accept only the keyword arguments the real classes accept (Airflow 2 raises on unknown
operator arguments too), apply a DAG's default_args the way Airflow does, and record task ids,
arguments and dependencies so tests can assert the DAG structure without installing Airflow.
The template_fields are copied from the real sources (see each class).
"""

from __future__ import annotations

from typing import Any

_DAG_STACK: list["DAG"] = []

# airflow.models.dag.DAG.__init__ keyword arguments (Airflow 2.4 - 2.10).
DAG_ARGS = {
    "description", "schedule", "schedule_interval", "timetable", "start_date", "end_date",
    "full_filepath", "template_searchpath", "template_undefined", "user_defined_macros",
    "user_defined_filters", "default_args", "concurrency", "max_active_tasks", "max_active_runs",
    "dagrun_timeout", "sla_miss_callback", "default_view", "orientation", "catchup",
    "on_success_callback", "on_failure_callback", "doc_md", "params", "access_control",
    "is_paused_upon_creation", "jinja_environment_kwargs", "render_template_as_native_obj", "tags",
    "owner_links", "auto_register",
}

# airflow.models.baseoperator.BaseOperator.__init__ keyword arguments (Airflow 2).
BASE_OPERATOR_ARGS = {
    "owner", "email", "email_on_retry", "email_on_failure", "retries", "retry_delay",
    "retry_exponential_backoff", "max_retry_delay", "start_date", "end_date", "depends_on_past",
    "ignore_first_depends_on_past", "wait_for_past_depends_before_skipping", "wait_for_downstream",
    "dag", "params", "default_args", "priority_weight", "weight_rule", "queue", "pool", "pool_slots",
    "sla", "execution_timeout", "on_execute_callback", "on_failure_callback", "on_success_callback",
    "on_retry_callback", "pre_execute", "post_execute", "trigger_rule", "resources", "run_as_user",
    "task_concurrency", "max_active_tis_per_dag", "executor_config", "do_xcom_push", "inlets",
    "outlets", "task_group", "doc", "doc_md", "doc_json", "doc_yaml", "doc_rst",
}

# airflow.sensors.base.BaseSensorOperator.__init__ keyword arguments (Airflow 2).
SENSOR_ARGS = {"poke_interval", "timeout", "soft_fail", "mode", "exponential_backoff", "max_wait", "silent_fail"}


class DAG:
    def __init__(self, dag_id: str, **kwargs: Any) -> None:
        unknown = set(kwargs) - DAG_ARGS
        if unknown:
            raise TypeError(f"DAG {dag_id}: unexpected arguments {sorted(unknown)}")
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.default_args = dict(kwargs.get("default_args") or {})
        self.params = dict(kwargs.get("params") or {})
        self.tasks: dict[str, BaseOperator] = {}

    def __enter__(self) -> "DAG":
        _DAG_STACK.append(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        _DAG_STACK.pop()

    def __getattr__(self, name: str) -> Any:
        if name in DAG_ARGS:
            return self.kwargs.get(name)
        raise AttributeError(name)


class BaseOperator:
    template_fields: tuple[str, ...] = ()
    own_args: frozenset[str] = frozenset()
    accepts_sensor_args = False

    def __init__(self, *, task_id: str, dag: DAG | None = None, **kwargs: Any) -> None:
        dag = dag or (_DAG_STACK[-1] if _DAG_STACK else None)
        if dag is None:
            raise RuntimeError(f"task {task_id} is created outside a DAG")
        accepted = BASE_OPERATOR_ARGS | self.own_args | (SENSOR_ARGS if self.accepts_sensor_args else set())
        unknown = set(kwargs) - accepted
        if unknown:
            # Airflow 2: AirflowException("Invalid arguments were passed to ...")
            raise TypeError(f"Invalid arguments were passed to {type(self).__name__} ({task_id}): {sorted(unknown)}")
        if task_id in dag.tasks:
            raise ValueError(f"duplicate task id {task_id}")
        self.task_id = task_id
        self.dag = dag
        self.args = {k: v for k, v in dag.default_args.items() if k in accepted}
        self.args.update(kwargs)
        self.upstream_task_ids: set[str] = set()
        self.downstream_task_ids: set[str] = set()
        dag.tasks[task_id] = self

    def _link(self, other: Any) -> Any:
        for task in other if isinstance(other, (list, tuple)) else [other]:
            self.downstream_task_ids.add(task.task_id)
            task.upstream_task_ids.add(self.task_id)
        return other

    def __rshift__(self, other: Any) -> Any:
        return self._link(other)

    def __lshift__(self, other: Any) -> Any:
        for task in other if isinstance(other, (list, tuple)) else [other]:
            task._link(self)
        return other


def chain(*tasks: Any) -> None:
    for upstream, downstream in zip(tasks, tasks[1:]):
        upstream >> downstream


class Variable:
    """Records every lookup made while a DAG file is parsed; returns values set by the test."""

    values: dict[str, Any] = {}
    lookups: list[str] = []

    @classmethod
    def get(cls, key: str, default_var: Any = None, deserialize_json: bool = False) -> Any:
        cls.lookups.append(key)
        return cls.values.get(key, default_var)


class Param:
    def __init__(self, default: Any = None, description: str | None = None, **schema: Any) -> None:
        self.value = default
        self.description = description
        self.schema = schema


class PythonOperator(BaseOperator):
    # airflow/operators/python.py (Airflow 2): template_fields = ("templates_dict", "op_args", "op_kwargs")
    template_fields = ("templates_dict", "op_args", "op_kwargs")
    own_args = frozenset({"python_callable", "op_args", "op_kwargs", "templates_dict", "templates_exts",
                          "show_return_value_in_logs"})


class PythonSensor(BaseOperator):
    # airflow/sensors/python.py (Airflow 2): template_fields = ("templates_dict", "op_args", "op_kwargs")
    template_fields = ("templates_dict", "op_args", "op_kwargs")
    own_args = frozenset({"python_callable", "op_args", "op_kwargs", "templates_dict"})
    accepts_sensor_args = True


class SparkSubmitOperator(BaseOperator):
    # apache-airflow-providers-apache-spark for Airflow 2 (airflow/providers/apache/spark/operators/
    # spark_submit.py, e.g. provider 4.x): the constructor stores each templated argument as
    # "_" + name, and template_fields lists those attributes.
    template_fields = (
        "_application", "_conf", "_properties_file", "_files", "_py_files", "_jars", "_driver_class_path",
        "_packages", "_exclude_packages", "_keytab", "_principal", "_proxy_user", "_name",
        "_application_args", "_env_vars",
    )
    # Later provider releases (5.x) store them without the underscore:
    template_fields_later = (
        "application", "conf", "files", "py_files", "jars", "driver_class_path", "packages",
        "exclude_packages", "keytab", "principal", "proxy_user", "name", "application_args", "env_vars",
        "post_submit_commands", "properties_file",
    )
    # Arguments present in every provider release for Airflow 2 (yarn_queue, deploy_mode and
    # properties_file came later: the DAGs must not rely on them).
    own_args = frozenset({
        "application", "conf", "conn_id", "files", "py_files", "archives", "driver_class_path", "jars",
        "java_class", "packages", "exclude_packages", "repositories", "total_executor_cores",
        "executor_cores", "executor_memory", "driver_memory", "keytab", "principal", "proxy_user", "name",
        "num_executors", "status_poll_interval", "application_args", "env_vars", "verbose", "spark_binary",
    })
