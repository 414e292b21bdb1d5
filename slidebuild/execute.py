"""Execute stage: run a deck's code cells in a kernel, in the deck's folder, and end the deck cleanly."""

import copy
import re
import time
from pathlib import Path
from queue import Empty

import nbformat
from jupyter_core.utils import ensure_event_loop, run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

from slidebuild import config, kernels
from slidebuild.errors import CellError, display_path
from slidebuild.read import Deck

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# What a deck's code starts that a warm kernel keeps for the next deck
RUNTIMES = {"spark": re.compile(r"\bspark\(|SparkSession|SparkContext"),
            "dask": re.compile(r"\bdask_client\(|LocalCluster\(")}
CELL_FRAME = re.compile(r"Cell In\[(\d+)\], line (\d+)")
INTERRUPT_SECONDS = 5  # a timed-out cell that has not stopped this long after the interrupt: the kernel is killed


def cell_timeout(deck: Deck, default: int):
    """Per-cell timeout: the build's, raised (never lowered) by the deck's or the cell's metadata."""
    deck_timeout = max(default, deck.header.timeout)
    return lambda cell: max(deck_timeout, int(cell.metadata.get("timeout", 0)))


class Kernel:
    """A kernel process for deck after deck (warm), or for one deck (fresh), used by the thread that made it;
    `terminate()` may come from another thread (the build was interrupted).

    Warm, it imports the common libraries once (see `course.isolation`) and keeps the Spark JVM and the
    Dask LocalCluster up between decks; each deck still starts from an empty namespace and cell number 1.
    Whatever it started is stopped with it (`kernels.Tracked`); `warn` hears of processes that had left
    its process group, by deck.
    """

    def __init__(self, log_path: Path, warm: bool, folder: Path = config.ROOT, append: bool = False,
                 warn=lambda message: None):
        self.warm, self.warn, self.deck, self.stopped = warm, warn, None, False
        self.tracked = kernels.Tracked()
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log = open(log_path, "a" if append else "w")
        self.client = NotebookClient(nbformat.v4.new_notebook(), kernel_name=kernels.KERNEL_NAME,
                                     extra_arguments=kernels.KERNEL_ARGUMENTS,
                                     resources={"metadata": {"path": str(folder)}})
        try:
            self.client.create_kernel_manager()
            env = {**kernels.kernel_environment(), **self.tracked.prepare(self.client.km)}
            run_sync(self.client.async_start_new_kernel)(env=env, stdout=self.log, stderr=self.log)
            self.tracked.started(self.client.km)
            run_sync(self.client.async_start_new_kernel_client)()
            if warm:
                self.call("prepare()")
        except BaseException:
            self.close()
            raise

    def call(self, code: str) -> None:
        """Run `course.isolation.<code>` in the kernel, quietly; raise if it fails."""
        reply = run_quietly(self.client, f"__import__('course.isolation').isolation.{code}")
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the warm kernel could not run {code}: {reply['content'].get('evalue')}")

    def alive(self) -> bool:
        return run_sync(self.client.km.is_alive)()

    def run(self, deck: Deck, timeout: int, on_cell=lambda done, total: None):
        """Return an executed copy of the deck's notebook, or raise CellError naming file, line and cell."""
        notebook = copy.deepcopy(deck.notebook)
        timeout_of = cell_timeout(deck, timeout)
        self.client.nb, self.client.timeout_func, self.deck = notebook, timeout_of, deck
        self.client.reset_execution_trackers()
        try:
            if self.warm:
                self.call(f"begin({str(deck.source.parent)!r})")
            self.run_cells(deck, timeout_of, on_cell)
        finally:
            self.warn_of(self.tracked.end_strays(outside_group=True))  # what the deck started outside the group
        return coalesce_streams(notebook)

    def run_cells(self, deck: Deck, timeout_of, on_cell) -> None:
        """Execute the code cells in order; the end of the deck (teardown) runs whatever happens."""
        notebook = self.client.nb
        code_cells = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
        index = None
        try:
            for done, index in enumerate(code_cells):
                on_cell(done + 1, len(code_cells))
                self.execute(notebook.cells[index], index)
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
            if isinstance(error, CellTimeoutError):
                self.stop_cell()
            raise cell_error(deck, notebook.cells[index], index, error, timeout_of) from None
        finally:
            if not self.stopped:  # a killed kernel runs nothing more
                end_deck(self.client)

    def execute(self, cell, index: int) -> None:
        """One cell; a cell tagged `timeline` runs under `%%timeline` (course.timeline draws what the engines
        did beneath its output), its stored source unchanged."""
        source = cell.source
        if "timeline" in cell.metadata.get("tags", ()):
            run_quietly(self.client, "__import__('course.timeline').timeline.install()")
            cell.source = "%%timeline\n" + source
        try:
            self.client.execute_cell(cell, index)
        finally:
            cell.source = source

    def stop_cell(self) -> None:
        """Interrupt a timed-out cell so that the teardown can run; a cell that goes on (it ignores SIGINT) gets
        its kernel killed, process group and all."""
        run_sync(self.client.km.interrupt_kernel)()
        if not answers(self.client, INTERRUPT_SECONDS):
            self.terminate()
            self.tracked.end_group()

    def terminate(self) -> None:
        """SIGTERM the kernel's process group (the kernel, its JVM, its Dask workers): from any thread."""
        self.stopped = True
        self.tracked.terminate()

    def warn_of(self, strays: list) -> None:
        where = display_path(self.deck.source) if self.deck else "a kernel"
        for stray in strays:
            self.warn(f"{where}: stopped a process the deck left running: {stray}")

    def close(self) -> None:
        """Stop Spark and Dask in the kernel (teardown) and shut it down; then end whatever it started: its
        process group, the processes that left it (a warning each), its scratch folder and connection file."""
        try:
            if self.client.km is not None:
                if self.warm and not self.stopped:
                    end_deck(self.client, kernels.FINAL_TEARDOWN_CODE)
                self.client.km.shutdown_wait_time = 1.0
                run_sync(self.client._async_cleanup_kernel)()
        finally:
            self.log.close()
            close_event_loop()
            self.warn_of(self.tracked.end())


def runtimes(deck: Deck) -> frozenset:
    """What the deck's code starts among RUNTIMES, in which folder (a JVM and a cluster serve decks of the
    folder they started in): the build sends the deck to a kernel that has them warm."""
    code = "\n".join(cell.source for cell in deck.notebook.cells if cell.cell_type == "code")
    return frozenset(f"{name}@{deck.source.parent}" for name, pattern in RUNTIMES.items() if pattern.search(code))


def coalesce_streams(notebook):
    """Consecutive prints to one stream in one output (how a kernel splits them into messages is a matter of
    timing), a `\\r` progress bar as its last state: nbconvert's CoalesceStreamsPreprocessor, cell by cell."""
    coalesce = CoalesceStreamsPreprocessor()
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            coalesce.preprocess_cell(cell, {}, index)
    return notebook


def close_event_loop() -> None:
    """nbclient runs on one event loop per thread; close it so that no socket outlives the deck."""
    loop = ensure_event_loop()
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()


def end_deck(client: NotebookClient, code: str = kernels.TEARDOWN_CODE) -> None:
    """Run the teardown in the kernel if it is still alive; errors there never fail the deck (a dead or stuck
    kernel is shut down anyway)."""
    try:
        if client.kc is not None and run_sync(client.km.is_alive)():
            run_quietly(client, code)
    except Exception:
        pass


def answers(client: NotebookClient, seconds: float) -> bool:
    """Whether the kernel replies to a trivial request within `seconds` (a cell that ignores SIGINT keeps it busy).
    Replies to other requests (the interrupted cell's) are passed over."""
    request = client.kc.execute("pass", store_history=False)
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            reply = run_sync(client.kc.get_shell_msg)(timeout=left)
        except Empty:
            return False
        if reply["parent_header"].get("msg_id") == request:
            return True
    return False


def run_quietly(client: NotebookClient, code: str) -> dict:
    """Run code in the kernel outside the notebook (no cell number, outputs dropped); return the reply."""
    return run_sync(client.kc.execute_interactive)(code, store_history=False, timeout=kernels.TEARDOWN_SECONDS,
                                                   output_hook=lambda message: None)


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
