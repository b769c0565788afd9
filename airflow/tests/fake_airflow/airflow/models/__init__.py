from airflow._fake import DAG, BaseOperator, Variable  # noqa: F401
