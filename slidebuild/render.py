"""Render stage: an executed, cleaned notebook becomes one self-contained reveal.js page."""

from functools import lru_cache

from slidebuild import config
from slidebuild.publish import STATIC
from slidebuild.read import Deck


@lru_cache(maxsize=1)
def exporter():
    """One exporter per process (building it costs more than rendering a deck; importing nbconvert too,
    which is why it is imported here: a build with nothing to render never pays for it)."""
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    settings = Config()
    settings.TagRemovePreprocessor.enabled = True
    settings.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    settings.TagRemovePreprocessor.remove_input_tags = {"hide-input"}
    settings.TagRemovePreprocessor.remove_all_outputs_tags = {"hide-output"}
    settings.SlidesExporter.preprocessors = ["nbconvert.preprocessors.TagRemovePreprocessor"]
    return SlidesExporter(config=settings, extra_template_basedirs=[str(config.TEMPLATES_DIR)],
                          template_name=config.TEMPLATE_NAME, exclude_anchor_links=True)


def render(deck: Deck, notebook) -> str:
    """The deck's HTML page, meant to live at <site>/<deck.kind>/<deck.name>.html."""
    resources = {
        "course": {
            "title": deck.title,
            "number": deck.number,
            "static": f"../{STATIC}",
            "home": "../index.html",
            "width": config.SLIDE_WIDTH,
            "height": config.SLIDE_HEIGHT,
            "reveal": config.REVEAL_VERSION,
            "nbconvert": nbconvert_version(),
            "when": when(deck),
        },
        "metadata": {"name": deck.name},
    }
    html, _ = exporter().from_notebook_node(notebook, resources=resources)
    return html


def when(deck: Deck) -> str:
    """'Day 1 · 13:15-14:15' from the deck's header (the program), or '' when it has no place in it."""
    if not deck.header.day:
        return ""
    return f"Day {deck.header.day}" + (f" · {deck.header.slot}" if deck.header.slot else "")


def nbconvert_version() -> str:
    from nbconvert import __version__

    return __version__
