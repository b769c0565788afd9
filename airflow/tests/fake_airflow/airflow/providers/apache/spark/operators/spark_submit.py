from airflow._fake import SparkSubmitOperator  # noqa: F401
