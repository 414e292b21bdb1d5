"""Plans as pictures: a Spark physical plan or a Dask expression graph as a slide-sized diagram.

    from course.plans import plan
    plan(joined)        # a Spark DataFrame: its physical plan (after an action: the plan that ran)
    plan(frame)         # a Dask DataFrame: its optimized expression graph

Operators are boxes (those Spark compiles into one function, a whole-stage-codegen stage, share a box), data
flows from the sources (left) to the result (right); the shuffle boundaries (Spark's Exchange and
BroadcastExchange, Dask's shuffles) are orange. After an action, Spark's own metrics of each exchange label it:
the rows that crossed it (`numOutputRows` or `shuffleRecordsWritten`) and, for a shuffle, the bytes written
(`shuffleBytesWritten`); Dask reports none for its expressions. Displayed, it is a `course.slide_figure.Figure`:
the SVG with a text description, then the steps as a table behind a disclosure.
"""

import re

from course.diagrams import PALETTE, digraph
from course.slide_figure import Figure
from course.spark_metrics import format_bytes

SHUFFLE, FILL = "#fed7aa", PALETTE["neutral"]
ROWS = ("numOutputRows", "recordsWritten", "shuffleRecordsWritten")
BYTES = ("shuffleBytesWritten",)  # a broadcast's `dataSize` is its in-memory hash table, not what crossed
WRAPPERS = ("InputAdapter", "AQEShuffleRead", "ColumnarToRow")  # drawn through: their child is the operator
# A line of a plan's text: the tree's indentation (spaces, ':', '+-'), a codegen stage mark '*(1) ', the operator.
TEXT_NODE = re.compile(r"^(?P<indent>[ :|+-]*)(?:\*\(\d+\) )?(?P<name>[A-Za-z]\w*)")


def plan(frame) -> Figure:
    """The plan of a Spark or Dask DataFrame as a Figure."""
    if type(frame).__module__.startswith("pyspark.sql.connect"):  # its `_jdf` would be a column named so
        nodes = text_nodes(frame._explain_string(mode="simple"))
        engine = "Spark physical plan (Spark Connect: the server keeps the rows and bytes)"
    elif hasattr(frame, "_jdf"):
        nodes = spark_nodes(frame._jdf.queryExecution().executedPlan())
        engine = "Spark physical plan"
    else:
        nodes = dask_nodes(frame.optimize().expr)
        engine = "Dask expression graph"
    return figure(nodes, engine)


def spark_nodes(root) -> list:
    """[(id, name, (rows, bytes) crossed, is shuffle, child ids)] of a JVM SparkPlan, wrappers skipped; the
    operators Spark compiled into one function (a WholeStageCodegen stage) are one box, listed in data order."""
    nodes = []

    def visit(node):
        name = str(node.nodeName())
        if name == "AdaptiveSparkPlan":
            return visit(node.executedPlan())
        if name.endswith("QueryStage"):  # a stage AQE ran: the plan it ran (a leaf otherwise)
            return visit(node.plan())
        children = children_of(node)
        if name.startswith("WholeStageCodegen"):
            names, inputs = fused(children[0], visit)
            nodes.append((len(nodes), "\n".join(names), (None, None), False, inputs))
            return len(nodes) - 1
        if any(name.startswith(w) for w in WRAPPERS) and len(children) == 1:
            return visit(children[0])
        ids = [visit(child) for child in children]
        nodes.append((len(nodes), name, crossed(node), "Exchange" in name, ids))
        return len(nodes) - 1

    visit(root)
    return nodes


def text_nodes(text: str) -> list:
    """The nodes, as `spark_nodes` gives them but without metrics, of the text of a physical plan (what
    `explain()` prints, and all a Spark Connect client gets): each operator's depth is its indentation."""
    roots, stack = [], []
    for line in text.split("== Physical Plan ==", 1)[-1].strip().splitlines():
        found = TEXT_NODE.match(line)
        if not found:
            break  # the end of the tree
        entry = (found.group("name"), [])
        while stack and stack[-1][0] >= len(found.group("indent")):
            stack.pop()
        (stack[-1][1][1] if stack else roots).append(entry)
        stack.append((len(found.group("indent")), entry))
    nodes = []

    def visit(entry):
        name, children = entry
        if name in ("AdaptiveSparkPlan", *WRAPPERS) and len(children) == 1:
            return visit(children[0])
        ids = [visit(child) for child in children]
        nodes.append((len(nodes), name, (None, None), "Exchange" in name, ids))
        return len(nodes) - 1

    for root in roots:
        visit(root)
    return nodes


def children_of(node) -> list:
    return [node.children().apply(i) for i in range(node.children().size())]


def fused(node, visit) -> tuple:
    """(operator names, sources first; ids of the inputs) of the operators in one codegen stage."""
    if str(node.nodeName()) == "InputAdapter":
        return [], [visit(children_of(node)[0])]
    names, inputs = [], []
    for child in children_of(node):
        child_names, child_inputs = fused(child, visit)
        names += child_names
        inputs += child_inputs
    return names + [str(node.nodeName())], inputs


def crossed(node) -> tuple:
    """(rows, bytes) that crossed an exchange that has run, from its SQL metrics; (None, None) otherwise."""
    if "Exchange" not in str(node.nodeName()):
        return None, None
    metrics = node.metrics()

    def first(names):
        found = [metrics.get(name) for name in names]
        return next((int(m.get().value()) for m in found if not m.isEmpty() and m.get().value() > 0), None)

    return first(ROWS), first(BYTES)


def detail(rows, size) -> str:
    return " · ".join(filter(None, [f"{rows:,} rows" if rows else "", format_bytes(size) if size else ""]))


def label(name: str, counts: tuple) -> str:
    """The box's text: the operator, what crossed it, and for a broadcast where it went."""
    lines = [name, detail(*counts)] + (["to every executor"] if name == "BroadcastExchange" else [])
    return "\n".join(filter(None, lines))


def dask_nodes(expr) -> list:
    """[(id, name, (None, None), is shuffle, child ids)] of a Dask expression, each expression once."""
    nodes, seen = [], {}

    def visit(node):
        if node._name in seen:
            return seen[node._name]
        ids = [visit(child) for child in node.dependencies()]
        name = type(node).__name__
        nodes.append((len(nodes), name, (None, None), "Shuffle" in name, ids))
        seen[node._name] = len(nodes) - 1
        return seen[node._name]

    visit(expr)
    return nodes


def figure(nodes: list, engine: str) -> Figure:
    """The diagram (data flowing left to right), its description and its operators as a table."""
    dot = digraph(rankdir="LR", ranksep="0.3", nodesep="0.15")  # no `size`: a scaled drawing hides its text size
    for index, name, counts, shuffle, children in nodes:
        dot.node(str(index), label(name, counts), fillcolor=SHUFFLE if shuffle else FILL,
                 penwidth="3" if shuffle else "1")
        for child in children:
            dot.edge(str(child), str(index))
    shuffles = [f"{name} ({detail(*counts)})" if detail(*counts) else name
                for _, name, counts, shuffle, _ in nodes if shuffle]
    boxes = ", ".join(name.replace("\n", " + ") for _, name, _, _, _ in nodes)
    alt = (f"{engine}: {len(nodes)} steps, from the sources on: {boxes}. "
           f"Shuffle boundaries: {'; '.join(shuffles) or 'none'}.")
    rows = [[name.replace("\n", " + "), "yes" if shuffle else "", *counts] for _, name, counts, shuffle, _ in nodes]
    table = (f"{len(nodes)} steps", ["operators", "shuffle boundary", "rows crossed", "bytes crossed"], rows)
    return Figure(dot.pipe(format="svg").decode(), alt, [table], alt)
