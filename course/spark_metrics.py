"""Spark's own metrics for the stages a block of code ran: tasks, shuffle bytes, task times.

    from course import spark
    from course.spark_metrics import measure

    session = spark()
    with measure(session) as run:
        session.range(1_000_000).groupBy((F.col("id") % 10).alias("k")).count().collect()
    print(run.summary())               # one line: stages, tasks, shuffle written / read, seconds
    run.shuffle_write_bytes            # bytes all the stages of the block wrote for a shuffle
    run.stages[-1].task_durations_ms   # per-task durations of the last stage: max vs median shows skew

Where the figures come from: the driver's `AppStatusStore`, the same records the Spark UI and its REST API
(`/api/v1/applications/.../stages`) display. The driver keeps it even with the UI switched off
(`spark.ui.enabled=false`, the course default). Every stage a job creates gets the next stage id, so the
stages of the block are those numbered from the scheduler's next id before the block to its next id after
it (once the listener bus has delivered every event). A stage whose shuffle output already existed is listed
with the status SKIPPED and zero tasks run.

Everything returned is plain data (dataclasses of ints, floats and strings; `Run.as_dict()` for JSON), so
it can be kept, printed, tabulated or drawn as a timeline after Spark has stopped.

Under Spark Connect (`SPARK_REMOTE`) the client has no access to the driver: `measure` still runs the block,
warns once, and returns a `Run` with `available=False` and the reason, whose figures are None.
"""

import json
import statistics
import time
import warnings
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

__all__ = ["MetricsUnavailable", "Run", "Stage", "Task", "format_bytes", "measure"]

MAX_TASKS = 10_000  # per stage attempt: more than any course example runs


class MetricsUnavailable(UserWarning):
    """Spark's metrics cannot be read from this session (Spark Connect)."""


@dataclass
class Task:
    task_id: int
    index: int  # the task's number in its stage, 0 to num_tasks - 1
    partition: int  # the partition it computed (the same as index, except after AQE changed the partitions)
    attempt: int
    status: str  # SUCCESS, FAILED, KILLED, RUNNING
    executor: str  # "driver" in local mode
    host: str
    launch_ms: int  # epoch milliseconds
    duration_ms: int  # launch to end, as the Spark UI shows it
    run_ms: int  # executorRunTime: the time the task's code ran (no deserialisation, no scheduling)
    cpu_ms: float
    gc_ms: int
    records_read: int  # read from files (input) or from the shuffle (*)
    shuffle_read_bytes: int
    shuffle_read_records: int
    shuffle_write_bytes: int
    shuffle_write_records: int
    spilled_bytes: int  # memory + disk spill
    # (*) DataFrame shuffles count rows; a Python RDD's shuffle counts batches of pickled objects.


@dataclass
class Stage:
    stage_id: int
    attempt: int
    name: str  # the call that created it, e.g. "reduceByKey at <cell>:3"
    status: str  # COMPLETE, SKIPPED, FAILED, ACTIVE, PENDING
    num_tasks: int
    input_bytes: int
    shuffle_read_bytes: int
    shuffle_read_records: int
    shuffle_write_bytes: int
    shuffle_write_records: int
    run_ms: int  # sum of the tasks' executorRunTime
    submitted_ms: int | None  # epoch milliseconds
    completed_ms: int | None
    tasks: list = field(default_factory=list)  # Task, in index order

    @property
    def task_durations_ms(self) -> list:
        return [task.duration_ms for task in self.tasks if task.status == "SUCCESS"]

    @property
    def skew(self) -> float | None:
        """The slowest task's duration over the median duration (1.0: balanced), None without tasks."""
        durations = self.task_durations_ms
        if not durations:
            return None
        return max(durations) / max(statistics.median(durations), 1)


@dataclass
class Run:
    """What `measure` saw: the stages the block ran, in order, and the block's wall-clock time."""

    available: bool = True
    reason: str = ""  # why the figures are missing, when they are
    seconds: float = 0.0
    stages: list = field(default_factory=list)  # Stage, in id order

    def _total(self, name: str):
        return sum(getattr(stage, name) for stage in self.stages) if self.available else None

    @property
    def num_tasks(self):
        return self._total("num_tasks")

    @property
    def shuffle_write_bytes(self):
        return self._total("shuffle_write_bytes")

    @property
    def shuffle_read_bytes(self):
        return self._total("shuffle_read_bytes")

    @property
    def shuffle_write_records(self):
        return self._total("shuffle_write_records")

    @property
    def tasks(self) -> list:
        return [task for stage in self.stages for task in stage.tasks]

    def ran(self) -> list:
        """The stages that ran tasks (not SKIPPED)."""
        return [stage for stage in self.stages if stage.status != "SKIPPED"]

    def summary(self) -> str:
        if not self.available:
            return f"Spark metrics unavailable: {self.reason}"
        ran = self.ran()
        return (f"{len(ran)} stage(s), {sum(s.num_tasks for s in ran)} task(s), shuffle: "
                f"{format_bytes(self.shuffle_write_bytes)} written, {format_bytes(self.shuffle_read_bytes)} read, "
                f"{self.seconds:.2f} s")

    def table(self, skipped: bool = False) -> list:
        """One dict per stage (no tasks), SKIPPED stages only if asked: for `pandas.DataFrame(run.table())`."""
        return [{"stage": s.stage_id, "name": s.name.split(" at ")[0], "status": s.status, "tasks": s.num_tasks,
                 "shuffle write": s.shuffle_write_bytes, "shuffle read": s.shuffle_read_bytes,
                 "task time ms": s.run_ms} for s in (self.stages if skipped else self.ran())]

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return self.summary()


def format_bytes(count) -> str:
    if count is None:
        return "n/a"
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= size:
            return f"{count / size:.1f} {unit}"
    return f"{count} B"


@contextmanager
def measure(spark, max_tasks: int = MAX_TASKS):
    """Measure the Spark stages run inside the `with` block. `spark`: a SparkSession or SparkContext."""
    run = Run()
    context, reason = _context(spark)
    if context is None:
        run.available, run.reason = False, reason
        warnings.warn(reason, MetricsUnavailable, stacklevel=3)
        start = time.perf_counter()
        try:
            yield run
        finally:
            run.seconds = time.perf_counter() - start
        return
    scheduler, bus = context.dagScheduler(), context.listenerBus()
    bus.waitUntilEmpty()  # the events of earlier jobs are in the store
    first = scheduler.nextStageId()
    start = time.perf_counter()
    try:
        yield run
    finally:
        run.seconds = time.perf_counter() - start
        bus.waitUntilEmpty()
        run.stages = _read_stages(context, range(first, scheduler.nextStageId()), max_tasks)


def _context(spark):
    """(the JVM SparkContext, None), or (None, why there is none)."""
    from pyspark import SparkContext

    if isinstance(spark, SparkContext):
        return spark._jsc.sc(), None
    try:
        from pyspark.sql.utils import is_remote

        remote = is_remote() or type(spark).__module__.startswith("pyspark.sql.connect")
    except ImportError:
        remote = False
    if remote:
        return None, ("this is a Spark Connect session: the client cannot see the driver's task metrics. "
                      "Run locally or with SPARK_MASTER to measure stages, tasks and shuffle bytes.")
    return spark.sparkContext._jsc.sc(), None


_mapper_of = {"gateway": None, "objects": None}  # the JVM objects below, made once per JVM gateway


def _mapper(context):
    """A JSON writer inside the JVM (Jackson with its Scala module, both shipped with Spark): one py4j call per
    list of records instead of one per field. Also the empty arguments the status store's methods take."""
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    if _mapper_of["gateway"] is not gateway:
        jvm = gateway.jvm
        scala = getattr(getattr(jvm.com.fasterxml.jackson.module.scala, "DefaultScalaModule$"), "MODULE$")
        _mapper_of.update(gateway=gateway, objects=(
            jvm.com.fasterxml.jackson.databind.ObjectMapper().registerModule(scala),
            gateway.new_array(jvm.double, 0), jvm.java.util.ArrayList()))
    return _mapper_of["objects"]


def _read_stages(context, stage_ids, max_tasks: int) -> list:
    store = context.statusStore()
    mapper, no_quantiles, no_status = _mapper(context)
    stages = []
    for stage_id in stage_ids:
        try:
            attempts = json.loads(mapper.writeValueAsString(
                store.stageData(stage_id, False, no_status, False, no_quantiles)))
        except Exception:  # created, then never known to the store (a cancelled job): nothing ran
            continue
        for data in attempts:
            tasks = json.loads(mapper.writeValueAsString(store.taskList(stage_id, data["attemptId"], max_tasks)))
            stages.append(_stage(data, sorted((_task(task) for task in tasks), key=lambda t: (t.index, t.attempt))))
    return stages


def _stage(data: dict, tasks: list) -> Stage:
    return Stage(stage_id=data["stageId"], attempt=data["attemptId"], name=data.get("name") or "",
                 status=str(data["status"]), num_tasks=data["numTasks"], input_bytes=data["inputBytes"],
                 shuffle_read_bytes=data["shuffleReadBytes"], shuffle_read_records=data["shuffleReadRecords"],
                 shuffle_write_bytes=data["shuffleWriteBytes"], shuffle_write_records=data["shuffleWriteRecords"],
                 run_ms=data["executorRunTime"], submitted_ms=data.get("submissionTime"),
                 completed_ms=data.get("completionTime"), tasks=tasks)


def _task(data: dict) -> Task:
    metrics = data.get("taskMetrics") or {}
    read, write = metrics.get("shuffleReadMetrics") or {}, metrics.get("shuffleWriteMetrics") or {}
    shuffle_read = read.get("localBytesRead", 0) + read.get("remoteBytesRead", 0)
    partition = data.get("partitionId", -1)
    return Task(task_id=data["taskId"], index=data["index"], partition=data["index"] if partition < 0 else partition,
                attempt=data["attempt"], status=data["status"],
                executor=data["executorId"], host=data["host"], launch_ms=data["launchTime"],
                duration_ms=data.get("duration") or 0, run_ms=metrics.get("executorRunTime", 0),
                cpu_ms=metrics.get("executorCpuTime", 0) / 1e6, gc_ms=metrics.get("jvmGcTime", 0),
                records_read=(metrics.get("inputMetrics") or {}).get("recordsRead", 0) + read.get("recordsRead", 0),
                shuffle_read_bytes=shuffle_read, shuffle_read_records=read.get("recordsRead", 0),
                shuffle_write_bytes=write.get("bytesWritten", 0),
                shuffle_write_records=write.get("recordsWritten", 0),
                spilled_bytes=metrics.get("memoryBytesSpilled", 0) + metrics.get("diskBytesSpilled", 0))
