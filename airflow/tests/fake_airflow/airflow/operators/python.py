from airflow._fake import PythonOperator  # noqa: F401
