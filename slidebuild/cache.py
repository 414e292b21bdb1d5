"""Cache stage: reuse a deck's executed outputs while nothing that can change them has changed.

The key covers the code cells (source and the tags and metadata that change execution), the kernel, the
Python and package versions, the course helpers, the cluster the code runs on, and the data files the deck
declares. Markdown is left out on purpose: editing slide text re-renders without executing anything.
"""

import hashlib
import json
import os
import platform
import shutil
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import nbformat

from slidebuild import config
from slidebuild.publish import write_atomic
from slidebuild.errors import SourceError
from slidebuild.read import Deck, data_files


@lru_cache(maxsize=1)
def environment_fingerprint() -> str:
    """What every deck's outputs depend on, beyond its own code: packages, helpers, cluster settings."""
    packages = sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions())
    helpers = sorted(config.ROOT.glob("course/*.py")) + sorted((config.ASSETS_DIR / "spark-conf").glob("*"))
    parts = [platform.python_version(), config.KERNEL_NAME, *packages]
    parts += [f"{path.name}:{file_digest(path)}" for path in helpers]
    parts += [f"{name}={os.environ.get(name, '')}" for name in config.CLUSTER_VARIABLES]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@lru_cache(maxsize=1)
def renderer_fingerprint() -> str:
    """What a page's look depends on beyond its notebook: the templates, theme and the build's own code."""
    files = sorted(config.TEMPLATES_DIR.rglob("*")) + sorted((config.ROOT / "slidebuild").glob("*.py"))
    return hashlib.sha256("".join(file_digest(path) for path in files if path.is_file()).encode()).hexdigest()


def render_key(deck: Deck, key: str, options: str) -> str:
    """Changes whenever the deck's page would change: its outputs' key, its whole text, the renderer."""
    cells = [[cell.cell_type, cell.source, cell.metadata] for cell in deck.notebook.cells]  # ids are random
    payload = json.dumps([key, cells, deck.notebook.metadata, renderer_fingerprint(), options], sort_keys=True,
                         default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


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
            for path in data_files(folder, deck.meta.get("data", []))}
    payload = json.dumps({"cells": cells, "data": data, "env": environment_fingerprint(),
                          "kernel": deck.notebook.metadata.get("kernelspec", {}).get("name", config.KERNEL_NAME)},
                         sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def cache_path(cache_dir: Path, deck: Deck, key: str) -> Path:
    return cache_dir / f"{deck.kind}-{deck.name}-{key[:20]}.ipynb"


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
    missing = [name for name in deck.meta.get("publish", []) if not (deck.source.parent / name).is_file()]
    if missing:
        raise SourceError(deck.source, f"the deck declares `publish: {missing}` but did not write them")
    for old in cache_dir.glob(f"{deck.kind}-{deck.name}-*"):
        shutil.rmtree(old) if old.is_dir() else old.unlink(missing_ok=True)
    for name in deck.meta.get("publish", []):
        target = files_path(cache_dir, deck, key) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(deck.source.parent / name, target)
    slim = nbformat.v4.new_notebook(cells=[cell for cell in executed.cells if cell.cell_type == "code"])
    write_atomic(cache_path(cache_dir, deck, key), nbformat.writes(slim))


def published_files(cache_dir: Path, deck: Deck, key: str) -> list:
    """(name relative to the deck, cached copy) for every file the deck publishes beside its page."""
    folder = files_path(cache_dir, deck, key)
    return [(name, folder / name) for name in deck.meta.get("publish", [])]
