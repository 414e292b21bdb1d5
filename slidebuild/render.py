"""Render stage: an executed, cleaned notebook becomes one self-contained reveal.js page."""

import re
from functools import lru_cache

from slidebuild import config
from slidebuild.errors import display_path
from slidebuild.read import Deck
from slidebuild.site import STATIC


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
                          extra_template_paths=[str(config.TEMPLATES_DIR / "shared")],
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


IMAGE_MIMES = ("image/svg+xml", "image/png", "image/jpeg")
UNLABELLED = re.compile(r"<svg\b(?![^>]*\baria-label=)|<img\b(?![^>]*\balt=)", re.I)


def undescribed(deck: Deck, notebook) -> list:
    """Where a shown figure has no text alternative: 'file:line (cell n)' of each such cell."""
    found = []
    for index, cell in enumerate(notebook.cells):
        tags = set(cell.metadata.get("tags", []))
        if cell.cell_type != "code" or cell.metadata.get("alt") or tags & {"remove-cell", "hide-output"}:
            continue
        for output in cell.get("outputs", []):
            data, metadata = output.get("data", {}), output.get("metadata", {})
            bare = [mime for mime in IMAGE_MIMES if mime in data and not metadata.get(mime, {}).get("alt")]
            if bare or UNLABELLED.search(data.get("text/html", "")):
                line = deck.line_of(index)
                found.append(f"{display_path(deck.source)}{f':{line}' if line else ''} (cell {index + 1})")
                break
    return found


def when(deck: Deck) -> str:
    """'Day 1 · 13:15-14:15' from the deck's header (the program), or '' when it has no place in it."""
    if not deck.header.day:
        return ""
    return f"Day {deck.header.day}" + (f" · {deck.header.slot}" if deck.header.slot else "")


def nbconvert_version() -> str:
    from nbconvert import __version__

    return __version__
