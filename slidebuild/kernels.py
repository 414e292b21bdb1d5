"""The kernel contract: how every kernel of the course starts and ends, the build's (`slidebuild.execute`),
`present`'s and the grader's (`course.grading`).

- `KERNEL_NAME` and `KERNEL_ARGUMENTS`: which kernel, with which settings (fd-level output such as the JVM's
  goes to the log, no history, SVG charts, figures' text alternatives).
- `kernel_environment()`: course helpers importable, Spark quiet and on loopback, any local SparkSession warmed
  up like `course.spark()`'s (`course.runtime.session_environment`), reproducible charts, no COURSE_KEY secret.
- `TEARDOWN_CODE` / `FINAL_TEARDOWN_CODE`: what a kernel runs after a deck / before it shuts down, so that Spark
  and Dask stop cleanly.
- `Tracked`: what one kernel leaves behind, ended with it: its process group, the processes that left the group
  (found by an environment marker), its connection file and scratch folder.
"""

import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from course import class_archive
from slidebuild import config, processes

KERNEL_NAME = config.KERNEL_NAME  # every deck's kernel (read.check_deck refuses another): build, present, grader
KERNEL_ARGUMENTS = ["--IPKernelApp.capture_fd_output=False", "--HistoryManager.enabled=False",
                    "--InlineBackend.figure_formats=svg",  # crisp charts on slides, no base64 PNG
                    "--IPKernelApp.exec_lines=__import__('course.describe').describe.install()"]  # figures' alt text
# `present`'s kernels also watch cells tagged `timeline` (the live client runs them under %%timeline, as the build
# does), so that a live re-run redraws what the engines did.
LIVE_ARGUMENTS = [*KERNEL_ARGUMENTS, "--IPKernelApp.exec_lines=__import__('course.timeline').timeline.install()"]
# Ends a deck inside the kernel: stops Spark and Dask (a warm kernel keeps its JVM and cluster for the next
# deck), so that nothing is killed halfway (no stray JVM).
TEARDOWN_CODE = "__import__('course.runtime').runtime.release()"
FINAL_TEARDOWN_CODE = "__import__('course.runtime').runtime.teardown()"  # the JVM and the cluster too
TEARDOWN_SECONDS = 60
STOP_SECONDS = 3  # how long a kernel's processes get to exit after SIGTERM (the JVM's exit hooks) before SIGKILL


def kernel_environment() -> dict:
    """The kernel's environment: course helpers importable, Spark quiet and bound to loopback, charts
    reproducible."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("COURSE_KEY")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(config.ROOT), env.get("PYTHONPATH")]))
    env.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    env.setdefault("MATPLOTLIBRC", str(config.ASSETS_DIR / "matplotlibrc"))  # reproducible SVG charts
    env.setdefault("SOURCE_DATE_EPOCH", "0")
    env["PYSPARK_PYTHON"] = env.get("PYSPARK_PYTHON", sys.executable)
    from course.runtime import session_environment

    env.update(session_environment())  # a SparkSession a deck creates itself starts like spark()'s
    return env


class Tracked:
    """One kernel's traces: a scratch folder (its connection file; Dask's and Spark's temporary files) and a marker
    in its environment that all its descendants inherit. `prepare(km)` before the kernel starts, `started(km)`
    after; `terminate()` from any thread; `end()` once it is shut down (or killed)."""

    def __init__(self):
        self.scratch = Path(tempfile.mkdtemp(prefix="slidebuild-kernel-"))
        self.pgid = None

    def prepare(self, kernel_manager) -> dict:
        """Put the kernel's connection file in the scratch folder; return the environment the kernel adds."""
        kernel_manager.connection_file = str(self.scratch / "connection.json")
        env = {processes.MARKER: self.scratch.name}
        for name in ("DASK_TEMPORARY_DIRECTORY", "SPARK_LOCAL_DIRS"):
            env[name] = os.environ.get(name) or str(self.scratch)
        return env

    def started(self, kernel_manager) -> None:
        self.pgid = getattr(kernel_manager.provisioner, "pgid", None)  # a local kernel has a group of its own

    def terminate(self) -> None:
        """SIGTERM the kernel's process group (the kernel, its JVM, its Dask workers)."""
        if self.pgid is not None:
            processes.signal_group(self.pgid, self.scratch.name, signal.SIGTERM)

    def end_group(self) -> None:
        if self.pgid is not None:
            processes.end_group(self.pgid, self.scratch.name, STOP_SECONDS)

    def end_strays(self, outside_group: bool = False) -> list:
        """Stop the kernel's descendants that are still running (only those that left its group, if asked); return
        each one's command line and pid."""
        spare = self.pgid if outside_group else None
        if outside_group and spare is None:
            return []
        return processes.end_strays(self.scratch.name, STOP_SECONDS, spare)

    def end(self) -> list:
        """After the kernel's shutdown: end its group and its strays, remove its files; return the strays."""
        self.end_group()
        strays = self.end_strays()
        shutil.rmtree(self.scratch, ignore_errors=True)
        class_archive.remove_abandoned()  # a killed JVM's half-written class-data archive
        return strays
