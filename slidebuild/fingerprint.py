"""Fingerprints: what outputs and pages depend on, hashed cheaply (no Jupyter import needed)."""

import hashlib
import json
import os
import platform
import re
import sys
from functools import lru_cache
from pathlib import Path

from slidebuild import config


@lru_cache(maxsize=1)
def environment_fingerprint() -> str:
    """What every deck's outputs depend on, beyond its own code: packages, helpers, cluster settings."""
    packages = installed_packages()
    helpers = sorted(config.ROOT.glob("course/*.py")) + sorted((config.ASSETS_DIR / "spark-conf").glob("*"))
    helpers.append(config.ASSETS_DIR / "matplotlibrc")
    parts = [platform.python_version(), config.KERNEL_NAME, *packages]
    parts += [f"{path.name}:{file_digest(path)}" for path in helpers]
    parts += [f"{name}={os.environ.get(name, '')}" for name in config.CLUSTER_VARIABLES]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def installed_packages() -> list:
    """Every installed distribution with its version, read from the names of the `*.dist-info` folders on the
    path (name-version.dist-info): as exact as reading each METADATA file, and ten times faster. The project's
    own folder is left out: whether it is on the path depends on how the build was started."""
    folders = [Path(entry) for entry in sys.path if entry and Path(entry).is_dir() and Path(entry) != config.ROOT]
    return sorted({name for folder in folders for name in os.listdir(folder)
                   if name.endswith((".dist-info", ".egg-info"))})


@lru_cache(maxsize=1)
def renderer_fingerprint() -> str:
    """What a page's look depends on beyond its notebook: the templates, theme and the build's own code."""
    files = sorted(config.TEMPLATES_DIR.rglob("*")) + sorted((config.ROOT / "slidebuild").glob("*.py"))
    return hashlib.sha256("".join(file_digest(path) for path in files if path.is_file()).encode()).hexdigest()


def forget() -> None:
    """Drop the cached fingerprints (a long-running `serve` after helpers, config or templates changed)."""
    environment_fingerprint.cache_clear()
    renderer_fingerprint.cache_clear()


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def data_files(folder: Path, patterns: list) -> list:
    """The files a deck declares in `data:` (paths or glob patterns, relative to the deck), sorted."""
    return sorted({path for pattern in patterns for path in folder.glob(pattern) if path.is_file()})


def source_key(source: Path, kind: str, patterns: list, options: str, digest: str = "") -> str:
    """Changes whenever anything a published deck depends on changes: its file (`digest`, else read now), its
    data, the program if it reads it, the installed packages, the helpers, the cluster, the renderer. Equal keys
    let a build skip the deck unread."""
    source = Path(source).resolve()
    data = {os.path.relpath(path, source.parent): file_digest(path) for path in data_files(source.parent, patterns)}
    sealed = source.with_suffix(".sealed")  # a graded lab's full version
    payload = [digest or file_digest(source), kind, data, program_digest(source.read_bytes()),
               file_digest(sealed) if sealed.is_file() else "", environment_fingerprint(), renderer_fingerprint(),
               options]
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


READS_PROGRAM = re.compile(rb"course\.schedule|from course import[^\n]*\bschedule\b")


def program_digest(code: bytes) -> str:
    """For code that reads the course's program (deck 00's timetable): a digest of every deck's and lab's
    header, so that moving a module in the program re-executes it. Empty for any other code."""
    if not READS_PROGRAM.search(code):
        return ""
    from course import header, schedule

    parts = [f"{path.parent.name}/{path.name}:{header.raw(path)[0]!r}" for path in schedule.sources(schedule.FOLDERS)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
