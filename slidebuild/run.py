"""The slow path of a build: execute (or reuse from cache), clean, render and publish each deck that changed.

Imported only when some deck changed, so that a build with nothing to do never loads Jupyter or nbconvert.
"""

import threading
import time
from pathlib import Path

import nbformat

from course import schedule
from slidebuild import cache, config, fingerprint, graded, labs, site
from slidebuild.clean import clean_notebook, offline_html, private_strings, scrub
from slidebuild.errors import BuildError, SourceError
from slidebuild.execute import runtimes
from slidebuild.jobs import Job, run_jobs
from slidebuild.read import Deck, read_deck
from slidebuild.render import render, undescribed
from slidebuild.report import Result
from slidebuild.site import kind_of, write_atomic

TEXT_SUFFIXES = (".html", ".htm", ".txt", ".json", ".csv", ".svg", ".md", ".yaml", ".yml")


def read_all(sources: list, reporter, key: bytes | None = None) -> tuple:
    """Read and check every source before any kernel starts: (decks, failed results). A graded lab is read in
    its full version when the instructor's key opens it."""
    decks, failed = [], []
    for source in sources:
        try:
            deck = read_deck(source, kind_of(source))
            decks.append(graded.full_deck(deck, key) if graded.is_graded(deck) and key else deck)
        except SourceError as error:
            failed.append(Result(source, "failed", error=error))
            reporter.state(source.stem, "failed", error.message)
    return decks, failed


def run_decks(decks: list, settings: config.Settings, reporter) -> list:
    """Publish cached decks at once; execute the others in parallel jobs, longest first, stopping early on a
    failure unless --keep-going."""
    results, stale = [], []
    sealed_away = [deck for deck in decks if graded.is_graded(deck) and deck.public is None]
    if sealed_away:
        reporter.warn(graded.NO_KEY)
    for deck in sealed_away:
        results.append(guarded(deck, reporter, publish_student_notebook, deck, settings, reporter))
    for deck in [deck for deck in decks if deck not in sealed_away]:
        key = cache.cache_key(deck)
        notebook = cache.load(cache_dir(deck, settings), deck, key) if settings.use_cache else None
        if notebook is None:
            stale.append((deck, key))
            reporter.state(deck.name, "queued")
        else:
            results.append(guarded(deck, reporter, publish_deck, deck, key, notebook, settings, reporter, "cached"))
    known = cache.durations(settings.cache_dir)
    stale.sort(key=lambda item: -expected_seconds(item[0], known))  # longest first: a short critical path
    queue, executed = DeckQueue(stale, settings.jobs), []

    def build_one(deck: Deck, key: str, job: Job) -> Result:
        return guarded(deck, reporter, execute_deck, deck, key, settings, reporter, job)

    jobs = [Job(number, settings, reporter.warn) for number in range(min(settings.jobs, len(stale)))]
    run_jobs(jobs, queue, build_one, executed)  # Ctrl+C or SIGTERM: every kernel stopped, then KeyboardInterrupt
    cache.record_durations(settings.cache_dir, {f"{deck.kind}-{deck.name}": round(result.seconds, 1)
                                                for deck, result in executed if not result.error})
    return results + [result for _, result in executed]


class DeckQueue:
    """The decks to execute, longest first. A job takes first a deck whose runtime (the Spark JVM, the Dask
    cluster) its kernel already has warm, then one whose runtime no other job has, then any: decks share warm
    runtimes rather than start their own. A deck whose header says `alone: true` (its slides measure the machine)
    runs while no other deck does: it waits for the running ones, and the other jobs wait for it."""

    def __init__(self, items: list, jobs: int):
        self.items = [(deck, key, runtimes(deck)) for deck, key in items]
        self.warm = [set() for _ in range(jobs)]
        self.running, self.alone = 0, False  # decks being executed; whether one of them must be alone
        self.changed = threading.Condition()

    def take(self, job: int):
        with self.changed:
            while True:
                if not self.items:
                    return None
                shared = [item for item in self.items if not item[0].header.alone]
                candidates = self.items if self.running == 0 and not self.alone else shared
                if candidates and not self.alone:
                    break
                self.changed.wait()
            elsewhere = set().union(*(warm for number, warm in enumerate(self.warm) if number != job))

            def rank(item) -> int:
                return 0 if item[2] & self.warm[job] else 1 if not item[2] & elsewhere else 2

            item = min(candidates, key=rank)  # the first, so the longest, of the best rank
            self.items.remove(item)
            self.running += 1
            self.alone = item[0].header.alone
            replaced = {name.partition("@")[0] for name in item[2]}  # a JVM in another folder replaces the old
            self.warm[job] = {name for name in self.warm[job] if name.partition("@")[0] not in replaced} | item[2]
            return item[:2]

    def done(self) -> None:
        """The job's deck has finished: let the next one, alone or not, start."""
        with self.changed:
            self.running -= 1
            self.alone = False if self.running == 0 else self.alone
            self.changed.notify_all()

    def forget(self, job: int) -> None:
        """The job's kernel is gone, and what it had warm with it."""
        with self.changed:
            self.warm[job].clear()

    def clear(self) -> None:
        with self.changed:
            self.items.clear()
            self.changed.notify_all()


def expected_seconds(deck: Deck, known: dict) -> float:
    """The deck's last execution time, or a guess from what its code starts (a JVM costs most)."""
    if f"{deck.kind}-{deck.name}" in known:
        return known[f"{deck.kind}-{deck.name}"]
    code = "\n".join(cell.source for cell in deck.notebook.cells if cell.cell_type == "code")
    started = {name.partition("@")[0] for name in runtimes(deck)}
    return 60 * ("spark" in started) + 30 * ("dask" in started) + code.count("\n") / 20


def guarded(deck: Deck, reporter, stage, *args) -> Result:
    """Run one deck's stage; any error (a cell, a kernel that cannot start, a render) fails only that deck."""
    start = time.monotonic()
    try:
        return stage(*args, start=start)
    except Exception as error:
        if not isinstance(error, BuildError):
            error = BuildError(deck.source, f"{type(error).__name__}: {error}")
        reporter.state(deck.name, "failed", f"{error.location}: {error.message}")
        return Result(deck.source, "failed", time.monotonic() - start, error)


def execute_deck(deck: Deck, key: str, settings: config.Settings, reporter, job: Job, start: float) -> Result:
    """Execute one deck in the job's kernel, cache its outputs and publish it; a failure leaves the last good
    page alone."""
    reporter.state(deck.name, "executing")
    notebook = job.execute(deck, lambda done, total: reporter.state(deck.name, f"executing cell {done} of {total}"))
    with job.publishing():
        cache.store(cache_dir(deck, settings), deck, key, notebook)
        return publish_deck(deck, key, notebook, settings, reporter, "built", start)


def publish_deck(deck: Deck, key: str, notebook, settings: config.Settings, reporter, state: str,
                 start: float) -> Result:
    """Clean, render and atomically write the deck's page (a lab: its student notebook and solution page),
    and the files it declares in `publish:` beside it. A graded lab's solution and files go to the instructor
    folder; the site gets its student notebook only."""
    for where in undescribed(deck, notebook):
        reporter.warn(f"{where}: a figure without a description; give the cell `alt` metadata")
    target = graded.instructor_settings(settings) if deck.public is not None else settings
    for name, cached in cache.published_files(target.cache_dir, deck, key):
        write_atomic(target.out / deck.kind / name, clean_file(cached))
    entry = manifest_entry(deck, settings)
    cleaned = clean_notebook(notebook)
    if deck.kind == "labs":
        write_atomic(settings.out / entry.notebook, labs.student_notebook(deck.public or deck))
    if deck.public is not None:
        write_atomic(target.out / site.notebook(deck.name), nbformat.writes(cleaned))
        write_atomic(target.out / site.page(deck.kind, deck.name), labs.solution_page(deck, cleaned))
    elif deck.kind == "labs" and settings.publish_solutions:
        entry.page = site.page(deck.kind, deck.name)
        write_atomic(settings.out / entry.page, labs.solution_page(deck, cleaned))
    elif deck.kind == "labs":
        (settings.out / site.page(deck.kind, deck.name)).unlink(missing_ok=True)
    else:
        write_atomic(settings.out / entry.page, render(deck, cleaned))
    seconds = time.monotonic() - start
    reporter.state(deck.name, "rendered" if state == "built" else state, f"{seconds:.1f} s")
    return Result(deck.source, state, seconds, entry=entry)


def publish_student_notebook(deck: Deck, settings: config.Settings, reporter, start: float) -> Result:
    """A graded lab without the instructor's key: its student notebook only, nothing executed."""
    entry = manifest_entry(deck, settings)
    write_atomic(settings.out / entry.notebook, labs.student_notebook(deck))
    reporter.state(deck.name, "student notebook", "solutions sealed")
    return Result(deck.source, "student notebook", time.monotonic() - start, entry=entry)


def cache_dir(deck: Deck, settings: config.Settings) -> Path:
    """Where a deck's executed outputs are cached: a graded lab's full version in the instructor folder."""
    return graded.instructor_settings(settings).cache_dir if deck.public is not None else settings.cache_dir


def manifest_entry(deck: Deck, settings: config.Settings) -> site.Entry:
    """What the index and the next build's up-to-date check know of a published deck (a lab's solution page is
    added when it is published)."""
    scheduled = schedule.item(deck.source, deck.header)
    return site.Entry(
        kind=deck.kind, name=deck.name, number=deck.number, title=deck.title, summary=deck.header.summary,
        day=deck.header.day, slot=deck.header.slot, optional=deck.header.optional, graded=deck.header.graded,
        duration=schedule.duration(scheduled.minutes) if scheduled else "", role=scheduled.kind if scheduled else None,
        page=None if deck.kind == "labs" else site.page(deck.kind, deck.name),
        notebook=site.notebook(deck.name) if deck.kind == "labs" else None,
        source_key=fingerprint.source_key(deck.source, deck.kind, list(deck.header.data), site.render_options(settings),
                                          deck.digest),
        data_patterns=list(deck.header.data), published=[] if deck.header.graded else list(deck.header.publish))


def clean_file(path: Path) -> bytes:
    """A published file's bytes; text files lose the build machine's paths and names like outputs do."""
    if path.suffix not in TEXT_SUFFIXES:
        return path.read_bytes()
    text = scrub(path.read_text(encoding="utf-8", errors="replace"), private_strings())
    return (offline_html(text) if path.suffix in (".html", ".htm") else text).encode("utf-8")


