"""One error hierarchy: every message names the file, and the cell and line when there is one."""

from pathlib import Path


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when possible."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class BuildError(Exception):
    """A deck could not be built. `location` is `file[:line][ (cell n)]`."""

    def __init__(self, path: Path, message: str, line: int | None = None, cell: int | None = None,
                 details: str = ""):
        self.path, self.line, self.cell, self.message, self.details = Path(path), line, cell, message, details
        super().__init__(f"{self.location}: {message}")

    @property
    def location(self) -> str:
        text = display_path(self.path)
        if self.line is not None:
            text += f":{self.line}"
        if self.cell is not None:
            text += f" (cell {self.cell})"
        return text


class SourceError(BuildError):
    """The source is malformed: bad header, metadata, slide type or tag."""


class CellError(BuildError):
    """A cell raised, timed out, or its kernel died."""
