"""Lab 22, Dask in practice: its checks.

References are recomputed from what the notebook provides (its data folder, its simulation, its performance
report), so the checks hold for any data size and any cluster. Details say what is right or what to look at,
never the expected value.
"""

import re
from pathlib import Path

from course.grading.contract import check, choice, close

LAB = "22_dask_practice"
DIRT_KEYS = ("missing_dropoff", "zero_pickup", "bad_fare", "bad_passengers")


def clean_fares(df):
    """The lab's reference rule (exercise 3): a fare in FARE_RANGE and 1 to 6 passengers."""
    from course import taxi  # pandas and pyarrow: loaded by grading, never by a build that only reads the key

    low, high = taxi.FARE_RANGE
    return df[(df.fare_amount > low) & (df.fare_amount <= high) & df.passenger_count.between(*taxi.PASSENGER_RANGE)]


def data_reference(ctx) -> dict:
    """Partitions, dirt counts and the two groupby results, computed with Dask from the lab's Parquet folder."""
    import dask
    import dask.dataframe as dd

    from course import taxi

    raw = dd.read_parquet(ctx["PARQUET_DIR"])
    low, high = taxi.FARE_RANGE
    masks = {
        "missing_dropoff": raw.dropoff_longitude.isna(),
        "zero_pickup": (raw.pickup_longitude == 0) & (raw.pickup_latitude == 0),
        "bad_fare": (raw.fare_amount <= low) | (raw.fare_amount > high),
        "bad_passengers": ~raw.passenger_count.between(*taxi.PASSENGER_RANGE),
    }
    fares = clean_fares(raw)
    hours = fares.groupby(fares.pickup_datetime.dt.hour).fare_amount.agg(["mean", "count"])
    passengers = fares.groupby("passenger_count").fare_amount.mean()
    *dirt, hours, passengers, kept = dask.compute(*(mask.sum() for mask in masks.values()), hours, passengers,
                                                  fares.shape[0])
    return {"partitions": raw.npartitions, "dirt": dict(zip(masks, map(int, dirt))), "hours": hours.sort_index(),
            "passengers": passengers.sort_index(), "clean_rows": int(kept)}


@check(LAB, "trips, n_partitions", 1)
def check_trips(ctx):
    import dask.dataframe as dd

    from course import taxi

    frame, given = ctx["trips"], ctx["n_partitions"]
    if not isinstance(frame, dd.DataFrame):
        return 0, f"trips is a {type(frame).__name__}, not a Dask DataFrame"
    if list(frame.columns) != list(taxi.COLUMNS):
        return 0, "trips should hold every column of the Parquet files"
    expected = ctx.reference("data", data_reference)["partitions"]
    if frame.npartitions != expected or int(given) != expected:
        return 0, "wrong number of partitions: read the Parquet folder as it is, without repartitioning"
    return 1, "right"


choice(LAB, "q_npartitions", "b")


@check(LAB, "dirt_counts", 2)
def check_dirt(ctx):
    given = ctx["dirt_counts"]
    if not isinstance(given, dict) or set(given) != set(DIRT_KEYS):
        return 0, f"a dict with the keys {', '.join(DIRT_KEYS)}"
    expected = ctx.reference("data", data_reference)["dirt"]
    wrong = [key for key in DIRT_KEYS if int(given[key]) != expected[key]]
    if not wrong:
        return 2, "the four counts are right"
    return (1 if len(wrong) <= 2 else 0), f"wrong: {', '.join(wrong)}"


@check(LAB, "clean_fares", 2)
def check_clean_fares(ctx):
    import dask.dataframe as dd

    from course import taxi

    function = ctx["clean_fares"]
    probe = taxi.generate(20_000, seed=2024)
    expected = set(clean_fares(probe).key)
    wrong = len(set(function(probe.copy()).key) ^ expected)
    if wrong:
        return (1 if wrong <= 0.01 * len(probe) else 0), f"{wrong} rows of a 20,000-row probe kept or dropped wrongly"
    lazy = function(dd.from_pandas(probe, npartitions=2))
    if not isinstance(lazy, dd.DataFrame) or set(lazy.key.compute()) != expected:
        return 1, "right on pandas, but not on a Dask DataFrame"
    return 2, "keeps exactly the clean rows, pandas and Dask"


@check(LAB, "fare_by_hour, fare_by_passengers", 2)
def check_groupbys(ctx):
    import numpy as np

    hours, passengers = ctx["fare_by_hour"], ctx["fare_by_passengers"]
    ref = ctx.reference("data", data_reference)
    earned, notes = 0, []
    try:
        hours = hours.sort_index()
        ok = list(hours.index) == list(ref["hours"].index) and \
            np.allclose(hours["mean_fare"].to_numpy(float), ref["hours"]["mean"].to_numpy(float)) and \
            np.array_equal(hours["trips"].to_numpy(int), ref["hours"]["count"].to_numpy(int))
    except (KeyError, AttributeError, TypeError, ValueError):
        ok = False
    earned += ok
    notes.append("fare_by_hour right" if ok else "fare_by_hour wrong (clean trips? columns mean_fare and trips?)")
    try:
        passengers = passengers.sort_index()
        ok = list(passengers.index) == list(ref["passengers"].index) and \
            np.allclose(passengers.to_numpy(float), ref["passengers"].to_numpy(float))
    except (AttributeError, TypeError, ValueError):
        ok = False
    earned += ok
    notes.append("fare_by_passengers right" if ok else "fare_by_passengers wrong (clean trips? mean fare?)")
    return earned, "; ".join(notes)


choice(LAB, "q_groupby", "b")


@check(LAB, "pixel_chunks, by_pixel", 1)
def check_chunks(ctx):
    import dask.array as da
    import numpy as np

    chunks, array = ctx["pixel_chunks"], ctx["by_pixel"]
    images, days = ctx["images"], ctx["DAYS"]
    if not isinstance(array, da.Array) or array.shape != images.shape:
        return 0, "by_pixel must be the images array, rechunked"
    if tuple(array.chunksize) != tuple(chunks):
        return 0, "by_pixel is not chunked as pixel_chunks says"
    if array.chunks[0] != (days,):
        return 0, "a chunk must hold the whole time axis"
    if not 2 <= array.npartitions <= 16:
        return 0, f"{array.npartitions} chunks: the exercise asks for 4"
    window = (slice(None), slice(0, 3), slice(0, 3))
    if not np.array_equal(array[window].compute(), images[window].compute()):
        return 0, "by_pixel holds other values than images"
    return 1, f"{array.npartitions} chunks, whole time axis"


@check(LAB, "t_by_image, t_by_pixel, chunk_speedup", 1)
def check_chunk_times(ctx):
    slow, fast, speedup = float(ctx["t_by_image"]), float(ctx["t_by_pixel"]), float(ctx["chunk_speedup"])
    if min(slow, fast) <= 0 or not close(speedup, slow / fast, 1e-6):
        return 0, "chunk_speedup must be t_by_image / t_by_pixel, both in seconds"
    if speedup < 1.5:
        return 0, f"measured {speedup:.1f}x: time the same std(axis=0) on both arrays, persisted first"
    return 1, f"measured {speedup:.1f}x"


choice(LAB, "q_chunks", "b")


def plan_reference(ctx):
    """PLAN evaluated sequentially with the notebook's own simulation."""
    simulate, demand, plan, seeds = ctx["simulate_rank"], ctx["DEMAND"], ctx["PLAN"], ctx["SEEDS"]
    return {period: sum(simulate(rate, plan[period], seed=seed) for seed in seeds) / len(seeds)
            for period, rate in demand.items()}


def fleet_reference(ctx):
    """The smallest fleet per period, searched sequentially with the notebook's own simulation."""
    simulate, first_guess = ctx["simulate_rank"], ctx["first_guess"]
    fleets = {}
    for period, rate in ctx["DEMAND"].items():
        taxis = first_guess(rate)
        while simulate(rate, taxis) >= ctx["TARGET_WAIT"]:
            taxis += ctx["STEP"]
        fleets[period] = taxis
    return fleets


@check(LAB, "plan_graph, plan_waits", 2)
def check_plan(ctx):
    from dask.delayed import Delayed

    graph, waits = ctx["plan_graph"], ctx["plan_waits"]
    demand, seeds = ctx["DEMAND"], ctx["SEEDS"]
    graph_ok = isinstance(graph, Delayed) and len(graph.__dask_graph__()) >= len(demand) * (len(seeds) + 1) + 1
    expected = plan_reference(ctx)
    try:
        values_ok = set(waits.index) == set(expected) and all(close(waits[p], expected[p], 1e-9) for p in expected)
    except (AttributeError, TypeError, KeyError):
        values_ok = False
    notes = ["graph right" if graph_ok else "plan_graph is not one Delayed graph of every simulation",
             "plan_waits right" if values_ok else "plan_waits differs from PLAN's mean waits over SEEDS"]
    return int(graph_ok) + int(values_ok), "; ".join(notes)


@check(LAB, "fleet_needed", 2)
def check_fleet(ctx):
    given = ctx["fleet_needed"]
    expected = ctx.reference("fleet", fleet_reference)
    if not isinstance(given, dict) or set(given) != set(expected):
        return 0, "a dict with one fleet size per period of DEMAND"
    wrong = [period for period in expected if int(given[period]) != expected[period]]
    if not wrong:
        return 2, "the four fleets are right"
    return (1 if len(wrong) <= 2 else 0), f"wrong for: {', '.join(wrong)} (start from first_guess, add STEP)"


choice(LAB, "q_futures", "b")


@check(LAB, "persisted, t_recompute, t_persisted", 2)
def check_persist(ctx):
    import dask.dataframe as dd
    from distributed import futures_of

    frame, slow, fast = ctx["persisted"], float(ctx["t_recompute"]), float(ctx["t_persisted"])
    if not isinstance(frame, dd.DataFrame) or not futures_of(frame):
        return 0, "persisted must be csv_fares.persist(): a Dask DataFrame held on the workers"
    rows_ok = len(frame) == ctx.reference("data", data_reference)["clean_rows"]
    faster = 0 < fast < slow
    notes = ["clean CSV trips" if rows_ok else "persisted is not clean_fares of the CSV files",
             f"persisted {slow / fast:.0f}x faster" if faster else "t_persisted should be below t_recompute"]
    return int(rows_ok) + int(faster), "; ".join(notes)


choice(LAB, "q_persist", "b")


@check(LAB, "scaling, partition_times", 2)
def check_scaling(ctx):
    import pandas as pd

    table, parts = ctx["scaling"], ctx["partition_times"]
    scaling_ok = isinstance(table, pd.DataFrame) and {"workers", "threads_per_worker", "seconds"} <= set(table) \
        and {(1, 1), (2, 1), (1, 2), (2, 2)} <= set(zip(table.workers, table.threads_per_worker)) \
        and bool((table.seconds > 0).all())
    parts_ok = isinstance(parts, pd.Series) and {2, 8, 32, 128} <= set(parts.index) and bool((parts > 0).all())
    notes = ["scaling complete" if scaling_ok else "scaling needs workers, threads_per_worker, seconds for 4 setups",
             "partition_times complete" if parts_ok else "partition_times needs 2, 8, 32 and 128 partitions"]
    return int(scaling_ok) + int(parts_ok), "; ".join(notes)


@check(LAB, "scaling_answer", 1)
def check_answer(ctx):
    words = len(str(ctx["scaling_answer"]).split())
    return (1, f"answered ({words} words), read by the instructor") if words >= 60 else \
        (0, f"{words} words: explain your numbers in at least 60")


def report_summary(ctx) -> dict:
    """The counts the performance report's Summary tab shows, read from the report file itself."""
    text = Path(ctx["REPORT"]).read_text()
    found = {name: re.search(pattern, text) for name, pattern in
             (("tasks", r"number of tasks: (\d+)"), ("workers", r"Workers: (\d+)"))}
    return {name: int(match.group(1)) for name, match in found.items() if match}


@check(LAB, "report_workers", 1)
def check_report_workers(ctx):
    given = int(ctx["report_workers"])
    return (1, "right") if given == ctx.reference("report", report_summary).get("workers") else \
        (0, "not what the Summary tab says")


@check(LAB, "report_tasks", 1)
def check_report_tasks(ctx):
    given = int(ctx["report_tasks"])
    return (1, "right") if given == ctx.reference("report", report_summary).get("tasks") else \
        (0, "not what the Summary tab says")


def prefix(name) -> str:
    return str(name).strip().strip("'\"").lower().replace("_", "-")


@check(LAB, "report_slowest", 1)
def check_report_slowest(ctx):
    from dask.utils import key_split

    given = prefix(ctx["report_slowest"])
    spent = {}
    for task in ctx["report_stream"].data:
        for part in task["startstops"]:
            if part["action"] == "compute":
                name = prefix(key_split(task["key"]))
                spent[name] = spent.get(name, 0.0) + part["stop"] - part["start"]
    if not spent:
        return 0, "the report recorded no task"
    return (1, "right") if given == max(spent, key=spent.get) else \
        (0, "not the prefix with the most time: hover over the bars of the Task Stream")

