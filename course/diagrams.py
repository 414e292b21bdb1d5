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
