"""Lab 30, the graded evaluation: its public contract. Which names the lab asks for, how each answer is observed
as plain data, and format hints for the student's self-check. No reference, answer or rubric: those are sealed
with the lab (see course.grading.sealed) and scored by the instructor's grader."""

from course.grading.graded import GRADED, Contract, Item

LAB = "30_evaluation"
FEATURES = ["abs_diff_longitude", "abs_diff_latitude", "distance_km", "year", "hour", "passenger_count"]


def one_letter(options: int):
    letters = {chr(97 + n) for n in range(options)}
    return lambda value: "" if str(value).strip().lower() in letters else f"one letter among {sorted(letters)}"


def letters(options: int):
    allowed = {chr(97 + n) for n in range(options)}

    def hint(value):
        ok = isinstance(value, (set, frozenset)) and {str(v).strip().lower() for v in value} <= allowed
        return "" if ok else f"a set of letters among {sorted(allowed)}, for instance {{'a'}}"
    return hint


def number(value):
    return "" if isinstance(value, (int, float)) and not isinstance(value, bool) or hasattr(value, "item") \
        else f"a number, not a {type(value).__name__}"


def text(words: int):
    return lambda value: "" if isinstance(value, str) and len(value.split()) >= words else \
        f"a few sentences in a string ({words} words at least)"


def series(value):
    return "" if hasattr(value, "to_dict") and hasattr(value, "index") else "a pandas Series"


def function(value):
    return "" if callable(value) else "a function"


def dask_frame(value):
    return "" if type(value).__module__.startswith("dask") and hasattr(value, "npartitions") else \
        "a Dask DataFrame"


def fitted(value):
    return "" if hasattr(value, "predict") else "a fitted model (it has .predict)"


def frame_facts(namespace, inputs):
    frame = namespace["taxi_df"]
    return {"module": type(frame).__module__, "type": type(frame).__name__, "columns": list(frame.columns),
            "npartitions": int(frame.npartitions)}


def probe(inputs, name):
    import pandas as pd

    return pd.read_parquet(inputs / f"{name}.parquet")


def kept_keys(namespace, inputs):
    return {"keys": sorted(str(key) for key in namespace["clean_taxi"](probe(inputs, "probe_raw")).key)}


def feature_columns(namespace, inputs):
    import numpy as np

    frame = namespace["add_features"](probe(inputs, "probe_clean"))
    found = {name: np.asarray(frame[name], dtype="float64") for name in FEATURES if name in frame}
    return {"columns": sorted(found), **found}


def clean_facts(namespace, inputs):
    frame = namespace["clean_df"]
    return {"module": type(frame).__module__, "n_clean": int(namespace["n_clean"])}


def summary_facts(namespace, inputs):
    summary = namespace["summary"]
    return {"columns": [str(c) for c in summary.columns], "count": float(summary.loc["count", "fare_amount"])}


def input_matrix(namespace, inputs):
    import dask.dataframe as dd
    import numpy as np

    X, y = namespace["get_input_matrix"](dd.from_pandas(probe(inputs, "probe_features"), npartitions=2))
    return {"module": type(X).__module__, "X": np.asarray(X.compute() if hasattr(X, "compute") else X),
            "y": np.asarray(y.compute() if hasattr(y, "compute") else y)}


def model(model_name: str, rmse_name: str):
    """A model's kind and its predictions on the grader's held-out inputs, with the student's own RMSE."""
    def observe(namespace, inputs):
        import numpy as np

        fitted_model = namespace[model_name]
        best = getattr(fitted_model, "best_estimator_", None)
        final = best.steps[-1][1] if hasattr(best, "steps") else best
        return {"module": type(fitted_model).__module__, "type": type(fitted_model).__name__,
                "best": type(final).__name__ if final is not None else "",
                "rmse": float(namespace[rmse_name]) if rmse_name in namespace else None,
                "prediction": np.asarray(fitted_model.predict(np.load(inputs / "holdout_X.npy")), dtype="float64")}
    return observe


GRADED[LAB] = Contract(LAB, params=("STUDENT_ID", "SEED", "ROWS", "TEST_ROWS", "PARTITION_ROWS"), items=[
    Item("bytes_per_row", 1, looks_right=number),
    Item("taxi_df", 1, observe=frame_facts, looks_right=dask_frame),
    Item("q_lazy", 1, kind="choice", options=3, looks_right=one_letter(3)),
    Item("q_partitions", 1, kind="choice", options=3, looks_right=one_letter(3)),
    Item("n_rows", 1, looks_right=number),
    Item("q_len", 1, kind="choice", options=3, looks_right=one_letter(3)),
    Item("mean_fare_by_passengers", 1, looks_right=series),
    Item("q_persist", 1, kind="choice", options=3, looks_right=one_letter(3)),
    Item("w_persist", 2, kind="written", looks_right=text(25)),
    Item("null_counts", 1, looks_right=series),
    Item("q_dirt", 1, kind="choice", options=5, several=True, looks_right=letters(5)),
    Item("clean_taxi", 2, observe=kept_keys, looks_right=function),
    Item("clean_df", 1, observe=clean_facts, looks_right=dask_frame),
    Item("add_features", 2, observe=feature_columns, looks_right=function),
    Item("summary", 1, observe=summary_facts, looks_right=lambda v: "" if hasattr(v, "loc") else "a DataFrame"),
    Item("get_input_matrix", 1, observe=input_matrix, looks_right=function),
    Item("lr", 2, observe=model("lr", "rmse_linear"), looks_right=fitted),
    Item("grid_search", 1, observe=model("grid_search", "rmse_grid"), looks_right=fitted),
    Item("dask_search", 1, observe=model("dask_search", "rmse_dask_search"), looks_right=fitted),
    Item("forest_search", 1, observe=model("forest_search", "rmse_forest"), looks_right=fitted),
    Item("w_forest", 2, kind="written", looks_right=text(25)),
])
