"""Grade a lab notebook: execute it, run the lab's checks on its variables, print a score table.

    python -m course.grading alice.ipynb bob.ipynb        # fresh execution of each, then the checks
    python -m course.grading alice.ipynb --no-execute     # read what the notebook's last cell recorded
    python -m course.grading alice.ipynb --cwd labs       # run where labs/data/ already holds the dataset

How it works. Every lab has a *contract*: a list of checks, each worth some points, each reading one or more
variables the lab text asks students to define with a fixed name (`n_clean`, `rmse_linear`, ...). The checks
run inside the notebook's own kernel, on its global variables, so they see real objects (Dask DataFrames,
fitted models) and compare them with references computed from the same data.

- Executing (the default): the grader copies the notebook, appends a cell calling `self_check(globals())`,
  runs it top to bottom with nbclient (an exercise that fails does not stop the others) and reads the JSON
  that cell displays under the `application/vnd.course.grading+json` mime type. A notebook whose exercise
  cells still say `# your code here` scores 0; the executed solution scores full marks.
- `--no-execute`: the labs end with the same `self_check` cell, so an executed notebook already carries its
  result; reading it is instant but trusts whoever executed the notebook.

The lab is recognised from its `self_check(globals(), lab=...)` cell, else its `course:` title, else its
file name; `--lab` overrides. Reference rules the evaluation expects: `clean()` and `add_features()` below.
"""

import argparse
import copy
import json
import math
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from course import taxi

MIME = "application/vnd.course.grading+json"
ROOT = Path(__file__).resolve().parent.parent
FEATURES = ["abs_diff_longitude", "abs_diff_latitude", "distance", "year", "passenger_count"]
RMSE_LIMITS = {"linear": 5.0, "sgd": 5.0, "forest": 3.8}  # USD; the solution reaches ~4.2, ~4.3 and ~3.2
TITLES = {"Evaluation": "30_evaluation", "Play with MapReduce": "03_spark_mapreduce"}


def clean(df):
    """The evaluation's reference cleaning rules, for pandas and Dask DataFrames (lab 30, exercise 6)."""
    (lon_min, lon_max), (lat_min, lat_max) = taxi.NYC_BOX["longitude"], taxi.NYC_BOX["latitude"]
    df = df.dropna()
    keep = (df.fare_amount > taxi.FARE_RANGE[0]) & (df.fare_amount <= taxi.FARE_RANGE[1])
    keep &= df.passenger_count.between(*taxi.PASSENGER_RANGE)
    for end in ("pickup", "dropoff"):
        keep &= df[f"{end}_longitude"].between(lon_min, lon_max) & df[f"{end}_latitude"].between(lat_min, lat_max)
    return df[keep]


def add_features(df):
    """The evaluation's reference features (lab 30, exercise 7)."""
    df = df.assign(abs_diff_longitude=(df.dropoff_longitude - df.pickup_longitude).abs(),
                   abs_diff_latitude=(df.dropoff_latitude - df.pickup_latitude).abs(),
                   year=df.pickup_datetime.dt.year)
    return df.assign(distance=(df.abs_diff_longitude ** 2 + df.abs_diff_latitude ** 2) ** 0.5)


# ---------------------------------------------------------------- contracts: checks run inside the kernel

@dataclass
class Check:
    name: str  # the variables it reads, as the lab names them
    points: int
    run: Callable  # (Context) -> (points earned, detail)


CONTRACTS: dict = {}


class Missing(Exception):
    """A variable the check needs is not defined."""


class Context:
    """The notebook's globals, plus references computed once and shared by the checks."""

    def __init__(self, namespace: dict):
        self.namespace, self.cache = namespace, {}

    def __getitem__(self, name):
        if name not in self.namespace:
            raise Missing(f"`{name}` is not defined")
        return self.namespace[name]

    def reference(self, key: str, compute: Callable):
        if key not in self.cache:
            self.cache[key] = compute(self)
        return self.cache[key]


def check(lab: str, name: str, points: int):
    """Register the decorated function as a check of `lab` worth `points`."""
    def register(function):
        CONTRACTS.setdefault(lab, []).append(Check(name, points, function))
        return function
    return register


def choice(lab: str, name: str, answer):
    """Register a multiple-choice question: a letter, or a set of letters, worth one point."""
    def run(ctx):
        given = ctx[name]
        given = {str(letter).strip().lower() for letter in given} if isinstance(given, (set, frozenset, list, tuple)) \
            else str(given).strip().lower()
        return (1, "right") if given == answer else (0, f"{given!r} is not the expected answer")
    CONTRACTS.setdefault(lab, []).append(Check(name, 1, run))


def close(a, b, tolerance=1e-6) -> bool:
    return math.isclose(float(a), float(b), rel_tol=tolerance, abs_tol=tolerance)


# Lab 30: evaluation with Dask --------------------------------------------------------------------------

EVAL = "30_evaluation"


def raw_reference(ctx) -> dict:
    """Counts on the raw and cleaned training data, computed with Dask from the lab's data folder."""
    import dask
    import dask.dataframe as dd

    raw = dd.read_parquet(f"{ctx['TRAIN_DIR']}/parquet")
    rows, means, nulls, kept = dask.compute(raw.shape[0], raw.groupby("passenger_count").fare_amount.mean(),
                                            raw.isna().sum(), clean(raw).shape[0])
    return {"rows": int(rows), "means": means.sort_index(), "nulls": nulls, "clean": int(kept),
            "partitions": raw.npartitions}


def probe_frame(ctx):
    """20,000 fresh trips with every kind of dirt, to test the students' functions."""
    return taxi.generate(20_000, seed=2024)


def holdout_reference(ctx) -> tuple:
    """The held-out set cleaned and featurised with the reference rules: (X, y) NumPy arrays."""
    import pandas as pd

    test = add_features(clean(pd.read_parquet(f"{ctx['TEST_DIR']}/parquet")))
    return test[FEATURES].to_numpy("float64"), test["fare_amount"].to_numpy("float64")


@check(EVAL, "bytes_per_row", 1)
def check_bytes_per_row(ctx):
    import pandas as pd

    given = float(ctx["bytes_per_row"])
    frame = pd.read_csv(f"{ctx['TRAIN_DIR']}/csv/part-00000.csv", parse_dates=["pickup_datetime"])
    expected = frame.memory_usage(deep=True).sum() / len(frame)
    if close(given, expected, 0.05):
        return 1, f"{given:.0f} bytes"
    return 0, f"{given:.0f}, expected about {expected:.0f}"


@check(EVAL, "taxi_df", 1)
def check_taxi_df(ctx):
    import dask.dataframe as dd

    frame, ref = ctx["taxi_df"], ctx.reference("raw", raw_reference)
    if not isinstance(frame, dd.DataFrame):
        return 0, f"a {type(frame).__name__}, not a Dask DataFrame"
    if list(frame.columns) != list(taxi.COLUMNS):
        return 0, f"columns {list(frame.columns)}"
    if frame.npartitions != ref["partitions"]:
        return 0, f"{frame.npartitions} partitions, read_parquet gives {ref['partitions']}"
    return 1, f"{frame.npartitions} partitions"


choice(EVAL, "q_lazy", "b")
choice(EVAL, "q_partitions", "a")


@check(EVAL, "n_rows", 1)
def check_n_rows(ctx):
    expected = ctx.reference("raw", raw_reference)["rows"]
    given = int(ctx["n_rows"])
    return (1, f"{expected:,}") if given == expected else (0, f"{given:,}, expected {expected:,}")


choice(EVAL, "q_len", "b")


@check(EVAL, "mean_fare_by_passengers", 1)
def check_means(ctx):
    import numpy as np

    given, expected = ctx["mean_fare_by_passengers"], ctx.reference("raw", raw_reference)["means"]
    given = given.sort_index()
    if list(given.index) != list(expected.index):
        return 0, f"{len(given)} passenger counts, expected {len(expected)}"
    return (1, "matches") if np.allclose(given.to_numpy(float), expected.to_numpy(float)) else (0, "values differ")


choice(EVAL, "q_persist", "b")


@check(EVAL, "null_counts", 1)
def check_nulls(ctx):
    given, expected = ctx["null_counts"], ctx.reference("raw", raw_reference)["nulls"]
    same = {str(key): int(value) for key, value in given.items()} == {k: int(v) for k, v in expected.items()}
    return (1, f"{int(expected.sum())} missing values") if same else (0, "counts differ")


choice(EVAL, "q_dirt", {"a", "c", "d"})


@check(EVAL, "clean_taxi", 2)
def check_clean_taxi(ctx):
    probe = ctx.reference("probe", probe_frame)
    kept = set(ctx["clean_taxi"](probe.copy()).key)
    expected = set(clean(probe).key)
    wrong = len(kept ^ expected)
    if wrong == 0:
        return 2, f"keeps exactly the {len(expected):,} clean rows of a probe"
    return (1 if wrong <= 0.01 * len(probe) else 0), f"{wrong} probe rows kept or dropped wrongly"


@check(EVAL, "clean_df, n_clean", 1)
def check_clean_df(ctx):
    import dask.dataframe as dd

    expected = ctx.reference("raw", raw_reference)["clean"]
    if not isinstance(ctx["clean_df"], dd.DataFrame):
        return 0, "clean_df is not a Dask DataFrame"
    given = int(ctx["n_clean"])
    return (1, f"{expected:,} rows") if given == expected else (0, f"{given:,}, expected {expected:,}")


@check(EVAL, "add_features", 2)
def check_add_features(ctx):
    import numpy as np

    probe = clean(ctx.reference("probe", probe_frame))
    given, expected = ctx["add_features"](probe.copy()), add_features(probe)
    right = [name for name in FEATURES if name in given
             and np.allclose(given[name].to_numpy(float), expected[name].to_numpy(float))]
    earned = 2 if len(right) == len(FEATURES) else int({"abs_diff_longitude", "abs_diff_latitude"} <= set(right))
    return earned, f"right: {', '.join(name for name in right if name != 'passenger_count') or 'none'}"


@check(EVAL, "summary", 1)
def check_summary(ctx):
    summary, expected = ctx["summary"], ctx.reference("raw", raw_reference)["clean"]
    ok = "distance" in summary and int(summary.loc["count", "fare_amount"]) == expected
    return (1, "describe() of the clean features") if ok else (0, "not describe() of add_features(clean_df)")


@check(EVAL, "get_input_matrix", 1)
def check_input_matrix(ctx):
    import dask.array as da
    import dask.dataframe as dd
    import numpy as np

    frame = add_features(clean(ctx.reference("probe", probe_frame)))
    X, y = ctx["get_input_matrix"](dd.from_pandas(frame, npartitions=2))
    if not isinstance(X, da.Array) or not isinstance(y, da.Array):
        return 0, "X and y must be Dask arrays"
    ok = np.allclose(X.compute(), frame[FEATURES].to_numpy(float)) and np.allclose(y.compute(), frame.fare_amount)
    return (1, f"X {X.shape}") if ok else (0, "values or column order differ from FEATURES")


def model_check(ctx, model_name: str, rmse_name: str, limit: float, full: int, accept: Callable):
    """A fitted model whose test RMSE, recomputed here, is below `limit` and matches the notebook's."""
    from sklearn.metrics import root_mean_squared_error

    model = ctx[model_name]
    if not accept(model):
        return 0, f"{model_name} is a {type(model).__name__}"
    X_test, y_test = ctx.reference("holdout", holdout_reference)
    rmse = root_mean_squared_error(y_test, model.predict(X_test))
    if rmse >= limit:
        return 0, f"test RMSE {rmse:.2f} >= {limit}"
    if rmse_name not in ctx.namespace or not close(ctx[rmse_name], rmse, 0.02):
        return full - 1, f"test RMSE {rmse:.2f}, but `{rmse_name}` is missing or differs"
    return full, f"test RMSE {rmse:.2f} < {limit}"


def from_dask_ml(model) -> bool:
    return type(model).__module__.startswith("dask_ml")


def fitted_search(model, name: str | None = None) -> bool:
    return hasattr(model, "best_estimator_") and (name is None or type(model).__name__ == name)


def forest_inside(model) -> bool:
    best = getattr(model, "best_estimator_", None)
    final = best.steps[-1][1] if hasattr(best, "steps") else best
    return type(final).__name__ == "RandomForestRegressor"


@check(EVAL, "lr, rmse_linear", 2)
def check_linear(ctx):
    return model_check(ctx, "lr", "rmse_linear", RMSE_LIMITS["linear"], 2,
                       lambda model: from_dask_ml(model) and hasattr(model, "coef_"))


@check(EVAL, "grid_search, rmse_grid", 1)
def check_grid(ctx):
    return model_check(ctx, "grid_search", "rmse_grid", RMSE_LIMITS["sgd"], 1,
                       lambda model: fitted_search(model, "GridSearchCV") and not from_dask_ml(model))


@check(EVAL, "dask_search, rmse_dask_search", 1)
def check_dask_search(ctx):
    return model_check(ctx, "dask_search", "rmse_dask_search", RMSE_LIMITS["sgd"], 1,
                       lambda model: fitted_search(model) and from_dask_ml(model))


@check(EVAL, "forest_search, rmse_forest", 1)
def check_forest(ctx):
    return model_check(ctx, "forest_search", "rmse_forest", RMSE_LIMITS["forest"], 1,
                       lambda model: fitted_search(model) and forest_inside(model))


# Lab 03: MapReduce with Spark --------------------------------------------------------------------------

SPARK = "03_spark_mapreduce"
TRUE_MEANS = [-2.0, 0.0, 1.0, 5.0]


@check(SPARK, "pi_estimate", 1)
def check_pi(ctx):
    error = abs(float(ctx["pi_estimate"]) - math.pi)
    return (1, f"{float(ctx['pi_estimate']):.4f}") if error < 0.02 else (0, f"{error:.3f} away from pi")


choice(SPARK, "q_pi_rerun", "b")
choice(SPARK, "q_filter", "a")
choice(SPARK, "q_persist_late", "b")


def reference_count(game: str) -> list:
    return [game.count("H"), game.count("T")]


@check(SPARK, "f_count, heads_filter, tails_filter", 2)
def check_coin_functions(ctx):
    cases = ["HHHHHHHTTTTT", "H" * 10, "T" * 10, "HT" * 5, "TTTHH"]
    counts_ok = all(list(ctx["f_count"](game)) == reference_count(game) for game in cases)
    splits = [[53, 47], [47, 53], [50, 50], [100, 0], [0, 100]]
    filters_ok = all(bool(ctx["heads_filter"](c)) == (c[0] > c[1]) and bool(ctx["tails_filter"](c)) == (c[1] > c[0])
                     for c in splits)
    return int(counts_ok) + int(filters_ok), f"f_count {'right' if counts_ok else 'wrong'}, " \
                                             f"filters {'right' if filters_ok else 'wrong'}"


@check(SPARK, "n_heads_games, n_tails_games", 1)
def check_games(ctx):
    given = (int(ctx["n_heads_games"]), int(ctx["n_tails_games"]))
    counts = ctx["games"].map(reference_count)
    expected = (counts.filter(lambda c: c[0] > c[1]).count(), counts.filter(lambda c: c[1] > c[0]).count())
    return (1, f"{expected[0]:,} / {expected[1]:,}") if given == expected else (0, f"{given}, expected {expected}")


def centers_check(name: str, points: int, tolerance: float = 0.15):
    """Register a check: four cluster centres, each within `tolerance` of the means the data were drawn from."""
    def run(ctx):
        centers = sorted(float(value) for value in ctx[name])
        error = max(abs(a - b) for a, b in zip(centers, TRUE_MEANS)) if len(centers) == 4 else math.inf
        return (points, f"within {error:.2f} of the true means") if error < tolerance else (0, f"{centers}")
    CONTRACTS[SPARK].append(Check(name, points, run))


centers_check("centroids", 2)
centers_check("ml_centers", 1)


def wine_frame(ctx):
    from sklearn.datasets import load_wine

    return load_wine(as_frame=True).frame


@check(SPARK, "wine_counts", 1)
def check_wine_counts(ctx):
    given = {int(key): int(value) for key, value in dict(ctx["wine_counts"]).items()}
    return (1, "59 / 71 / 48") if given == {0: 59, 1: 71, 2: 48} else (0, f"{given}")


@check(SPARK, "n_rich_wines", 1)
def check_rich_wines(ctx):
    wine = ctx.reference("wine", wine_frame)
    expected = int(((wine.alcohol > 13) & (wine.color_intensity > 5)).sum())
    given = int(ctx["n_rich_wines"])
    return (1, f"{expected}") if given == expected else (0, f"{given}, expected {expected}")


@check(SPARK, "class_means", 1)
def check_class_means(ctx):
    import numpy as np

    wine, given = ctx.reference("wine", wine_frame), ctx["class_means"]
    expected = wine.groupby("target")[["alcohol", "proline"]].mean()
    given = given.set_index("target").sort_index()
    ok = list(given.index) == [0, 1, 2] and all(np.allclose(given[c], expected[c], atol=0.051) for c in expected)
    return (1, "per-class means") if ok else (0, "values differ from the per-class means")


@check(SPARK, "wine_scaled", 1)
def check_scaled(ctx):
    import numpy as np

    wine, given = ctx.reference("wine", wine_frame), ctx["wine_scaled"]
    expected = (wine.proline - wine.proline.min()) / (wine.proline.max() - wine.proline.min())
    ok = np.allclose(np.sort(given["proline_scaled"].to_numpy(float)), np.sort(expected.to_numpy()))
    return (1, "min-max scaled") if ok else (0, "proline_scaled is not (x - min) / (max - min)")


def word_reference(ctx) -> list:
    from collections import Counter

    counts = Counter()
    for path in ctx["CORPUS"]:
        for line in re.split(r"\r\n|\r|\n", Path(path).read_text(encoding="utf-8")):  # Hadoop's line ends
            if not line.startswith("# %%"):
                counts.update(word for word in re.findall(r"[a-z]+", line.lower()) if len(word) >= 5)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:10]


@check(SPARK, "top_words", 2)
def check_words(ctx):
    given = [(str(word), int(count)) for word, count in ctx["top_words"]]
    expected = ctx.reference("words", word_reference)
    if given == expected:
        return 2, f"{expected[0][0]!r} first, {expected[0][1]} times"
    same_words = {word for word, _ in given} == {word for word, _ in expected}
    return (1 if same_words else 0), "right words, wrong counts or order" if same_words else "different words"


# ---------------------------------------------------------------- inside the kernel: run and show the checks

def run_checks(namespace: dict, lab: str) -> list:
    """One result per check: name, points earned, maximum, detail. Never raises."""
    ctx, results = Context(namespace), []
    for item in CONTRACTS[lab]:
        try:
            earned, detail = item.run(ctx)
        except Missing as missing:
            earned, detail = 0, str(missing)
        except Exception as error:  # a student's function may raise anything
            earned, detail = 0, f"{type(error).__name__}: {str(error).splitlines()[0][:120] if str(error) else ''}"
        results.append({"name": item.name, "points": float(earned), "max": item.points, "detail": detail})
    return results


def self_check(namespace: dict, lab: str) -> None:
    """Run the lab's checks on a notebook's globals and display the table (with the results as JSON)."""
    results = run_checks(namespace, lab)
    payload = {"lab": lab, "results": results}
    text = plain_table(results)
    try:
        from IPython.display import display

        import pandas as pd
        table = pd.DataFrame(results).rename(columns={"name": "check"}).set_index("check")
        html = table.to_html() + f"<p><b>{total(results)}</b></p>"
        display({"text/plain": text, "text/html": html, MIME: payload}, raw=True)
    except ImportError:
        print(text)


def total(results: list) -> str:
    earned, best = sum(r["points"] for r in results), sum(r["max"] for r in results)
    return f"total {earned:g} / {best:g} ({100 * earned / best:.0f} %)"


def plain_table(results: list) -> str:
    lines = [f"{r['points']:>4g}/{r['max']:<2} {r['name']:<40} {r['detail']}" for r in results]
    return "\n".join(lines + [total(results)])


# ---------------------------------------------------------------- the instructor's side

def detect_lab(notebook, path: Path) -> str:
    """The lab a notebook belongs to: its self_check cell, its `course:` title, or its file name."""
    for cell in notebook.cells:
        found = re.search(r"self_check\(\s*globals\(\)\s*,\s*lab\s*=\s*['\"]([\w-]+)['\"]", cell.source)
        if cell.cell_type == "code" and found and found.group(1) in CONTRACTS:
            return found.group(1)
    title = str(notebook.metadata.get("course", {}).get("title", ""))
    for prefix, lab in TITLES.items():
        if title.startswith(prefix):
            return lab
    for lab in CONTRACTS:
        if path.stem.startswith(lab.split("_")[0]):
            return lab
    raise SystemExit(f"{path}: cannot tell which lab this is; pass --lab ({', '.join(CONTRACTS)})")


def read_results(notebook):
    """The payload of the last self_check output in the notebook, or None."""
    found = None
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if MIME in output.get("data", {}):
                found = output["data"][MIME]
    return found


def execute(notebook, lab: str, cwd: Path, timeout: int):
    """Run a copy of the notebook plus a final self_check cell; return the executed copy."""
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell

    notebook = copy.deepcopy(notebook)
    notebook.cells.append(new_code_cell(f"from course.grading import self_check\nimport course\n"
                                        f"self_check(globals(), lab={lab!r})\ncourse.teardown()"))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    env.setdefault("PYSPARK_PYTHON", sys.executable)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", allow_errors=True,
                            interrupt_on_timeout=True, resources={"metadata": {"path": str(cwd)}},
                            extra_arguments=["--IPKernelApp.capture_fd_output=False", "--HistoryManager.enabled=False"])
    log = Path(tempfile.gettempdir()) / f"course-grading-{os.getpid()}.log"  # the kernel's own noise (JVM...)
    try:
        with open(log, "w") as sink:
            client.execute(env=env, stdout=sink, stderr=sink)
    except Exception as error:  # a dead kernel: grade what the notebook produced before it died
        print(f"execution stopped: {type(error).__name__}: {error} (kernel log: {log})", file=sys.stderr)
    else:
        log.unlink(missing_ok=True)
    return notebook


def grade(path: Path, lab: str | None = None, run: bool = True, cwd: Path | None = None, timeout: int = 600,
          save: Path | None = None) -> dict:
    """Grade one notebook; return {"lab", "results", "executed"}. `save`: where to keep the executed copy."""
    import nbformat

    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    lab = lab or detect_lab(notebook, path)
    if run:
        notebook = execute(notebook, lab, Path(cwd or path.parent).resolve(), timeout)
        if save:
            nbformat.write(notebook, save)
    payload = read_results(notebook)
    if payload is None or payload.get("lab") != lab:  # never executed, or the kernel died first
        results = [{"name": c.name, "points": 0.0, "max": c.points, "detail": "no result recorded"}
                   for c in CONTRACTS[lab]]
        payload = {"lab": lab, "results": results}
    return {**payload, "executed": run}


def print_table(path: Path, graded: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    mode = "fresh execution" if graded["executed"] else "outputs read from the notebook (not re-executed)"
    table = Table(title=f"{path.name}: lab {graded['lab']}, {mode}", title_justify="left")
    for column, justify in (("#", "right"), ("check", "left"), ("points", "right"), ("detail", "left")):
        table.add_column(column, justify=justify)
    for number, result in enumerate(graded["results"], 1):
        style = "green" if result["points"] == result["max"] else "red" if result["points"] == 0 else "yellow"
        table.add_row(str(number), result["name"], f"[{style}]{result['points']:g} / {result['max']}[/]",
                      result["detail"])
    table.add_section()
    table.add_row("", "[b]total[/]", f"[b]{total(graded['results']).split(' ', 1)[1]}[/]", "")
    Console().print(table)


def main(argv=None) -> int:
    cli = argparse.ArgumentParser(prog="python -m course.grading", description="Grade lab notebooks.")
    cli.add_argument("notebooks", nargs="+", type=Path, metavar="NOTEBOOK")
    cli.add_argument("--lab", choices=sorted(CONTRACTS), help="which lab (default: recognised from the notebook)")
    cli.add_argument("--no-execute", action="store_true", help="read the recorded result instead of executing")
    cli.add_argument("--cwd", type=Path, help="folder to execute in (default: the notebook's folder)")
    cli.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    cli.add_argument("--json", action="store_true", help="print the results as JSON instead of tables")
    cli.add_argument("--save", type=Path, metavar="DIR", help="keep each executed copy as DIR/<name>.graded.ipynb")
    args = cli.parse_args(argv)
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    graded = {str(path): grade(path, args.lab, not args.no_execute, args.cwd, args.timeout,
                               args.save / f"{path.stem}.graded.ipynb" if args.save else None)
              for path in args.notebooks}
    if args.json:
        print(json.dumps(graded, indent=1))
    else:
        for path, result in graded.items():
            print_table(Path(path), result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
