"""Diagrams drawn from code with Graphviz, in the course's colours, shown as SVG on the slide."""

import graphviz

PALETTE = {
    "storage": "#dbeafe",
    "compute": "#dcfce7",
    "control": "#fef3c7",
    "data": "#fce7f3",
    "neutral": "#f1f5f9",
}


# The charts' colour cycle (assets/matplotlibrc sets the same one): every colour has 3:1 contrast on white.
CHART_COLOURS = ("#1d4ed8", "#c2410c", "#15803d", "#b91c1c", "#7e22ce", "#0e7490", "#a16207", "#be185d", "#4d7c0f",
                 "#475569")
TEXT, EDGE = "#0f172a", "#334155"  # diagram text on the PALETTE fills, and node borders


def digraph(rankdir: str = "LR", **graph_attr) -> graphviz.Digraph:
    """A Graphviz Digraph with the course style; nodes take `fillcolor=PALETTE[...]`."""
    dot = graphviz.Digraph(format="svg")
    dot.attr(rankdir=rankdir, bgcolor="transparent", fontname="Helvetica", pad="0.2", **graph_attr)
    dot.attr("node", shape="box", style="rounded,filled", fillcolor=PALETTE["neutral"],
             color="#334155", fontname="Helvetica", fontsize="16")
    dot.attr("edge", color="#475569", fontname="Helvetica", fontsize="15")
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


# Colours of the layers in `vm_vs_container`: the same kind of layer has the same colour in every column.
LAYER_COLOURS = {"hardware": PALETTE["neutral"], "hypervisor": PALETTE["storage"], "os": PALETTE["control"],
                 "runtime": "#e0e7ff", "libraries": PALETTE["compute"], "app": PALETTE["data"]}
# Each column: title, a one-line verdict, each app's own layers (top down), then the layers all apps share
# (top down, down to the hardware).
STACKS = {
    "bare": ("Bare metal", "one OS for all: apps conflict over libraries",
             [("App", "app")],
             [("Shared libraries", "libraries"), ("One operating system", "os"), ("Server hardware", "hardware")]),
    "vm": ("Virtual machines", "a full OS each: GBs, boots in tens of seconds",
           [("App", "app"), ("Libraries", "libraries"), ("Guest OS + kernel", "os")],
           [("Hypervisor (KVM, Xen, Hyper-V)", "hypervisor"), ("Server hardware", "hardware")]),
    "ct": ("Containers", "share the host's kernel: MBs, start in about a second",
           [("App", "app"), ("Libraries", "libraries")],
           [("Container runtime (containerd, CRI-O)", "runtime"), ("Host OS: one shared Linux kernel", "os"),
            ("Server hardware (or a VM)", "hardware")]),
}


def vm_vs_container(bare_metal: bool = False, apps: int = 3, size: str = "11.5,4.6!") -> graphviz.Digraph:
    """The course's one picture of virtual machines next to containers (bare metal first when asked): each
    column stacks, from the hardware up, the layers its apps share, then each app's own layers."""
    dot = digraph(rankdir="LR", size=size, nodesep="0.3", ranksep="0.35")
    dot.attr("node", shape="box", style="rounded,filled", fillcolor="#f8fafc", color="#94a3b8", margin="0.12",
             fontsize="17")

    def td(text, kind, span=1):
        return (f'<td bgcolor="{LAYER_COLOURS[kind]}" color="#475569" colspan="{span}" width="150" height="34">'
                f"{text}</td>")

    columns = (["bare"] if bare_metal else []) + ["vm", "ct"]
    for column in columns:
        title, verdict, own, shared = STACKS[column]
        rows = [f'<tr><td colspan="{apps}" border="0"><font point-size="21"><b>{title}</b></font></td></tr>',
                f'<tr><td colspan="{apps}" border="0"><font point-size="15" color="#475569">{verdict}</font>'
                '</td></tr>']
        rows += ["<tr>" + "".join(td(f"{text} {'ABCDEFGH'[i]}" if kind == "app" else text, kind)
                                  for i in range(apps)) + "</tr>" for text, kind in own]
        rows += [f"<tr>{td(text, kind, apps)}</tr>" for text, kind in shared]
        dot.node(column, '<<table border="0" cellborder="1" cellspacing="4" cellpadding="4">'
                         + "".join(rows) + "</table>>")
    for left, right in zip(columns, columns[1:]):
        dot.edge(left, right, style="invis")
    return dot


def task_graph(collection, filename, **options):
    """A Dask collection's task graph as an SVG for the slide, described for screen readers by its tasks per
    kind (the key prefix), in the order Dask names them. `options` go to `visualize` (rankdir, size...)."""
    from collections import Counter

    from dask.utils import key_split
    from IPython.display import SVG

    collection.visualize(filename=str(filename), **options)
    prefixes = Counter(key_split(key) for key in dict(collection.__dask_graph__()))
    kinds = ", ".join(f"{count} {name}" for name, count in prefixes.items())
    description = f"Task graph of {sum(prefixes.values())} tasks ({kinds}); circles are function calls, boxes results."
    return SVG(filename=str(filename), metadata={"alt": description})
