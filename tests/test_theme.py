"""Colours that pass WCAG 2.2 AA: the code highlighting, terminal colours, the chart cycle and the diagram fills."""

import re

import matplotlib
import pytest

from course import diagrams
from slidebuild import config, publish, theme


def test_contrast_arithmetic_matches_the_wcag_examples():
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast("#408080", "#f5f5f5") == pytest.approx(4.17, abs=0.01)  # the default that failed
    assert theme.contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


def test_every_code_and_terminal_colour_passes_aa_on_its_backgrounds():
    css = theme.highlight_css(publish.jupyter_css())
    colours = dict(re.findall(r"(--jp-mirror-editor-[\w-]+-color): (#[0-9a-f]{6});", css))
    assert len(colours) >= 15 and "--jp-mirror-editor-comment-color" in colours
    assert min(theme.contrast(c, theme.CODE_BACKGROUND) for c in colours.values()) >= theme.TEXT_RATIO
    terminal = re.findall(r"ansi-[\w-]+-fg \{ color: (#[0-9a-f]{6}); \}", css)
    assert len(terminal) >= 8
    assert min(theme.contrast(c, back) for c in terminal for back in theme.OUTPUT_BACKGROUNDS) >= theme.TEXT_RATIO


def test_the_chart_colours_contrast_with_white_and_are_the_matplotlib_cycle():
    assert min(theme.contrast(colour, "#ffffff") for colour in diagrams.CHART_COLOURS) >= theme.GRAPHICS_RATIO
    rc = matplotlib.rc_params_from_file(str(config.ASSETS_DIR / "matplotlibrc"), use_default_template=False)
    cycle = ["#" + colour.lstrip("#").lower() for colour in rc["axes.prop_cycle"].by_key()["color"]]
    assert cycle == [colour.lower() for colour in diagrams.CHART_COLOURS]


def test_diagram_text_is_readable_on_every_fill():
    for fill in diagrams.PALETTE.values():
        assert theme.contrast(diagrams.TEXT, fill) >= theme.TEXT_RATIO
        assert theme.contrast(diagrams.EDGE, fill) >= theme.GRAPHICS_RATIO
