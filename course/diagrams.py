"""Diagrams drawn from code with Graphviz, in the course's colours, shown as SVG on the slide."""

import graphviz

PALETTE = {
    "storage": "#dbeafe",
    "compute": "#dcfce7",
    "control": "#fef3c7",
    "data": "#fce7f3",
    "neutral": "#f1f5f9",
}


def digraph(rankdir: str = "LR", **graph_attr) -> graphviz.Digraph:
    """A Graphviz Digraph with the course style; nodes take `fillcolor=PALETTE[...]`."""
    dot = graphviz.Digraph(format="svg")
    dot.attr(rankdir=rankdir, bgcolor="transparent", fontname="Helvetica", pad="0.2", **graph_attr)
    dot.attr("node", shape="box", style="rounded,filled", fillcolor=PALETTE["neutral"],
             color="#334155", fontname="Helvetica", fontsize="14")
    dot.attr("edge", color="#475569", fontname="Helvetica", fontsize="12")
    return dot


def timeline(events: list, span: tuple, ylim: float, heights: tuple = (1.0, 3.2), size: tuple = (12, 4.8),
             fontsize: float = 12, colours: tuple = ("#2563eb", "#eff6ff", "#93c5fd")):
    """A horizontal timeline of (year, text) events, labels alternating above and below; returns the figure."""
    import matplotlib.pyplot as plt

    point, fill, edge = colours
    near, far = heights
    fig, ax = plt.subplots(figsize=size, dpi=90)
    ax.axhline(0, color="#334155", lw=2)
    for i, (year, text) in enumerate(events):
        level = [near, -near, far, -far][i % 4]
        ax.plot([year, year], [0, level], color="#94a3b8", lw=1)
        ax.plot(year, 0, "o", color=point, ms=8)
        ax.text(year, level, f"{year}\n{text}", ha="center", va="bottom" if level > 0 else "top", fontsize=fontsize,
                bbox=dict(boxstyle="round", fc=fill, ec=edge))
    ax.set_xlim(*span)
    ax.set_ylim(-ylim, ylim)
    ax.axis("off")
    fig.tight_layout()
    return fig
