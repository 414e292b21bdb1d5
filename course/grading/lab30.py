"""Lab 30, the graded evaluation: its reference cleaning and features, and its checks."""

from typing import Callable

from course import taxi
from course.grading.contract import check, choice, close

FEATURES = ["abs_diff_longitude", "abs_diff_latitude", "distance", "year", "passenger_count"]
RMSE_LIMITS = {"linear": 5.0, "sgd": 5.0, "forest": 3.8}  # USD; the solution reaches ~4.2, ~4.3 and ~3.2


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
