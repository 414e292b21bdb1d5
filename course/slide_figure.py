"""A drawn figure for a slide: an SVG with its text alternative, then its data as a table behind a disclosure.

Displayed (the last expression of a cell, or `display(figure)`), it gives two outputs: the SVG, with its
description and smallest text size in the output's metadata as `course.describe` writes them
(`{"image/svg+xml": {"alt": ..., "font": ..., "width": ...}}`), and a `<details>` element holding the
figure's numbers as HTML tables: closed, one line on the slide; opened, readable by anyone.
"""

from html import escape

from course.describe import text_size

FONT = "Helvetica, Arial, sans-serif"
# Chromium lays out a closed <details>' content (it only hides it): out of the layout, it takes no room on the slide
CLOSED = "details.figure-data:not([open]) > .figure-tables { display: none }"
CHAR_WIDTH = 0.56  # average advance of a Helvetica character, in ems: enough to keep labels apart


class Figure:
    """An SVG, its description (`alt`), its data (`tables`: (caption, headers, rows) each) and a summary line."""

    def __init__(self, svg: str, alt: str, tables: list = (), summary: str = ""):
        self.svg, self.alt, self.tables, self.summary = svg, alt, list(tables), summary or alt

    def _ipython_display_(self) -> None:
        from IPython.display import display

        metadata = {"image/svg+xml": {"alt": self.alt, **text_size(None, self.svg)}}
        display({"image/svg+xml": self.svg, "text/plain": self.summary}, raw=True, metadata=metadata)
        if self.tables:
            display({"text/html": self.details(), "text/plain": f"(data of the figure: {self.summary})"}, raw=True)

    def _repr_svg_(self):
        return self.svg, {"alt": self.alt}

    def __repr__(self) -> str:
        return self.summary

    def details(self) -> str:
        """The figure's data: a disclosure whose summary names what it holds."""
        captions = "; ".join(caption for caption, _, _ in self.tables)
        tables = "".join(html_table(*table) for table in self.tables)
        return (f'<style>{CLOSED}</style><details class="figure-data"><summary>Data of this figure: '
                f'{escape(captions)}</summary><div class="figure-tables">{tables}</div></details>')


def html_table(caption: str, headers: list, rows: list) -> str:
    """A plain HTML table; numbers are right-aligned."""
    def cell(tag: str, value) -> str:
        align = ' style="text-align: right"' if isinstance(value, (int, float)) else ""
        return f"<{tag}{align}>{escape(format_value(value))}</{tag}>"

    head = "".join(f'<th scope="col">{escape(header)}</th>' for header in headers)
    body = "".join("<tr>" + "".join(cell("td", value) for value in row) + "</tr>" for row in rows)
    return f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def format_value(value) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if value else "0"
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else str(value)


def text_width(text: str, size: float) -> float:
    """Roughly how wide `text` is at `size` px: for layout, never for measuring."""
    return len(text) * size * CHAR_WIDTH


def fit(text: str, width: float, size: float) -> str:
    """`text`, cut with an ellipsis if it would be wider than `width` at `size` px."""
    most = max(1, int(width / (size * CHAR_WIDTH)))
    return text if len(text) <= most else text[:most - 1] + "…"


def svg_text(x: float, y: float, text: str, size: float | None = None, anchor: str = "start", **attributes) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    font = f' font-size="{size:g}"' if size else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{font}{extra}>{escape(text)}</text>'
