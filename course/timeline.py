"""`%%timeline`: what the engines did while a cell ran, drawn beneath the cell's output.

    %load_ext course.timeline          # in your own Jupyter (the course's build and `present` load it for you)

    %%timeline
    frame.groupby("key").value.mean().compute()

The cell runs as it would without the line (its last value is shown, an error is an error). Meanwhile the
Dask client in use and the local SparkSession in use are watched; after the cell, each engine that ran tasks
gets a slide-sized SVG (`course.timeline_svg`): one lane per worker thread or executor core, a bar per task,
a summary line (tasks, workers x threads, wall time, achieved parallelism, bytes moved), a text alternative,
and the numbers as tables behind a disclosure. Under Spark Connect the cell says why there is no Spark
timeline. A deck tags the cell `timeline` instead: the build runs it with `%%timeline` in front.
Cells without it cost nothing: the hooks only look at the cell's first line.
"""

import sys
import time

from course import timeline_dask, timeline_spark
from course.timeline_svg import figure

MAGIC = "%%timeline"


class Recording:
    """The engines watched during one cell: their cursors, taken before it ran."""

    def __init__(self):
        self.started, self.cursors, self.notes = time.time(), {}, []
        self.clock = time.perf_counter()
        client = dask_client_in_use()
        if client is not None:
            self.cursors["Dask"] = (client, timeline_dask.start(client))
        session = spark_in_use()
        if session is not None:
            try:
                self.cursors["Spark"] = (session, timeline_spark.start(session))
            except timeline_spark.Unavailable as why:
                self.notes.append(f"Spark timeline unavailable: {why}")

    def timelines(self) -> list:
        """The Timeline of each engine that ran tasks during the cell (engines started by the cell included)."""
        wall = time.perf_counter() - self.clock
        found = []
        for engine, reader, in_use in (("Dask", timeline_dask, dask_client_in_use),
                                       ("Spark", timeline_spark, spark_in_use)):
            handle, cursor = self.cursors.get(engine, (in_use(), None))
            if handle is None or any(engine in note for note in self.notes):
                continue
            try:
                timeline = reader.read(handle, self.first(reader, handle, cursor), self.started, wall)
            except timeline_spark.Unavailable as why:
                self.notes.append(f"Spark timeline unavailable: {why}")
                continue
            if timeline.tasks:
                found.append(timeline)
        return found

    @staticmethod
    def first(reader, handle, cursor):
        """An engine started by the cell itself: everything it recorded."""
        if cursor is not None:
            return cursor
        return ("index", 0) if reader is timeline_dask else 0


def dask_client_in_use():
    """The default distributed Client, if `distributed` is loaded and one is running."""
    if "distributed" not in sys.modules:
        return None
    from distributed import default_client

    try:
        client = default_client()
    except ValueError:
        return None
    return client if client.status == "running" else None


def spark_in_use():
    """The Spark Connect session in use, else the local or cluster SparkSession, if PySpark is loaded."""
    if "pyspark" not in sys.modules:
        return None
    connect = sys.modules.get("pyspark.sql.connect.session")
    if connect is not None and connect.SparkSession.getActiveSession() is not None:
        return connect.SparkSession.getActiveSession()
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    return SparkSession._instantiatedSession if SparkContext._active_spark_context is not None else None


class Watcher:
    """The kernel's hooks: a cell whose first line is `%%timeline` is recorded and drawn."""

    def __init__(self, shell):
        self.shell, self.recording = shell, None

    def strip(self, lines: list) -> list:
        """Input transformer: the cell without its `%%timeline` line (line numbers are the body's)."""
        return (lines[1:] or [""]) if lines and lines[0].strip() == MAGIC else lines

    def pre_run_cell(self, info) -> None:
        self.recording = None
        if (info.raw_cell or "").split("\n", 1)[0].strip() == MAGIC:
            try:
                self.recording = Recording()
            except Exception as error:  # a timeline must never break a cell
                print(f"timeline: not recorded ({type(error).__name__}: {error})", file=sys.stderr)

    def post_run_cell(self, result) -> None:
        recording, self.recording = self.recording, None
        if recording is None:
            return
        from IPython.display import display

        try:
            timelines = recording.timelines()
        except Exception as error:
            print(f"timeline: not drawn ({type(error).__name__}: {error})", file=sys.stderr)
            return
        for note in recording.notes:
            print(note)
        for timeline in timelines:
            display(figure(timeline))
        if not timelines and not recording.notes:
            print("timeline: no Dask or Spark tasks ran in this cell")


def timeline_magic(line: str, cell: str) -> None:
    """%%timeline: run the cell and draw what Dask and Spark did meanwhile (see `course.timeline`)."""
    shell = sys.modules["IPython"].get_ipython()
    shell.run_cell(cell)  # reached only where the watcher is not installed: install() strips the line


def install(shell=None) -> None:
    """Watch `%%timeline` cells in this kernel (idempotent)."""
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    if shell is None or getattr(shell, "_course_timeline", None) is not None:
        return
    watcher = Watcher(shell)
    shell._course_timeline = watcher
    shell.input_transformers_cleanup.insert(0, watcher.strip)
    shell.events.register("pre_run_cell", watcher.pre_run_cell)
    shell.events.register("post_run_cell", watcher.post_run_cell)
    shell.register_magic_function(timeline_magic, "cell", "timeline")


def load_ipython_extension(shell) -> None:
    install(shell)
