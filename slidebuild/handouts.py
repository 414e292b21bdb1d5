"""PDF handouts off the critical path: printed after the pages are published, by one printer at a time.

A handout is current while its page is not newer than it (a PDF gets the time its page had when printing began),
and the index links a handout only while it is current. After a build, the handouts still to print are printed:

- in the build itself when it builds the whole course (`make site`, CI) or when one of them has never been
  printed (a fresh site): these end with every PDF present;
- otherwise in a background process that the command does not wait for: a prose edit returns at once and its
  handout follows a few seconds later.

Two locks beside the site keep printers apart. The print lock is held while printing, so that two builds never
print the same PDF at once. The queue lock is held by the one printer waiting for its turn: a build that finds it
taken starts no printer, since the waiting one will print every handout that is stale when its turn comes (quick
edits in a row cost one printing).

    python -m slidebuild.handouts _site     # wait for the printer, then print whatever is still stale
"""

import contextlib
import fcntl
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from slidebuild import config
from slidebuild.publish import read_manifest, update_manifest, write_index

PRINT_LOCK, QUEUE_LOCK, SITE_LOCK = ".handouts.lock", ".handouts.queue", ".site.lock"


def handout(page: str) -> str:
    return Path(page).with_suffix(".pdf").as_posix()


def is_current(out: Path, page: str) -> bool:
    """Whether the page's handout exists and was printed from the page as it is now."""
    try:
        return (out / handout(page)).stat().st_mtime_ns >= (out / page).stat().st_mtime_ns
    except FileNotFoundError:
        return False


def stale_pages(out: Path, entries) -> list:
    """The deck pages among `entries` whose handout is missing or older than the page."""
    return [entry.page for entry in entries
            if entry.kind == "slides" and entry.page and not is_current(out, entry.page)]


@contextlib.contextmanager
def locked(out: Path, name: str, deadline: float | None = None):
    """Hold one of the site's locks for the duration of the block, waiting for it as long as it takes or until
    `deadline` (time.monotonic()), past which TimeoutError is raised."""
    out.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(out / name, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        take(descriptor, deadline, out / name)
        yield descriptor
    finally:
        os.close(descriptor)


def take(descriptor: int, deadline: float | None, path: Path) -> None:
    if deadline is None:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        return
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{path}: still held after the deadline") from None
            time.sleep(0.05)  # flock has no timeout: poll the lock until the deadline


def publish_index(out: Path, entries: list) -> dict:
    """Merge `entries` into the manifest and write it and the index, each deck linking its handout only while
    it is current; under the site lock, so that a printer and a build never lose each other's entries."""
    with locked(out, SITE_LOCK):
        merged = {**read_manifest(out), **{entry.key: entry for entry in entries}}
        for entry in merged.values():
            current = entry.kind == "slides" and entry.page and is_current(out, entry.page)
            entry.pdf = handout(entry.page) if current else None
        manifest = update_manifest(out, list(merged.values()))
        write_index(out, manifest)
        return manifest


def print_stale(out: Path, note=print) -> list:
    """Wait for the print lock, print every stale handout of the site, link them in the index; return
    [(page, error message)] for the pages that could not be printed. Raises pdf.NoBrowser without a Chromium."""
    from slidebuild import pdf  # the browser: loaded only where something is printed

    with locked(out, PRINT_LOCK):
        return print_locked(out, pdf, note)


def print_locked(out: Path, pdf, note) -> list:
    pages = stale_pages(out, read_manifest(out).values())
    failed = pdf.write_pdfs(out, pages, note) if pages else []
    publish_index(out, [])
    return failed


def start_printer(out: Path, log: Path) -> bool:
    """Start a background printer for the site unless one is already waiting for its turn; its output goes to
    `log`. Return whether one was started."""
    out.mkdir(parents=True, exist_ok=True)
    queue = os.open(out / QUEUE_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(queue, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(queue)
        return False  # the printer that holds it prints our pages too
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "a") as output:  # the printer holds the queue lock through the descriptor it inherits
        process = subprocess.Popen([sys.executable, "-m", "slidebuild.handouts", str(out), "--queue", str(queue)],
                                   cwd=config.ROOT, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                                   pass_fds=(queue,), start_new_session=True)
    os.close(queue)
    threading.Thread(target=process.wait, daemon=True).start()  # reaped when it ends, never waited for
    return True


def wait(out: Path, timeout: float | None = None) -> None:
    """Return once no printer is waiting or printing for the site (for tests and scripts); raise TimeoutError if
    one still is after `timeout` seconds."""
    deadline = None if timeout is None else time.monotonic() + timeout
    with locked(out, QUEUE_LOCK, deadline), locked(out, PRINT_LOCK, deadline):
        pass


def main(argv: list | None = None) -> int:
    """The background printer (`--queue FD`: the queue lock it was started with), or by hand: wait for any
    printer, then print what is still stale."""
    import argparse

    cli = argparse.ArgumentParser(description="Print the stale PDF handouts of a built site.")
    cli.add_argument("out", type=Path, help="the site folder")
    cli.add_argument("--queue", type=int, help=argparse.SUPPRESS)
    args = cli.parse_args(argv)
    from slidebuild import pdf

    out = args.out.resolve()
    with locked(out, PRINT_LOCK):
        if args.queue is not None:  # our turn: the next build may queue a printer again
            fcntl.flock(args.queue, fcntl.LOCK_UN)
            os.close(args.queue)
        try:
            failed = print_locked(out, pdf, lambda message: print(message, flush=True))
        except pdf.NoBrowser as error:
            print(error, flush=True)
            return 1
    for page, message in failed:
        print(f"{page}: the handout could not be printed: {message}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
