"""Spark and Dask for slides and labs: local by default, a real cluster when the environment names one.

- `spark()`: SPARK_REMOTE (Spark Connect, e.g. sc://host:15002) or SPARK_MASTER (e.g. spark://host:7077,
  yarn, k8s://...) select a cluster; otherwise `local[*]` with the UI off, quiet logs and few partitions, in
  a JVM that maps a class-data archive (`course.class_archive`).
- `dask_client()`: DASK_SCHEDULER_ADDRESS (e.g. tcp://host:8786) selects a running scheduler; otherwise a
  LocalCluster sized for the machine.
- `teardown()`: stops both; it is registered with atexit.
- `release()`: what the build runs after every deck. In a warm kernel (see `course.isolation`) it keeps the
  JVM and the LocalCluster for the next deck: each deck still gets a new SparkContext (it starts in a
  fraction of a second on a warm JVM: new job, RDD and stage ids, empty caches) and a new Dask client.
- `session_environment()`: what the build and `present` put in their kernels' environment so that a
  SparkSession a deck creates itself (`SparkSession.builder.getOrCreate()`) starts like a local `spark()` one.
"""

import atexit
import copy
import logging
import os
import shlex
import sys
from pathlib import Path

from course import class_archive

SPARK_CONF_DIR = Path(__file__).resolve().parent.parent / "assets" / "spark-conf"

JAVA_OPTIONS = "spark.driver.extraJavaOptions"
LOCAL_SPARK_CONFIG = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "4",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.memory": "2g",
    # Small data in a short-lived JVM: the quick C1 compiler alone; C2 would spend more CPU than it saves.
    JAVA_OPTIONS: "-XX:TieredStopAtLevel=1",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.session.timeZone": "UTC",
}

# What a local SparkSession started without spark() gets too: the JVM's start (C1 compiler, the class-data
# archive, quiet log4j), no progress bars or UI, loopback. Settings that change results (partitions, time zone,
# Arrow, memory) stay Spark's defaults for such a session.
SESSION_DEFAULTS = (JAVA_OPTIONS, "spark.ui.enabled", "spark.ui.showConsoleProgress", "spark.driver.host",
                    "spark.driver.bindAddress")
# A cluster, or a Spark configuration of the user's: sessions are theirs to configure.
USER_SPARK_VARIABLES = ("SPARK_REMOTE", "SPARK_MASTER", "SPARK_CONF_DIR", "PYSPARK_SUBMIT_ARGS")

_dask = {"client": None, "cluster": None, "options": None}
_spark = {"folder": None, "log_level": None, "recording": None}  # the JVM's folder and log level as started
keep_warm = False  # set by course.isolation.prepare() in the build's warm kernels


def spark(app_name: str = "big-data-course"):
    """Return the course SparkSession (created once per process)."""
    from course.java import ensure_java, java_banner

    java = ensure_java()
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    # PySpark 4 logs a caught SQL error as a long JSON line on stderr: the error itself is what a slide shows.
    for logger in ("SQLQueryContextLogger", "DataFrameQueryContextLogger"):
        logging.getLogger(logger).disabled = True
    builder = SparkSession.builder.appName(app_name)
    remote = os.environ.get("SPARK_REMOTE")
    if remote:
        return builder.remote(remote).getOrCreate()
    master = os.environ.get("SPARK_MASTER", "local[*]")
    recording = None  # the class-data archive this JVM records when it stops, if there is none yet
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        config = dict(LOCAL_SPARK_CONFIG)
        empty = str(class_archive.conf_dir())
        if os.environ.setdefault("SPARK_CONF_DIR", empty) == empty:  # not a configuration of the user's
            archive = class_archive.archive(java_banner(java), config[JAVA_OPTIONS])
            config[JAVA_OPTIONS] += " " + class_archive.java_options(archive)
            recording = archive if "ArchiveClassesAtExit" in config[JAVA_OPTIONS] else None
        for key, value in config.items():
            builder = builder.config(key, value)
    else:
        os.environ.setdefault("SPARK_CONF_DIR", str(SPARK_CONF_DIR))
    if keep_warm and _spark["folder"] not in (None, os.getcwd()):
        _stop_jvm()  # Spark resolves relative paths in the JVM's own folder: a deck elsewhere needs its own JVM
    new_jvm = SparkContext._gateway is None
    session = builder.master(master).getOrCreate()
    if new_jvm or _spark["folder"] is None:  # a new JVM: its folder, and its log level before any deck changes it
        _spark.update(folder=os.getcwd(), log_level=_root_log_level(session._jvm),
                      recording=recording if new_jvm else None)
    return session


def dask_client(n_workers: int | None = None, threads_per_worker: int = 1, memory_limit: str = "2GiB"):
    """Return the course Dask client (created once per process)."""
    if _dask["client"] is not None:
        return _dask["client"]
    import dask.config
    from distributed import Client, LocalCluster

    address = os.environ.get("DASK_SCHEDULER_ADDRESS")
    if address:
        _dask["client"] = Client(address)
        return _dask["client"]
    # A warm cluster serves the next deck only if it asks for the same one from the same folder (the workers'
    # working folder) under the same `distributed` config.
    options = (n_workers or min(2, os.cpu_count() or 1), threads_per_worker, memory_limit, os.getcwd(),
               dask.config.get("distributed"))
    if _dask["cluster"] is not None and _dask["options"] != options:
        _dask["cluster"].close()
        _dask["cluster"] = None
    if _dask["cluster"] is None:
        _dask["cluster"] = LocalCluster(n_workers=options[0], threads_per_worker=threads_per_worker,
                                        memory_limit=memory_limit, dashboard_address="127.0.0.1:0", host="127.0.0.1")
        _dask["options"] = copy.deepcopy(options)
    _dask["client"] = Client(_dask["cluster"])
    return _dask["client"]


def session_environment() -> dict:
    """Environment variables that give any local SparkSession what spark() gives its own: the empty
    SPARK_CONF_DIR its class-data archive needs, and PYSPARK_SUBMIT_ARGS naming a properties file with
    SESSION_DEFAULTS (spark() sets the same keys, so its sessions are unchanged). Empty when the environment
    names a cluster or a Spark configuration of the user's, or when there is no Java or no PySpark."""
    if any(os.environ.get(name) for name in USER_SPARK_VARIABLES):
        return {}
    from course.java import ensure_java, java_banner

    try:
        archive = class_archive.archive(java_banner(ensure_java()), LOCAL_SPARK_CONFIG[JAVA_OPTIONS])
    except (RuntimeError, ImportError, OSError):
        return {}
    settings = {key: LOCAL_SPARK_CONFIG[key] for key in SESSION_DEFAULTS}
    settings[JAVA_OPTIONS] += " " + class_archive.mapping_options(archive)
    text = "".join(f"{key}={value}\n".replace("\\", "\\\\") for key, value in settings.items())
    conf_dir = class_archive.conf_dir()
    path = conf_dir.parent / "spark-defaults.conf"  # not in SPARK_CONF_DIR: CDS wants that one empty
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        part = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        part.write_text(text, encoding="utf-8")
        os.replace(part, path)  # a JVM starting in another kernel reads it whole
    return {"SPARK_CONF_DIR": str(conf_dir), "SPARK_LOCAL_IP": os.environ.get("SPARK_LOCAL_IP", "127.0.0.1"),
            "PYSPARK_SUBMIT_ARGS": f"--properties-file {shlex.quote(str(path))} pyspark-shell"}


def teardown() -> None:
    """Stop the Spark session and close the Dask client and cluster, if any were started."""
    if _spark["recording"]:
        _stop_jvm()  # it writes the class-data archive as it exits: wait for it
    else:
        _stop_spark()
    for key in ("client", "cluster"):
        if _dask[key] is not None:
            _dask[key].close()
            _dask[key] = None


def release() -> None:
    """End a deck: stop everything, or in a warm kernel keep the JVM and the LocalCluster for the next deck."""
    if not keep_warm:
        return teardown()
    _stop_spark()
    client = _dask["client"]
    if client is not None:
        if _dask["cluster"] is not None:  # our own cluster: nothing the deck published survives it
            for name in client.list_datasets():
                client.unpublish_dataset(name)
        client.close()
        _dask["client"] = None


def _stop_spark() -> None:
    """Stop the SparkContext. PySpark keeps its JVM (the py4j gateway) for the next one, which starts in a
    fraction of a second; the JVM-wide state a deck can see is put back as a new JVM has it."""
    if "pyspark.sql" not in sys.modules:
        return
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    if session is not None:
        session.stop()
    gateway = SparkContext._gateway
    if gateway is None or not keep_warm:
        return
    SparkContext._next_accum_id = 0  # Accumulator<id=0, ...>
    jvm = gateway.jvm
    if _spark["log_level"] and _root_log_level(jvm) != _spark["log_level"]:  # sc.setLogLevel() lasts as the JVM
        jvm.org.apache.spark.util.Utils.setLogLevel(jvm.org.apache.logging.log4j.Level.toLevel(_spark["log_level"]))
    # the counters behind `column#12` and `[plan_id=45]` in a printed plan
    for owner, field in (("org.apache.spark.sql.catalyst.expressions.NamedExpression$", "curId"),
                         ("org.apache.spark.sql.execution.SparkPlan$", "nextPlanId")):
        try:
            _zero_counter(gateway, jvm.java.lang.Class.forName(owner), field)
        except Exception as error:  # another Spark version: the next deck's ids go on from here
            print(f"course.runtime: cannot reset {owner}{field}: {error}", file=sys.__stderr__)


def _stop_jvm() -> None:
    """Stop the warm JVM: the next SparkContext launches a new one in the current folder."""
    from pyspark import SparkContext

    _stop_spark()
    gateway = SparkContext._gateway
    if gateway is not None:
        gateway.shutdown()
        if getattr(gateway, "proc", None) is not None:
            gateway.proc.stdin.close()  # the JVM exits when its stdin closes
            gateway.proc.wait(timeout=60)
            if _spark["recording"]:
                class_archive.keep(_spark["recording"], gateway.proc.returncode)
    SparkContext._gateway = SparkContext._jvm = None
    _spark.update(folder=None, log_level=None, recording=None)


def _root_log_level(jvm) -> str:
    return jvm.org.apache.logging.log4j.LogManager.getRootLogger().getLevel().toString()


def _zero_counter(gateway, cls, name: str) -> None:
    """Set a private static id counter (an AtomicInteger or AtomicLong) back to 0, all inside the JVM: py4j
    would turn the counter itself into a Python int."""
    handles = gateway.jvm.java.lang.invoke.MethodHandles
    field = cls.getDeclaredField(name)
    field.setAccessible(True)
    setter = next(m for m in field.getType().getMethods() if m.getName() == "set")
    zero = handles.collectArguments(handles.publicLookup().unreflect(setter), 0,
                                    handles.publicLookup().unreflectGetter(field))
    arguments = gateway.new_array(gateway.jvm.java.lang.Object, 1)
    arguments[0] = 0
    zero.invokeWithArguments(arguments)


atexit.register(teardown)
