"""Shared fixtures: build real fixture decks with real kernels into a temporary site."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from slidebuild import cli, config

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


@pytest.fixture(scope="session")
def course(tmp_path_factory) -> Path:
    """The whole course built once, with the project's execution cache (a rebuild after `make site` is quick)."""
    out = tmp_path_factory.mktemp("course") / "site"
    result = subprocess.run([sys.executable, str(config.ROOT / "build.py"), "--keep-going", "--out", str(out)],
                            cwd=config.ROOT, capture_output=True, text=True)
    print(result.stdout[-5000:], result.stderr[-5000:])
    assert result.returncode == 0, result.stdout[-5000:]
    return out


def output_texts(page: Path) -> list:
    """The text of every cell output of a built deck, in slide order: what a test of a measured claim reads."""
    from bs4 import BeautifulSoup

    html = BeautifulSoup(Path(page).read_text(), "html.parser")
    return [output.get_text(" ", strip=True) for output in html.select(".jp-OutputArea-output")]


KERNEL_FIXTURES = {"site", "course", "built", "presenter", "project"}  # fixtures whose tests start kernels


def pytest_collection_modifyitems(items):
    """Tests that build decks start kernels: `make check` leaves them out (marker `kernel`)."""
    for item in items:
        if KERNEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.kernel)
