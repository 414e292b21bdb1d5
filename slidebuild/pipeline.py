"""The build: skip what is unchanged, read and check the rest, execute or reuse, render, publish, index."""

from pathlib import Path

from course import header, schedule
from slidebuild import config, fingerprint
from slidebuild.errors import SourceError
from slidebuild.publish import install_static, read_manifest, update_manifest, write_index
from slidebuild.report import Reporter, Result
from slidebuild.site import default_sources, kind_of, manifest_key, render_options


def unchanged(source: Path, settings: config.Settings, previous: dict) -> dict | None:
    """The manifest entry of a source whose published files are current, judged without reading it."""
    kind = kind_of(source)
    entry = previous.get(manifest_key(kind, Path(source).stem))
    if not settings.use_cache or not entry or not entry.source_key:
        return None
    paired = Path(source).with_suffix(".ipynb")
    if Path(source).suffix != ".ipynb" and paired.exists() and paired.stat().st_mtime > Path(source).stat().st_mtime:
        return None  # reading it will check that the author's notebook edits reached the source
    key = fingerprint.source_key(source, kind, entry.data_patterns, render_options(settings))
    files = [settings.out / name for name in entry.files()]
    return entry if key == entry.source_key and all(path.exists() for path in files) else None


def build(sources: list, settings: config.Settings, reporter) -> list:
    """Build the given sources (all decks when empty) into settings.out; return one Result per source."""
    sources = [Path(source) for source in (sources or default_sources())]
    previous = read_manifest(settings.out)
    results, changed = [], []
    clashes = program_problems(sources, reporter)
    if clashes:
        results = [Result(source, "failed", error=error) for source, error in clashes.items()]
        for source, error in clashes.items():
            reporter.state(source.stem, "failed", error.message)
        if not settings.keep_going:
            return results  # the program is checked before any kernel starts
    for source in sources:
        if source in clashes:
            continue
        entry = unchanged(source, settings, previous)
        if entry:
            results.append(Result(source, "up to date", entry=entry))
            reporter.state(source.stem, "up to date")
        else:
            changed.append(source)
    if changed:
        from slidebuild import run  # Jupyter, nbconvert and the kernels: only when something changed

        decks, failed = run.read_all(changed, reporter, settings.key)
        if failed and not settings.keep_going:
            return failed  # every source is checked before any kernel starts
        results += failed + run.run_decks(decks, settings, reporter)
    install_static(settings.out)
    entries = [result.entry for result in results if result.entry]
    if settings.pdf:
        make_handouts(settings.out, entries, reporter)
    write_index(settings.out, update_manifest(settings.out, entries))
    order = {source: index for index, source in enumerate(sources)}
    return sorted(results, key=lambda result: order.get(result.source, len(order)))


def program_problems(sources: list, reporter) -> dict:
    """{source: SourceError} for the sources being built whose slot clashes with the program: the decks and labs
    of their folders and of the sibling `slides/` and `labs/` folders. A clash between modules not being built
    is a warning."""
    folders = {folder for source in sources for parent in [Path(source).resolve().parent]
               for folder in (parent, parent.parent / "slides", parent.parent / "labs")}
    items = []
    for path in schedule.sources(sorted(folders)):
        try:
            found = schedule.item(path, header.read(path))
        except (header.HeaderError, OSError):
            continue  # reported when that source is read
        items += [found] if found else []
    building = {Path(source).resolve(): Path(source) for source in sources}
    clashes = {}
    for path, message in schedule.problems(items):
        if path.resolve() in building:
            line = header.raw(path)[1].get("slot")
            clashes.setdefault(building[path.resolve()], SourceError(path, message, line=line))
        else:
            reporter.warn(f"{path.name}: {message}")
    return clashes


def build_and_report(sources: list, settings: config.Settings) -> list:
    """Build with progress on the terminal, then print the summary table and every failure."""
    with Reporter(quiet=settings.quiet) as reporter:
        results = build(sources, settings, reporter)
    reporter.summary(results)
    return results


def make_handouts(out: Path, entries: list, reporter) -> None:
    """PDFs of the decks whose page is newer than their PDF; a problem is a warning, never a failed build."""
    from slidebuild import pdf  # the browser: not loaded by a build without handouts

    stale = [entry.page for entry in entries if entry.kind == "slides" and entry.page and is_stale(out, entry.page)]
    try:
        if stale:
            pdf.write_pdfs(out, stale)
    except pdf.NoBrowser as error:
        reporter.warn(str(error))
    except Exception as error:  # the HTML site is complete without handouts
        reporter.warn(f"PDF handouts failed: {type(error).__name__}: {error}")
    for entry in entries:
        handout = Path(entry.page).with_suffix(".pdf") if entry.kind == "slides" and entry.page else None
        if handout and (out / handout).exists():
            entry.pdf = handout.as_posix()


def is_stale(out: Path, page: str) -> bool:
    handout = (out / page).with_suffix(".pdf")
    return not handout.exists() or handout.stat().st_mtime < (out / page).stat().st_mtime
