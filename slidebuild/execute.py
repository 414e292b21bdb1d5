"""Execute stage: run a deck's code cells in a fresh kernel, in the deck's folder, with teardown."""

import copy
import os
import re
import sys
from pathlib import Path

from jupyter_core.utils import ensure_event_loop, run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from slidebuild import config
from slidebuild.errors import CellError
from slidebuild.read import Deck

ANSI = re.compile(r"\x1b\[[0-9;]*m")
CELL_FRAME = re.compile(r"Cell In\[(\d+)\], line (\d+)")
# Stops Spark and closes Dask inside the kernel, so that nothing is killed halfway (no stray JVM).
TEARDOWN_CODE = "import course as _course_runtime\n_course_runtime.teardown()"
TEARDOWN_SECONDS = 60
KERNEL_ARGUMENTS = ["--IPKernelApp.capture_fd_output=False", "--HistoryManager.enabled=False",
                    "--InlineBackend.figure_formats=svg"]  # crisp charts on slides, no base64 PNG


def kernel_environment() -> dict:
    """The kernel's environment: course helpers importable, Spark quiet and bound to loopback."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(config.ROOT), env.get("PYTHONPATH")]))
    env.setdefault("SPARK_CONF_DIR", str(config.ASSETS_DIR / "spark-conf"))
    env.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    env["PYSPARK_PYTHON"] = env.get("PYSPARK_PYTHON", sys.executable)
    return env


def cell_timeout(deck: Deck, default: int):
    """Per-cell timeout: the build's, raised (never lowered) by the deck's or the cell's metadata."""
    deck_timeout = max(default, int(deck.meta.get("timeout", 0)))
    return lambda cell: max(deck_timeout, int(cell.metadata.get("timeout", 0)))


def execute(deck: Deck, timeout: int, log_path: Path, on_cell=lambda done, total: None):
    """Return an executed copy of the deck's notebook, or raise CellError naming file, line and cell."""
    notebook = copy.deepcopy(deck.notebook)
    timeout_of = cell_timeout(deck, timeout)
    client = NotebookClient(notebook, kernel_name=config.KERNEL_NAME, timeout_func=timeout_of,
                            extra_arguments=KERNEL_ARGUMENTS, resources={"metadata": {"path": str(deck.source.parent)}})
    log_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(log_path, "w") as log, client.setup_kernel(env=kernel_environment(), stdout=log, stderr=log):
            run_cells(deck, client, timeout_of, on_cell)
    finally:
        close_event_loop()
    return notebook


def run_cells(deck: Deck, client: NotebookClient, timeout_of, on_cell) -> None:
    """Execute the code cells in order; the teardown runs whatever happens."""
    notebook = client.nb
    code_cells = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    index = None
    try:
        for done, index in enumerate(code_cells):
            on_cell(done + 1, len(code_cells))
            client.execute_cell(notebook.cells[index], index)
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        if isinstance(error, CellTimeoutError):
            run_sync(client.km.interrupt_kernel)()  # so that the teardown can run
        raise cell_error(deck, notebook.cells[index], index, error, timeout_of) from None
    finally:
        shut_down(client)


def close_event_loop() -> None:
    """nbclient runs on one event loop per thread; close it so that no socket outlives the deck."""
    loop = ensure_event_loop()
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()


def shut_down(client: NotebookClient) -> None:
    """Run the course teardown in the kernel if it is still alive (errors there never fail the deck)."""
    try:
        if client.kc is not None and run_sync(client.km.is_alive)():
            run_sync(client.kc.execute_interactive)(TEARDOWN_CODE, store_history=False, timeout=TEARDOWN_SECONDS,
                                                    output_hook=lambda message: None)
    except Exception:  # a dead or stuck kernel is shut down by setup_kernel's own cleanup
        pass


def cell_error(deck: Deck, cell, index: int, error: Exception, timeout_of) -> CellError:
    """Turn an nbclient failure into a CellError pointing at the source line."""
    traceback, line_in_cell = "", 1
    if isinstance(error, CellTimeoutError):
        message = f"timed out after {timeout_of(cell)} s (raise it with --timeout or `timeout` metadata)"
    elif isinstance(error, DeadKernelError):
        message = "the kernel died while running this cell"
    else:
        traceback = ANSI.sub("", str(error))
        message = f"{error.ename}: {error.evalue}"
        line_in_cell = failing_line(traceback, cell.get("execution_count"))
    return CellError(deck.source, message, line=deck.line_of(index, line_in_cell), cell=index + 1,
                     details=traceback)


def failing_line(traceback: str, execution_count) -> int:
    """The line inside the cell where it failed: its own `Cell In[n], line L` frame, else the first one."""
    frames = CELL_FRAME.findall(traceback)
    own = [int(line) for count, line in frames if str(count) == str(execution_count)]
    return own[0] if own else (int(frames[0][1]) if frames else 1)
