"""A real Spark Connect server started here (the server class shipped in PySpark's jars, on loopback), and the
course's code as a student runs it with SPARK_REMOTE set: `spark()` connects, a `%%timeline` cell runs and says
why it draws no Spark timeline, Spark metrics say they are unavailable, and `plan()` draws the physical plan the
server reports, shuffle boundaries included, without rows or bytes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from slidebuild import config
from tests.test_timeline_cluster import free_port, start

pytestmark = pytest.mark.kernel

SCRIPT = """
import json, warnings
warnings.simplefilter("ignore")
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from course import runtime, timeline

shell = InteractiveShell.instance()
timeline.install(shell)
shell.run_cell("from course import plan, spark\\nfrom course.spark_metrics import measure\\nsession = spark()\\n"
               "left = session.range(60_000).selectExpr('id % 500 as key')\\n"
               "right = session.range(500).selectExpr('id as key', 'id * 2 as label')\\n"
               "joined = left.join(right, 'key').groupBy('label').count()").raise_error()
found = {"kind": shell.run_cell("type(session).__module__").result}
with capture_output() as cell:
    result = shell.run_cell("%%timeline\\nlen(joined.collect())")
found.update(rows=result.result, printed=cell.stdout, figures=len(cell.outputs))
with capture_output() as cell:
    shell.run_cell("with measure(session) as run:\\n    joined.count()\\nprint(run.summary())").raise_error()
found["metrics"] = cell.stdout
figure = shell.run_cell("plan(joined)").result
found.update(plan=figure.alt, svg="BroadcastExchange" in figure.svg)
runtime.teardown()
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def remote(tmp_path_factory):
    """The sc:// address of a Spark Connect server running for the module."""
    import pyspark

    folder = tmp_path_factory.mktemp("connect")
    port = free_port()
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1", "PYSPARK_PYTHON": sys.executable}
    server = start([str(Path(pyspark.__file__).parent / "bin" / "spark-submit"), "--class",
                    "org.apache.spark.sql.connect.service.SparkConnectServer", "--master", "local[2]",
                    "--conf", f"spark.connect.grpc.binding.port={port}", "--conf",
                    "spark.connect.grpc.binding.address=127.0.0.1", "--conf", "spark.ui.enabled=false",
                    "spark-internal"], folder / "server.log", "Spark Connect server started", env, seconds=180)
    try:
        yield f"sc://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=60)


def test_under_spark_connect_timelines_and_metrics_say_why_and_plans_come_from_the_server(remote):
    env = {**os.environ, "SPARK_REMOTE": remote, "PYTHONPATH": str(config.ROOT)}
    run = subprocess.run([sys.executable, "-c", SCRIPT], cwd=config.ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    found = json.loads(run.stdout.splitlines()[-1])
    assert found["kind"].startswith("pyspark.sql.connect") and found["rows"] == 500
    assert "Spark timeline unavailable" in found["printed"] and "Spark Connect" in found["printed"]
    assert found["figures"] == 0, "no empty chart"
    assert found["metrics"].startswith("Spark metrics unavailable")
    assert "Spark Connect" in found["plan"] and "BroadcastExchange" in found["plan"] and found["svg"]
