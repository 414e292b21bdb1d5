"""The build: skip what is unchanged, read and check the rest, execute or reuse, render, publish, index."""

from pathlib import Path

from course import header, schedule
from slidebuild import config, fingerprint, handouts
from slidebuild.errors import SourceError
from slidebuild.publish import install_static, read_manifest
from slidebuild.report import Reporter, Result
from slidebuild.site import default_sources, kind_of, manifest_key, render_options, resolved, shown


def unchanged(source: Path, settings: config.Settings, previous: dict) -> dict | None:
    """The manifest entry of a source whose published files are current, judged without reading it."""
    kind = kind_of(source)
    entry = previous.get(manifest_key(kind, Path(source).stem))
    if not settings.use_cache or not entry or not entry.source_key:
        return None
    source, paired = Path(source), Path(source).with_suffix(".ipynb")
    try:
        if source.suffix != ".ipynb" and paired.exists() and paired.stat().st_mtime > source.stat().st_mtime:
            return None  # reading it will check that the author's notebook edits reached the source
        key = fingerprint.source_key(source, kind, entry.data_patterns, render_options(settings))
    except (OSError, ValueError, RuntimeError):  # no longer a readable file: reading it says what is wrong
        return None
    files = [settings.out / name for name in entry.files()]
    return entry if key == entry.source_key and all(path.exists() for path in files) else None


def build(sources: list, settings: config.Settings, reporter) -> list:
    """Build the given sources (all decks when empty) into settings.out; return one Result per source."""
    everything = not sources  # the whole course: it ends with every handout printed
    sources = [Path(source) for source in (sources or default_sources())]
    previous = read_manifest(settings.out)
    results, changed = [], []
    refused = {**program_problems(sources, reporter), **same_page(sources)}
    if refused:
        results = [Result(source, "failed", error=error) for source, error in refused.items()]
        for source, error in refused.items():
            reporter.state(source.stem, "failed", error.message)
        if not settings.keep_going:
            return results  # the program and the pages are checked before any kernel starts
    for source in sources:
        if source in refused:
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
            return results + failed  # every source is checked before any kernel starts
        results += failed + run.run_decks(decks, settings, reporter)
    install_static(settings.out)
    entries = [result.entry for result in results if result.entry]
    handouts.publish_index(settings.out, entries)  # a handout is linked only while it is current
    if settings.pdf:
        make_handouts(settings, entries, reporter, wait=everything)
    order = {source: index for index, source in enumerate(sources)}
    return sorted(results, key=lambda result: order.get(result.source, len(order)))


def same_page(sources: list) -> dict:
    """{source: SourceError} for the sources that would publish the same page (one name, in two folders): the
    last one built would silently replace the other."""
    by_page = {}
    for source in sources:
        if resolved(source).is_file():  # anything else is reported when it is read
            by_page.setdefault(manifest_key(kind_of(source), source.stem), {})[resolved(source)] = source
    refused = {}
    for page, files in by_page.items():
        clashing = list(files.values()) if len(files) > 1 else []
        for source in clashing:
            others = " and ".join(shown(other) for other in clashing if other is not source)
            refused[source] = SourceError(source, f"publishes {page}, as does {others}: rename one of them")
    return refused


def program_problems(sources: list, reporter) -> dict:
    """{source: SourceError} for the sources being built whose slot clashes with the program: the decks and labs
    of their folders and of the sibling `slides/` and `labs/` folders. A clash between modules not being built
    is a warning."""
    folders = {folder for source in sources for parent in [resolved(source).parent]
               for folder in (parent, parent.parent / "slides", parent.parent / "labs")}
    items = []
    for path in schedule.sources(sorted(folders)):
        try:
            found = schedule.item(path, header.read(path))
        except (header.HeaderError, OSError, ValueError):
            continue  # reported when that source is read
        items += [found] if found else []
    building = {resolved(source): Path(source) for source in sources}
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


def make_handouts(settings: config.Settings, entries: list, reporter, wait: bool) -> None:
    """Print the handouts of the decks built whose page is newer than their PDF: in this build when asked to
    `wait` (a build of the whole course) or when one was never printed (a fresh site ends with every PDF), else in
    a background printer the command does not wait for. A problem is a warning, never a failed build."""
    pages = handouts.stale_pages(settings.out, entries)
    if not pages:
        return
    if not wait and all((settings.out / handouts.handout(page)).exists() for page in pages):
        log = settings.cache_dir.parent / "logs" / "handouts.log"
        handouts.start_printer(settings.out, log)
        reporter.state("PDF handouts", "printing in the background", f"log: {shown(log)}")
        return
    from slidebuild import pdf  # the browser: not loaded by a build that prints nothing

    try:
        failed = handouts.print_stale(settings.out, note=lambda message: None)
    except pdf.NoBrowser as error:
        reporter.warn(str(error))
        return
    except Exception as error:  # the HTML site is complete without handouts
        reporter.warn(f"PDF handouts failed: {type(error).__name__}: {error}")
        return
    for page, message in failed:
        reporter.warn(f"{page}: the PDF handout could not be printed: {message}")
