"""What a deck's page needs to run its code live under `build.py present`: its kernel, and every code cell with
the slide reveal.js shows it on; set in the page as `window.COURSE_LIVE`."""

import json

from slidebuild import config
from slidebuild.read import Deck


def live_settings(deck: Deck) -> dict:
    """What a deck's page needs to run its code: the kernel and its deck (the server knows its folder), and every
    code cell with
    the slide it belongs to and its position among the code cells the page shows (None: removed or skipped)."""
    cells, shown = [], 0
    for cell, slide in zip(deck.notebook.cells, slide_positions(deck.notebook.cells)):
        if cell.cell_type != "code":
            continue
        tags = list(cell.metadata.get("tags", []))
        visible = "remove-cell" not in tags and slide_type(cell) != "skip"
        cells.append({"source": cell.source, "slide": slide, "shown": shown if visible else None, "tags": tags})
        shown += visible
    return {"deck": deck.name, "kernel": config.KERNEL_NAME, "path": deck.name, "cells": cells}


def slide_type(cell) -> str:
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def slide_positions(cells: list) -> list:
    """reveal.js's (h, v) of every cell, as nbconvert lays them out: removed cells first, then the first shown
    cell opens slide (0, 0), and each `slide` or `subslide` cell opens the next."""
    h, v, started, positions = 0, 0, False, []
    for cell in cells:
        kind = slide_type(cell)
        if "remove-cell" not in cell.metadata.get("tags", []):
            if not started:
                started = kind not in ("notes", "skip")
            elif kind == "slide":
                h, v = h + 1, 0
            elif kind == "subslide":
                v += 1
        positions.append([h, v])
    return positions


def inject(html: str, settings: dict) -> str:
    """The page with `window.COURSE_LIVE` set in its head (every `<` escaped: no way out of the script)."""
    payload = json.dumps(settings).replace("<", "\\u003c")
    return html.replace("</head>", f"<script>window.COURSE_LIVE = {payload};</script>\n</head>", 1)
