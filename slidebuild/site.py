"""The site's layout: where sources are found, where each one's files go, the manifest's typed entries, and the
atomic write every published file goes through."""

import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from slidebuild import config
from slidebuild.errors import display_path

STATIC = "static"


def discover(folder: Path) -> list:
    """Every deck source in a folder, in module order: `.py` sources, and notebooks that have no `.py` pair.
    Anything else there (a folder named x.py, a dangling link) is a source too: reading it reports the problem."""
    if not Path(folder).is_dir():
        return []
    entries = [p for p in Path(folder).iterdir() if not p.name.startswith((".", "_"))]
    return sorted(p for p in entries if p.suffix == ".py"
                  or (p.suffix == ".ipynb" and not p.with_suffix(".py").exists()))


def default_sources() -> list:
    return discover(config.SLIDES_DIR) + discover(config.LABS_DIR)


def kind_of(path: Path) -> str:
    """Sources in a folder named `labs` are labs; everything else is a deck."""
    return "labs" if resolved(path).parent.name == "labs" else "slides"


def resolved(path: Path) -> Path:
    """The path with its links resolved, or only made absolute when it cannot be (a symbolic link loop)."""
    try:
        return Path(path).resolve()
    except (RuntimeError, OSError):
        return Path(os.path.abspath(path))


def shown(path: Path) -> str:
    """The path as the user would type it (errors.display_path), also for a symbolic link loop."""
    try:
        return display_path(path)
    except (RuntimeError, OSError):
        absolute = Path(os.path.abspath(path))
        return str(absolute.relative_to(Path.cwd())) if absolute.is_relative_to(Path.cwd()) else str(path)


def page(kind: str, name: str) -> str:
    """A deck's page, or a lab's solution page, relative to the site."""
    return f"{kind}/{name}.html"


def notebook(name: str) -> str:
    """A lab's student notebook, relative to the site."""
    return f"labs/{name}.ipynb"


def manifest_key(kind: str, name: str) -> str:
    """A source's key in the manifest: its page, or a lab's student notebook (a graded lab has no page)."""
    return notebook(name) if kind == "labs" else page(kind, name)


def render_options(settings: config.Settings) -> str:
    """The options a published page depends on: a key that opens graded labs changes what is built."""
    return f"solutions={settings.publish_solutions} graded={'key' if settings.key else 'sealed'}"


@dataclass
class Entry:
    """What the manifest keeps of a published source: what the index shows and what the next build's
    up-to-date check compares. Built from a checked header, so every value has its type."""

    kind: str
    name: str
    number: str = ""
    title: str = ""
    summary: str = ""
    day: int | None = None
    slot: str = ""
    duration: str = ""
    optional: bool = False
    role: str | None = None  # lecture, lab or evaluation, when the program places it
    graded: bool = False
    page: str | None = None
    notebook: str | None = None
    pdf: str | None = None
    source_key: str = ""
    data_patterns: list = field(default_factory=list)
    published: list = field(default_factory=list)

    @property
    def key(self) -> str:
        return manifest_key(self.kind, self.name)

    def files(self) -> list:
        """Every file of the site this entry stands for, relative to the site."""
        published = [f"{self.kind}/{name}" for name in self.published]
        return [name for name in (self.page, self.notebook) if name] + published

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Entry | None":
        """An entry read back from a manifest, or None if it is not one this version writes (it is rebuilt)."""
        known = {f.name: f.type for f in fields(cls)}
        try:
            entry = cls(**{key: value for key, value in data.items() if key in known})
        except TypeError:
            return None
        valid = (entry.kind in ("slides", "labs") and isinstance(entry.name, str)
                 and (entry.day is None or (isinstance(entry.day, int) and not isinstance(entry.day, bool)))
                 and all(isinstance(value, str) for value in (entry.title, entry.slot, entry.number, entry.source_key))
                 and all(isinstance(value, list) for value in (entry.data_patterns, entry.published)))
        return entry if valid else None


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers see the old file or the new one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
