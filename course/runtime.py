"""Spark and Dask for slides and labs: local by default, a real cluster when the environment names one.

- `spark()`: SPARK_REMOTE (Spark Connect, e.g. sc://host:15002) or SPARK_MASTER (e.g. spark://host:7077,
  yarn, k8s://...) select a cluster; otherwise `local[*]` with the UI off, quiet logs and few partitions.
- `dask_client()`: DASK_SCHEDULER_ADDRESS (e.g. tcp://host:8786) selects a running scheduler; otherwise a
  LocalCluster sized for the machine.
- `teardown()`: stops both; the build runs it at the end of every deck, and it is registered with atexit.
"""

import atexit
import logging
import os
import sys
from pathlib import Path

SPARK_CONF_DIR = Path(__file__).resolve().parent.parent / "assets" / "spark-conf"

LOCAL_SPARK_CONFIG = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "4",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.memory": "2g",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.session.timeZone": "UTC",
}

_dask = {"client": None, "cluster": None}


def spark(app_name: str = "big-data-course"):
    """Return the course SparkSession (created once per process)."""
    from course.java import ensure_java

    ensure_java()
    os.environ.setdefault("SPARK_CONF_DIR", str(SPARK_CONF_DIR))
    from pyspark.sql import SparkSession

    # PySpark 4 logs a caught SQL error as a long JSON line on stderr: the error itself is what a slide shows.
    for logger in ("SQLQueryContextLogger", "DataFrameQueryContextLogger"):
        logging.getLogger(logger).disabled = True
    builder = SparkSession.builder.appName(app_name)
    remote = os.environ.get("SPARK_REMOTE")
    if remote:
        return builder.remote(remote).getOrCreate()
    master = os.environ.get("SPARK_MASTER", "local[*]")
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        for key, value in LOCAL_SPARK_CONFIG.items():
            builder = builder.config(key, value)
    return builder.master(master).getOrCreate()


def dask_client(n_workers: int | None = None, threads_per_worker: int = 1, memory_limit: str = "2GiB"):
    """Return the course Dask client (created once per process)."""
    if _dask["client"] is not None:
        return _dask["client"]
    from distributed import Client, LocalCluster

    address = os.environ.get("DASK_SCHEDULER_ADDRESS")
    if address:
        _dask["client"] = Client(address)
    else:
        _dask["cluster"] = LocalCluster(
            n_workers=n_workers or min(2, os.cpu_count() or 1),
            threads_per_worker=threads_per_worker,
            memory_limit=memory_limit,
            dashboard_address=":0",
            host="127.0.0.1",
        )
        _dask["client"] = Client(_dask["cluster"])
    return _dask["client"]


def teardown() -> None:
    """Stop the Spark session and close the Dask client and cluster, if any were started."""
    if "pyspark.sql" in sys.modules:
        from pyspark.sql import SparkSession

        session = SparkSession.getActiveSession()
        if session is not None:
            session.stop()
    for key in ("client", "cluster"):
        if _dask[key] is not None:
            _dask[key].close()
            _dask[key] = None


atexit.register(teardown)
