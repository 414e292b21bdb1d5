"""Benchmark what `%%timeline` adds to a cell: the same Dask and Spark cells run with and without the line in
one IPython shell, interleaved, the median of each.

    python bench/timeline.py              # 5 rounds
    python bench/timeline.py --repeat 9

Prints a table (seconds, and the overhead of the line in percent) and writes JSON to
bench/results/timeline.json. A benchmark, not a test: nothing here asserts a speed.
"""

import argparse
import json
import statistics
import sys
import time
import warnings
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SETUP = """
import dask.dataframe as dd, pandas as pd
from course import dask_client, spark
client = dask_client()
frame = dd.from_pandas(pd.DataFrame({"key": [i % 500 for i in range(3_000_000)], "value": range(3_000_000)}),
                       npartitions=16).persist()
session = spark()
left = session.range(3_000_000).selectExpr("id % 500 as key", "id as value")
right = session.range(500).selectExpr("id as key", "id * 2 as label")
"""
CELLS = {  # a cell of each engine that runs for about a second: what a slide's demo does
    "Dask groupby (16 partitions)": "frame.groupby('key').value.std().compute()",
    "Spark join (shuffle)": "left.join(right.hint('merge'), 'key').groupBy('label').count().collect()",
}


def seconds(shell, source: str) -> float:
    from IPython.utils.capture import capture_output

    start = time.perf_counter()
    with capture_output():
        result = shell.run_cell(source)
    elapsed = time.perf_counter() - start
    result.raise_error()
    return elapsed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="rounds (default 5)")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    from IPython.core.interactiveshell import InteractiveShell

    from course import runtime, timeline

    shell = InteractiveShell.instance()
    timeline.install(shell)
    shell.run_cell(SETUP).raise_error()
    rows = []
    try:
        for name, source in CELLS.items():
            seconds(shell, source), seconds(shell, f"%%timeline\n{source}")  # warm both ways once
            plain, watched = [], []
            for _ in range(args.repeat):  # interleaved: the machine's load hits both alike
                plain.append(seconds(shell, source))
                watched.append(seconds(shell, f"%%timeline\n{source}"))
            rows.append({"cell": name, "plain": statistics.median(plain), "timeline": statistics.median(watched)})
    finally:
        runtime.teardown()
    table = Table(title=f"%%timeline overhead (median of {args.repeat}, interleaved)")
    for column in ("cell", "plain (s)", "with %%timeline (s)", "overhead"):
        table.add_column(column, justify="left" if column == "cell" else "right")
    for row in rows:
        row["overhead_percent"] = 100 * (row["timeline"] / row["plain"] - 1)
        table.add_row(row["cell"], f"{row['plain']:.3f}", f"{row['timeline']:.3f}", f"{row['overhead_percent']:+.1f} %")
    Console().print(table)
    out = ROOT / "bench" / "results" / "timeline.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
