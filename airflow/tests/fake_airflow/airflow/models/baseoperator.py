from airflow._fake import BaseOperator, chain  # noqa: F401
