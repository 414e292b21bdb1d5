"""Shared fixtures: build real fixture decks with real kernels into a temporary site."""

import shutil
from pathlib import Path

import pytest

from slidebuild import cli

DECKS = Path(__file__).parent / "decks"


class Site:
    """A temporary site with its own cache, built through the real command line."""

    def __init__(self, root: Path):
        self.root = root
        self.out = root / "site"
        self.cache = root / "cache"
        self.sources = root / "src"
        self.sources.mkdir(parents=True, exist_ok=True)

    def add(self, name: str, text: str | None = None) -> Path:
        """Copy a fixture deck (or write `text`) into the sources folder."""
        target = self.sources / Path(name).name if "/" not in name else self.sources / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            shutil.copy(DECKS / name, target)
        else:
            target.write_text(text)
        return target

    def build(self, *args: str, capsys=None, pdf: bool = False) -> tuple:
        """Run build.py in-process (PDF handouts only when asked); return (exit status, printed output)."""
        status = cli.main([*args, "--out", str(self.out), "--cache", str(self.cache), *([] if pdf else ["--no-pdf"])])
        output = capsys.readouterr().out if capsys else ""
        return status, output

    def page(self, relative: str) -> str:
        return (self.out / relative).read_text()


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path)
