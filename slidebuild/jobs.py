"""Parallel jobs: each runs decks from the queue in its kernel; Ctrl+C or SIGTERM stops them all within seconds.

A stop (`run_jobs` catches the KeyboardInterrupt in the main thread) SIGTERMs every job's kernel with its process
group; each job's thread then sees its deck fail under it, publishes nothing, and ends its kernel: the kernel's
processes, those that left its group, its connection file and scratch folder (`Kernel.close`).
"""

import contextlib
import signal
import threading

from slidebuild import config
from slidebuild.execute import Kernel
from slidebuild.read import Deck

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)  # stop the build like Ctrl+C (SIGHUP: its terminal closed)


class Interrupted(KeyboardInterrupt):
    """The build was interrupted (Ctrl+C, SIGTERM): a job ends its deck unpublished and stops."""


def run_jobs(jobs: list, queue, execute, executed: list) -> None:
    """Run the jobs' threads until the queue (`run.DeckQueue`) is empty; `execute(deck, key, job)` builds one deck
    and returns its Result. On Ctrl+C or SIGTERM: stop every job's kernel and all it started, wait for the jobs
    to clean up (a few seconds; another signal does not cut that short), then raise KeyboardInterrupt."""
    finished = [threading.Event() for _ in jobs]  # not Thread.join: a signal during join() can end it early
    threads = [threading.Thread(target=work, args=(job, queue, execute, executed, done))
               for job, done in zip(jobs, finished)]

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    with signals_handled(STOP_SIGNALS, interrupt):
        try:
            for thread in threads:
                thread.start()
            for done in finished:
                done.wait()
        except KeyboardInterrupt:
            with signals_handled((signal.SIGINT, *STOP_SIGNALS), signal.SIG_IGN):
                queue.clear()
                for job in jobs:
                    job.stop()
                for thread, done in zip(threads, finished):
                    if thread.ident is not None:  # started
                        done.wait()
            raise
        finally:
            for thread in threads:
                if thread.ident is not None:
                    thread.join()


@contextlib.contextmanager
def signals_handled(signals: tuple, handler):
    """Handle these signals so while the block runs (only the main thread can: elsewhere, nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, handler) for signum in signals}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


class Job:
    """One parallel job: its thread's kernel, started at its first deck and kept warm from deck to deck (with
    --fresh-kernels, a new kernel for every deck). `stop()` comes from the main thread."""

    def __init__(self, number: int, settings: config.Settings, warn=lambda message: None):
        self.number, self.settings, self.warn = number, settings, warn
        self.kernel, self.kernels_started, self.stopping = None, 0, False
        self.lock = threading.Lock()  # held while the job publishes, and while the build stops it

    def execute(self, deck: Deck, progress):
        """The deck's executed notebook; Interrupted if the build was stopped meanwhile."""
        kernel = self.kernel_for(deck)
        try:
            return kernel.run(deck, self.settings.timeout, progress)
        except Exception:
            if self.stopping:  # the kernel was stopped under the deck: not the deck's failure
                raise Interrupted from None
            raise
        finally:
            if self.settings.fresh_kernels:
                self.discard_kernel()

    def kernel_for(self, deck: Deck) -> Kernel:
        """The job's warm kernel (a new one if it died since its last deck), or a fresh one for this deck."""
        logs = self.settings.cache_dir.parent / "logs"
        if self.kernel is not None and not self.kernel.alive():
            self.discard_kernel()
        if self.kernel is None:
            if self.settings.fresh_kernels:
                kernel = Kernel(logs / f"{deck.kind}-{deck.name}.log", warm=False, folder=deck.source.parent,
                                warn=self.warn)
            else:  # a replacement kernel appends to the log of the one that failed
                kernel = Kernel(logs / f"kernel-{self.number + 1}.log", warm=True, append=self.kernels_started > 0,
                                warn=self.warn)
            self.kernels_started += 1
            with self.lock:
                self.kernel = kernel
                if self.stopping:  # stopped while the kernel started
                    kernel.terminate()
            if kernel.stopped:
                self.discard_kernel()
                raise Interrupted
        return self.kernel

    @contextlib.contextmanager
    def publishing(self):
        """Hold off a stop while the deck is cached and published; after a stop, publish nothing."""
        with self.lock:
            if self.stopping:
                raise Interrupted
            yield

    def stop(self) -> None:
        """The build was interrupted: SIGTERM the kernel now (the job's thread cleans up after it)."""
        with self.lock:
            self.stopping = True
            if self.kernel is not None:
                self.kernel.terminate()

    def discard_kernel(self) -> None:
        with self.lock:
            kernel, self.kernel = self.kernel, None
        if kernel is not None:
            kernel.close()


def work(job: Job, queue, execute, executed: list, finished: threading.Event) -> None:
    """A job's thread: execute decks from the queue until it is empty or the build stops; a failed deck's kernel
    is not reused. `finished` is set when the job has cleaned up."""
    try:
        while (item := queue.take(job.number)) is not None:
            deck, key = item
            try:
                result = execute(deck, key, job)
            except Interrupted:
                return
            finally:
                queue.done()
            executed.append((deck, result))
            if result.error:
                job.discard_kernel()
                queue.forget(job.number)
                if not job.settings.keep_going:
                    queue.clear()
    finally:
        try:
            job.discard_kernel()
        finally:
            finished.set()
