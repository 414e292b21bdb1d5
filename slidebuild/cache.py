"""Cache stage: reuse a deck's executed outputs while nothing that can change them has changed.

The key covers the code cells (source and the tags and metadata that change execution), the kernel, the
Python and package versions, the course helpers, the cluster the code runs on, and the data files the deck
declares. Markdown is left out on purpose: editing slide text re-renders without executing anything.
"""

import hashlib
import json
import re
import shutil
from pathlib import Path

import nbformat

from slidebuild import config
from slidebuild.errors import SourceError
from slidebuild.fingerprint import data_files, environment_fingerprint, file_digest, program_digest
from slidebuild.read import Deck
from slidebuild.site import write_atomic


def cache_key(deck: Deck) -> str:
    """A hex digest that changes exactly when the deck's outputs might."""
    cells = [
        {
            "source": cell.source,
            "tags": sorted(set(cell.metadata.get("tags", [])) & set(config.EXECUTION_TAGS)),
            "timeout": cell.metadata.get("timeout"),
        }
        for cell in deck.notebook.cells
        if cell.cell_type == "code"
    ]
    folder = deck.source.parent
    data = {path.relative_to(folder.parent).as_posix(): file_digest(path)
            for path in data_files(folder, deck.header.data)}
    code = "\n".join(cell["source"] for cell in cells).encode()
    payload = json.dumps({"cells": cells, "data": data, "env": environment_fingerprint(),
                          "program": program_digest(code),
                          "kernel": config.KERNEL_NAME},  # the only kernel a deck may ask for (read.check_deck)
                         sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


KEY_CHARS = 20  # of the key, in an entry's name


def cache_path(cache_dir: Path, deck: Deck, key: str) -> Path:
    return cache_dir / f"{deck.kind}-{deck.name}-{key[:KEY_CHARS]}.ipynb"


def entries_of(cache_dir: Path, deck: Deck) -> list:
    """The deck's cache entries (notebooks and published files), whatever their key; never those of another deck
    whose name starts like it (`88_x-y` for `88_x`)."""
    if not cache_dir.is_dir():
        return []
    name = re.compile(re.escape(f"{deck.kind}-{deck.name}-") + f"[0-9a-f]{{{KEY_CHARS}}}\\.(?:ipynb|files)")
    return [path for path in cache_dir.iterdir() if name.fullmatch(path.name)]


def load(cache_dir: Path, deck: Deck, key: str):
    """The deck's fresh notebook with its cached outputs merged in, or None on a miss."""
    path = cache_path(cache_dir, deck, key)
    if not path.exists() or not all(copy.exists() for _, copy in published_files(cache_dir, deck, key)):
        return None
    cached = [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]
    notebook = nbformat.from_dict(json.loads(json.dumps(deck.notebook)))
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    if len(cached) != len(code_cells):
        return None
    for cell, old in zip(code_cells, cached):
        cell.outputs, cell.execution_count = old.outputs, old.execution_count
    return notebook


def files_path(cache_dir: Path, deck: Deck, key: str) -> Path:
    return cache_path(cache_dir, deck, key).with_suffix(".files")


def store(cache_dir: Path, deck: Deck, key: str, executed) -> None:
    """Keep a successful run's outputs (code cells, and the files the deck publishes), replacing older entries."""
    missing = [name for name in deck.header.publish if not (deck.source.parent / name).is_file()]
    if missing:
        raise SourceError(deck.source, f"the deck declares `publish: {missing}` but did not write them")
    for old in entries_of(cache_dir, deck):
        shutil.rmtree(old) if old.is_dir() else old.unlink(missing_ok=True)
    for name in deck.header.publish:
        target = files_path(cache_dir, deck, key) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(deck.source.parent / name, target)
    slim = nbformat.v4.new_notebook(cells=[cell for cell in executed.cells if cell.cell_type == "code"])
    write_atomic(cache_path(cache_dir, deck, key), nbformat.writes(slim))


def published_files(cache_dir: Path, deck: Deck, key: str) -> list:
    """(name relative to the deck, cached copy) for every file the deck publishes beside its page."""
    folder = files_path(cache_dir, deck, key)
    return [(name, folder / name) for name in deck.header.publish]


def durations(cache_dir: Path) -> dict:
    """How long each deck's last execution took, in seconds, by `kind-name`."""
    path = cache_dir / "durations.json"
    return json.loads(path.read_text()) if path.exists() else {}


def record_durations(cache_dir: Path, measured: dict) -> None:
    if measured:
        write_atomic(cache_dir / "durations.json", json.dumps({**durations(cache_dir), **measured}, indent=1))
