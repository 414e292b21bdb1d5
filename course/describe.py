"""Text alternatives for the figures a deck shows, written from the objects that drew them.

`install()` (run by every build, `present` and grading kernel at start) wraps IPython's display formatter: when a
matplotlib figure, a Graphviz graph, a Dask array or a Dask DataFrame is displayed, the description goes into
the output's metadata (`{"image/svg+xml": {"alt": "..."}}`) and the page shows it as the image's `alt`; an SVG
inside HTML gets `role="img"` and an `aria-label`. A cell's `alt` metadata replaces it.
"""

import json
import re

SVG_TAG = re.compile(r"<svg\b(?![^>]*\baria-label=)", re.I)
MAX_ITEMS = 12  # nodes, labels or series named in one description; the rest are counted


def install(shell=None) -> None:
    """Describe every displayed figure, in this kernel (idempotent)."""
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    if shell is None or getattr(shell.display_formatter.format, "describes", False):
        return
    original = shell.display_formatter.format

    def format(obj, include=None, exclude=None):
        data, metadata = original(obj, include=include, exclude=exclude)
        text = describe(obj) if any(mime.startswith("image/") or mime == "text/html" for mime in data) else ""
        if "image/svg+xml" in data:
            metadata.setdefault("image/svg+xml", {}).update(text_size(obj, data["image/svg+xml"]))
        if text:
            for mime in data:
                if mime.startswith("image/"):
                    metadata.setdefault(mime, {})["alt"] = text
            if "text/html" in data and "<svg" in data["text/html"]:
                data["text/html"] = label_svg(data["text/html"], text)
        return data, metadata

    format.describes = True
    shell.display_formatter.format = format


SVG_WIDTH = re.compile(r'<svg\b[^>]*?viewBox="[\d.\-]+ [\d.\-]+ ([\d.]+) [\d.]+"')
FONT_SIZE = re.compile(r'font-size[=:]\s*"?([\d.]+)')


def text_size(obj, svg: str) -> dict:
    """The smallest text of an SVG figure, in the SVG's own units, and the SVG's width in those units: the page
    scales both alike, so the browser tests can tell how large that text is on the slide."""
    width = SVG_WIDTH.search(svg)
    sizes = [float(size) for size in FONT_SIZE.findall(svg)]
    if not sizes and type(obj).__module__.startswith("matplotlib.figure"):  # text drawn as paths
        sizes = [text.get_fontsize() for text in obj.findobj(lambda artist: hasattr(artist, "get_fontsize")
                                                               and artist.get_visible()
                                                               and getattr(artist, "get_text", lambda: "")().strip())]
    return {"font": min(sizes), "width": float(width.group(1))} if sizes and width else {}


def label_svg(html: str, text: str) -> str:
    """Every unlabelled <svg> of an HTML output becomes an image with this description."""
    label = text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return SVG_TAG.sub(f'<svg role="img" aria-label="{label}"', html)


def describe(obj) -> str:
    """A description of a figure-like object, or '' for anything else."""
    kind = f"{type(obj).__module__}.{type(obj).__name__}"
    try:
        if kind.startswith("matplotlib.figure."):
            return figure(obj)
        if kind.startswith("graphviz."):
            return graph(obj)
        if kind.startswith("dask.array.") and hasattr(obj, "chunks"):
            return dask_array(obj)
        if kind.startswith("dask.dataframe.") and hasattr(obj, "npartitions"):
            return dask_frame(obj)
    except Exception as error:  # a description must never break a deck
        return f"{type(obj).__name__} (no description: {type(error).__name__})"
    return ""


def listing(items: list, noun: str) -> str:
    """'3 nodes: a, b, c' or '20 nodes, first a, b, ...'."""
    items = [item for item in items if item]
    if not items:
        return ""
    if len(items) <= MAX_ITEMS:
        return f"{len(items)} {noun}: {', '.join(items)}"
    return f"{len(items)} {noun}, first {', '.join(items[:MAX_ITEMS])}, ..."


def number(value: float) -> str:
    return f"{value:.3g}" if abs(value) < 1e5 else f"{value:.2e}"


def flat(text) -> str:
    return " ".join(str(text).split())


def figure(fig) -> str:
    """A chart: each axes' title, axis labels and ranges, and its series by kind, count and name."""
    parts = []
    title = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else ""
    axes = [ax for ax in fig.axes if ax.get_visible()]
    for ax in axes:
        parts.append(axes_text(ax))
    head = f"Chart{' ' + repr(flat(title)) if title else ''}" + (f", {len(axes)} panels" if len(axes) > 1 else "")
    return f"{head}. " + " ".join(part for part in parts if part).replace(": 1 categories", ": 1 category")


def axes_text(ax) -> str:
    """One panel of a chart."""
    words = []
    if ax.get_title():
        words.append(f"{flat(ax.get_title())!r}:")
    if ax.axison:
        for axis, name in ((ax.xaxis, "x"), (ax.yaxis, "y")):
            label = flat(axis.get_label_text()) or f"{name} axis"
            low, high = (ax.get_xlim() if name == "x" else ax.get_ylim())
            ticks = [flat(t.get_text()) for t in axis.get_ticklabels() if t.get_text()]
            if ticks and not all(re.fullmatch(r"[−\-\d.,%\s×e+]+", t) for t in ticks):
                words.append(f"{label}: {listing(ticks, 'categories')}.")
            else:
                words.append(f"{label} from {number(min(low, high))} to {number(max(low, high))}.")
    series = []
    lines = [line for line in ax.get_lines() if line.get_visible() and len(line.get_xdata()) > 1]
    if lines:
        names = [line.get_label() for line in lines if not line.get_label().startswith("_")]
        named = f" ({', '.join(names[:MAX_ITEMS])})" if names else ""
        series.append(f"{len(lines)} line{'s' * (len(lines) > 1)}{named}")
    bars = [patch for container in ax.containers for patch in getattr(container, "patches", container)]
    if bars:
        series.append(f"{len(bars)} bars")
    points = sum(len(collection.get_offsets()) for collection in ax.collections
                 if type(collection).__name__ == "PathCollection")
    if points:
        series.append(f"{points} points")
    if ax.images:
        series.append(f"{len(ax.images)} image{'s' * (len(ax.images) > 1)}")
    if series:
        words.append("Shows " + ", ".join(series) + ".")
    texts = [flat(text.get_text()) for text in ax.texts if text.get_text().strip()]
    if texts:
        words.append(f"Labels: {listing(texts, 'labels').split(': ', 1)[-1]}.")
    legend = ax.get_legend()
    if legend is not None:
        words.append(f"Legend: {', '.join(flat(t.get_text()) for t in legend.get_texts())}.")
    return " ".join(words)


def graph(dot) -> str:
    """A Graphviz diagram: its groups, its nodes and its edges, in the order they were written."""
    data = json.loads(dot.pipe(format="json0"))
    objects = data.get("objects", [])
    names = {index: flat(obj.get("name") if obj.get("label") in (None, "", "\\N") else obj["label"])
             for index, obj in enumerate(objects)}
    nodes = [names[i] for i, obj in enumerate(objects) if "nodes" not in obj]
    groups = [names[i] for i, obj in enumerate(objects) if "nodes" in obj and obj.get("label")]
    edges = []
    for edge in data.get("edges", []):
        tail, head = (edge["head"], edge["tail"]) if edge.get("dir") == "back" else (edge["tail"], edge["head"])
        label = flat(edge.get("label", ""))
        edges.append(f"{names[tail]} to {names[head]}" + (f" ({label})" if label else ""))
    words = ["Diagram with"]
    if groups:
        words.append(f"in {listing(groups, 'groups')};")
    words.append(listing(nodes, "nodes") + ".")
    if edges:
        words.append(f"Arrows: {listing(edges, 'arrows').split(': ', 1)[-1]}.")
    return " ".join(words)


def dask_array(array) -> str:
    chunks = "x".join(str(max(sizes)) if sizes else "0" for sizes in array.chunks)
    count = 1
    for sizes in array.chunks:
        count *= len(sizes)
    return (f"Dask array of shape {tuple(array.shape)}, dtype {array.dtype}, in {count} chunks of up to {chunks} "
            f"elements: a grid of blocks drawn to scale.")


def dask_frame(frame) -> str:
    columns = [str(column) for column in getattr(frame, "columns", [])]
    parts = f"{frame.npartitions} partition{'s' * (frame.npartitions != 1)}"
    return f"Dask DataFrame in {parts}, " + (listing(columns, "columns") or "a Series") + "."
