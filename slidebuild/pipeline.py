"""The build: read and check every source, then execute (or reuse from cache), clean, render and publish."""

import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from slidebuild import cache, config, labs, pdf
from slidebuild.clean import clean_notebook, offline_html, private_strings, scrub
from slidebuild.errors import BuildError, SourceError
from slidebuild.execute import execute
from slidebuild.publish import install_static, read_manifest, update_manifest, write_atomic, write_index
from slidebuild.read import Deck, discover, read_deck
from slidebuild.render import render


TEXT_SUFFIXES = (".html", ".htm", ".txt", ".json", ".csv", ".svg", ".md", ".yaml", ".yml")


@dataclass
class Result:
    """What happened to one source."""

    source: Path
    state: str  # "built", "cached" (re-rendered from cache), "up to date" or "failed"
    seconds: float = 0.0
    error: BuildError | None = None
    entry: dict | None = None  # its manifest entry when published


def default_sources() -> list:
    return discover(config.SLIDES_DIR) + discover(config.LABS_DIR)


def kind_of(path: Path) -> str:
    """Sources in a folder named `labs` are labs; everything else is a deck."""
    return "labs" if Path(path).resolve().parent.name == "labs" else "slides"


def build(sources: list, settings: config.Settings, reporter) -> list:
    """Build the given sources (all decks when empty) into settings.out; return one Result per source."""
    sources = [Path(source) for source in (sources or default_sources())]
    decks, failed = [], []
    for source in sources:
        try:
            decks.append(read_deck(source, kind_of(source)))
        except SourceError as error:
            failed.append(Result(source, "failed", error=error))
            reporter.state(source.stem, "failed", error.message)
    if failed and not settings.keep_going:
        return failed  # every source is checked before any kernel starts
    install_static(settings.out)
    results = failed + run_decks(decks, settings, reporter, read_manifest(settings.out))
    if settings.pdf:
        make_handouts(settings.out, [result.entry for result in results if result.entry], reporter)
    manifest = update_manifest(settings.out, [result.entry for result in results if result.entry])
    write_index(settings.out, manifest)
    return results


def make_handouts(out: Path, entries: list, reporter) -> None:
    """PDFs of the decks whose page is newer than their PDF; a problem is a warning, never a failed build."""
    stale = [entry["page"] for entry in entries if entry["kind"] == "slides" and is_stale(out, entry["page"])]
    try:
        if stale:
            pdf.write_pdfs(out, stale)
    except pdf.NoBrowser as error:
        reporter.warn(str(error))
    except Exception as error:  # the HTML site is complete without handouts
        reporter.warn(f"PDF handouts failed: {type(error).__name__}: {error}")
    for entry in entries:
        handout = Path(entry["page"] or "").with_suffix(".pdf")
        if entry["kind"] == "slides" and (out / handout).exists():
            entry["pdf"] = handout.as_posix()


def clean_file(path: Path) -> bytes:
    """A published file's bytes; text files lose the build machine's paths and names like outputs do."""
    if path.suffix not in TEXT_SUFFIXES:
        return path.read_bytes()
    text = scrub(path.read_text(encoding="utf-8", errors="replace"), private_strings())
    return (offline_html(text) if path.suffix in (".html", ".htm") else text).encode("utf-8")


def is_stale(out: Path, page: str) -> bool:
    handout = (out / page).with_suffix(".pdf")
    return not handout.exists() or handout.stat().st_mtime < (out / page).stat().st_mtime


def run_decks(decks: list, settings: config.Settings, reporter, previous: dict) -> list:
    """Publish cached decks at once (skipping pages already up to date); execute the others in parallel,
    stopping early on failure."""
    results, stale = [], []
    for deck in decks:
        key = cache.cache_key(deck)
        notebook = cache.load(settings.cache_dir, deck, key) if settings.use_cache else None
        if notebook is None:
            stale.append((deck, key))
            reporter.state(deck.name, "queued")
        elif up_to_date(deck, key, settings, previous):
            results.append(Result(deck.source, "up to date", entry=previous[main_file(deck)]))
            reporter.state(deck.name, "up to date")
        else:
            results.append(guarded(deck, reporter, publish_deck, deck, key, notebook, settings, reporter, "cached"))
    with ThreadPoolExecutor(max_workers=settings.jobs) as pool:
        futures = {pool.submit(guarded, deck, reporter, execute_deck, deck, key, settings, reporter): deck
                   for deck, key in stale}
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            if result.error and not settings.keep_going:
                for pending in futures:
                    pending.cancel()
    order = {deck.source: index for index, deck in enumerate(decks)}
    return sorted(results, key=lambda result: order.get(result.source, -1))


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


def main_file(deck: Deck) -> str:
    """The deck's key in the manifest: its page, or a lab's student notebook."""
    return f"labs/{deck.name}.ipynb" if deck.kind == "labs" else f"{deck.kind}/{deck.name}.html"


def up_to_date(deck: Deck, key: str, settings: config.Settings, previous: dict) -> bool:
    entry = previous.get(main_file(deck))
    return (bool(entry) and entry.get("render_key") == cache.render_key(deck, key, render_options(settings))
            and all((settings.out / deck.kind / name).exists() for name in deck.meta.get("publish", [])))


def render_options(settings: config.Settings) -> str:
    return f"solutions={settings.publish_solutions}"


def execute_deck(deck: Deck, key: str, settings: config.Settings, reporter, start: float) -> Result:
    """Execute one deck, cache its outputs and publish it; a failure leaves the last good page alone."""
    reporter.state(deck.name, "executing")
    log = settings.cache_dir.parent / "logs" / f"{deck.kind}-{deck.name}.log"
    notebook = execute(deck, settings.timeout, log,
                       lambda done, total: reporter.state(deck.name, f"executing cell {done} of {total}"))
    cache.store(settings.cache_dir, deck, key, notebook)
    return publish_deck(deck, key, notebook, settings, reporter, "built", start)


def publish_deck(deck: Deck, key: str, notebook, settings: config.Settings, reporter, state: str,
                 start: float) -> Result:
    """Clean, render and atomically write the deck's page (a lab: its student notebook and solution page),
    and the files it declares in `publish:` beside it."""
    for name, cached in cache.published_files(settings.cache_dir, deck, key):
        write_atomic(settings.out / deck.kind / name, clean_file(cached))
    entry = {"kind": deck.kind, "name": deck.name, "number": deck.number, "title": deck.title,
             "day": deck.meta.get("day"), "page": f"{deck.kind}/{deck.name}.html",
             "render_key": cache.render_key(deck, key, render_options(settings))}
    if deck.kind == "labs":
        entry["notebook"] = f"labs/{deck.name}.ipynb"
        write_atomic(settings.out / entry["notebook"], labs.student_notebook(deck))
        if settings.publish_solutions:
            write_atomic(settings.out / entry["page"], labs.solution_page(deck, clean_notebook(notebook)))
        else:
            (settings.out / entry["page"]).unlink(missing_ok=True)
            entry["page"] = None
    else:
        write_atomic(settings.out / entry["page"], render(deck, clean_notebook(notebook)))
    seconds = time.monotonic() - start
    reporter.state(deck.name, "rendered" if state == "built" else state, f"{seconds:.1f} s")
    return Result(deck.source, state, seconds, entry=entry)
