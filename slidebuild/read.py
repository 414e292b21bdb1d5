"""Read stage: a source file (percent .py, .ipynb or .md) becomes a checked Deck with line numbers."""

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat

from course import header as course_header
from slidebuild import config, site
from slidebuild.errors import SourceError, display_path
from slidebuild.fingerprint import data_files

PERCENT_MARKER = re.compile(r"^#\s*%%")
CELL_KEYS = ("slideshow", "tags", "timeout", "alt", "jupyter", "editable", "deletable", "collapsed", "scrolled",
             "execution")  # alt: the text alternative of the figure(s) a cell shows, written by its author
JUPYTEXT_KEYS = ("lines_to_next_cell", "lines_to_end_of_cell_marker", "cell_marker")  # layout, set by Jupytext
NUMBERED_NAME = re.compile(r"^(\d+)_(.+)$")


@dataclass
class Deck:
    """One source to build: its notebook, where each cell's body starts, and its course metadata."""

    source: Path
    kind: str  # "slides" or "labs": the site folder it is published in
    notebook: nbformat.NotebookNode
    body_lines: list  # per cell, the 1-based line of its first body line in the source (None if unknown)
    digest: str = ""  # of the file as it was read: a later edit (while executing) makes the next build redo it
    header: course_header.Header = course_header.Header()  # its checked `course:` metadata
    public: "Deck | None" = None  # a graded lab's student version, when this is its full (sealed) version

    @property
    def name(self) -> str:
        return self.source.stem

    @property
    def number(self) -> str:
        match = NUMBERED_NAME.match(self.name)
        return match.group(1) if match else ""

    @property
    def title(self) -> str:
        if self.header.title:
            return self.header.title
        for cell in self.notebook.cells:
            heading = re.search(r"^#+\s+(.+)$", cell.source, re.M) if cell.cell_type == "markdown" else None
            if heading:
                return heading.group(1).strip()
        match = NUMBERED_NAME.match(self.name)
        return (match.group(2) if match else self.name).replace("_", " ")

    def line_of(self, cell_index: int, line_in_cell: int = 1) -> int | None:
        """Source line of line `line_in_cell` (1-based) of cell `cell_index` (0-based)."""
        start = self.body_lines[cell_index]
        return None if start is None else start + line_in_cell - 1


class StrayEntry(SourceError):
    """An entry of a sources folder that is no readable file: a symbolic link loop, a dangling link, a folder, a
    file that cannot be read or is not UTF-8 text. Its location is shown even when the path cannot be resolved."""

    @property
    def location(self) -> str:
        return site.shown(self.path)


def read_deck(path: Path, kind: str = "slides", text: str | None = None) -> Deck:
    """Read and check one source (or, for a sealed graded lab, the full `text` of the source at `path`);
    raise SourceError naming the file and line."""
    data = source_bytes(Path(path)) if text is None else text.encode()
    path = Path(path).resolve()
    if path.suffix not in config.SOURCE_SUFFIXES:
        raise SourceError(path, f"not a deck source (expected one of {', '.join(config.SOURCE_SUFFIXES)})")
    if text is None:
        check_pairing(path)
        text = utf8(path, data)
    check_cells_exist(path, text)
    try:
        notebook = jupytext.reads(text, fmt="py:percent" if path.suffix == ".py" else path.suffix[1:])
    except Exception as error:  # jupytext raises YAML, JSON and format errors of many types
        mark = getattr(error, "problem_mark", None)
        raise SourceError(path, f"cannot read: {error}", line=mark.line + 1 if mark else None) from error
    if not notebook.cells:
        raise SourceError(path, "no cells: a deck needs at least one cell", line=1)
    starts = body_lines(text if path.suffix != ".ipynb" else "", notebook, path.suffix)
    if path.suffix == ".py":
        restore_shebangs(text.splitlines(), notebook, starts)
    if path.suffix != ".ipynb":
        stable_ids(notebook)
    deck = Deck(path, kind, notebook, starts, hashlib.sha256(data).hexdigest(), read_header(path, notebook))
    check_deck(deck)
    return deck


def source_bytes(path: Path) -> bytes:
    """The bytes of a source file; any entry that is not a readable file is a StrayEntry saying what it is."""
    try:
        mode = path.stat().st_mode  # follows links
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise StrayEntry(path, "a symbolic link loop") from None
        if path.is_symlink():
            raise StrayEntry(path, f"a dangling symbolic link (to {os.readlink(path)})") from None
        raise StrayEntry(path, f"cannot read: {error.strerror}") from None
    if stat.S_ISDIR(mode):
        raise StrayEntry(path, "a folder, not a deck source")
    if not stat.S_ISREG(mode):
        raise StrayEntry(path, "not a regular file")
    try:
        return path.read_bytes()
    except OSError as error:
        raise StrayEntry(path, f"cannot read: {error.strerror}") from None


def utf8(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StrayEntry(path, f"not UTF-8 text (byte {error.start})") from None


def check_cells_exist(path: Path, text: str) -> None:
    """Refuse an empty source, and a percent-format source without any `# %%` cell marker (Jupytext would read
    its whole text as one code cell)."""
    if not text.strip():
        raise SourceError(path, "no cells: the file is empty", line=1)
    if path.suffix == ".py" and not any(PERCENT_MARKER.match(line) for line in text.splitlines()):
        raise SourceError(path, "no `# %%` cell marker: a percent-format source needs `# %%` cell markers "
                                "(`# %% [markdown]` for text)", line=1)


def stable_ids(notebook) -> None:
    """Cell ids drawn from each cell's position and content: Jupytext gives the cells of a text source random
    ids, and nbconvert writes them into the page, which would then change on every build."""
    for index, cell in enumerate(notebook.cells):
        digest = hashlib.sha256(f"{cell.cell_type}\n{cell.source}".encode()).hexdigest()
        cell.id = f"{index + 1}-{digest[:8]}"


def read_header(path: Path, notebook) -> course_header.Header:
    """The deck's `course:` header, typed; a wrong key or value is a SourceError on its line."""
    lines = course_header.raw(path)[1] if path.suffix != ".ipynb" else {}
    try:
        return course_header.parse(notebook.metadata.get("course"), lines)
    except course_header.HeaderError as error:
        raise SourceError(path, str(error), line=error.line or 1) from None


def body_lines(text: str, notebook, suffix: str) -> list:
    """Where each cell's body starts in the source text: percent markers, else a sequential search."""
    cells = notebook.cells
    lines = text.splitlines()
    if suffix == ".py":
        markers = [number for number, line in enumerate(lines, 1) if PERCENT_MARKER.match(line)]
        if len(markers) == len(cells):
            return [marker + 1 for marker in markers]
    found, position = [], 0
    for cell in cells:
        first = next((line for line in cell.source.splitlines() if line.strip()), None)
        hit = next((n for n in range(position, len(lines)) if first and lines[n].strip().endswith(first.strip())),
                   None)
        found.append(None if hit is None else hit + 1)
        position = hit + 1 if hit is not None else position
    return found


def restore_shebangs(lines: list, notebook, starts: list) -> None:
    """Jupytext reads a markdown line `# #!/bin/bash` of a percent source as `!/bin/bash` (it takes `#!` for an
    escaped magic): put back the `#` of such lines, as written in the source."""
    for cell, start in zip(notebook.cells, starts):
        if cell.cell_type != "markdown" or start is None or "!" not in cell.source:
            continue
        ours = [line[2:] if line.startswith("# ") else line[1:] for line in lines[start - 1:start - 1 + len(
            cell.source.splitlines())]]
        theirs = cell.source.splitlines()
        restored = [mine if mine.startswith("#!") and mine[1:] == read else read for mine, read in zip(ours, theirs)]
        if len(ours) == len(theirs) and restored == ours:  # only ever the lines jupytext changed that way
            cell.source = "\n".join(restored)


def check_deck(deck: Deck) -> None:
    """Refuse another kernel than the course's, declared data that does not exist, unknown slide types, tags and
    cell metadata keys."""
    kernel = deck.notebook.metadata.get("kernelspec", {}).get("name", config.KERNEL_NAME)
    if kernel != config.KERNEL_NAME:  # the build, `present` and the grader all run this one kernel
        raise SourceError(deck.source, f"kernelspec {kernel!r}: the course's decks run on {config.KERNEL_NAME!r}",
                          line=1)
    for pattern in deck.header.data:
        if not data_files(deck.source.parent, [pattern]):
            lines = course_header.raw(deck.source)[1] if deck.source.suffix != ".ipynb" else {}
            raise SourceError(deck.source, f"declared data file {pattern!r} does not exist", line=lines.get("data", 1))
    for index, cell in enumerate(deck.notebook.cells):
        where = {"line": marker_line(deck, index), "cell": index + 1}
        metadata = cell.metadata
        if "incorrectly_encoded_metadata" in metadata:
            raise SourceError(deck.source, f"malformed cell metadata: {metadata['incorrectly_encoded_metadata']}",
                              **where)
        extra = sorted(set(metadata) - set(CELL_KEYS) - set(JUPYTEXT_KEYS))
        if extra:
            raise SourceError(deck.source, f"unknown cell metadata {extra} (allowed: {', '.join(CELL_KEYS)})",
                              **where)
        slide_type = metadata.get("slideshow", {}).get("slide_type", "-")
        if slide_type not in config.SLIDE_TYPES:
            raise SourceError(deck.source, f"unknown slide_type {slide_type!r} "
                                           f"(allowed: {', '.join(config.SLIDE_TYPES)})", **where)
        bad_tags = sorted(set(metadata.get("tags", [])) - set(config.TAGS))
        if bad_tags:
            raise SourceError(deck.source, f"unknown tag(s) {bad_tags} (allowed: {', '.join(config.TAGS)})",
                              **where)


def marker_line(deck: Deck, index: int) -> int | None:
    """The line of a cell's `# %%` marker (the line before its body) in a percent source."""
    start = deck.body_lines[index]
    return None if start is None else max(1, start - 1)


def check_pairing(path: Path) -> None:
    """Refuse a text source whose paired notebook is newer and holds different cells."""
    paired = path.with_suffix(".ipynb")
    if path.suffix == ".ipynb" or not paired.exists() or paired.stat().st_mtime <= path.stat().st_mtime:
        return
    ours = [(cell.cell_type, cell.source) for cell in jupytext.read(path).cells]
    try:
        theirs = [(cell.cell_type, cell.source) for cell in nbformat.read(paired, as_version=4).cells]
    except Exception as error:  # not JSON, not a notebook, unreadable
        raise SourceError(path, f"its paired notebook {display_path(paired)} cannot be read: {error}") from None
    if ours != theirs:
        raise SourceError(path, f"the paired notebook {display_path(paired)} is newer and differs: "
                                f"run `jupytext --sync {display_path(paired)}` so your edits reach the source")
