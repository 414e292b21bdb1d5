"""The execute stage's outputs: prints in one output per stream, a `\\r` progress bar as its last state."""

import pytest
from conftest import output_texts

pytestmark = pytest.mark.kernel


def test_a_progress_bar_drawn_with_carriage_returns_shows_its_last_state(site, capsys):
    deck = site.add("progress_bar.py")
    status, output = site.build(str(deck), capsys=capsys)
    assert status == 0, output
    page = site.page("slides/progress_bar.html")
    assert "loading 100%" in page and "loading 20%" not in page and "\r" not in page
    assert output_texts(site.out / "slides/progress_bar.html") == ["start\nloading 100%\ndone"]
