# ---
# jupyter:
#   course:
#     title: Dask in practice
#     day: 3
#     slot: 14:00-17:15
#     alone: true
#     summary: "Dask DataFrames, arrays and chunks, delayed and futures, persist, a scaling experiment, a performance report"
#     publish: [reports/22_csv_pipeline.html]
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Dask in practice
#
# Deck 22 showed what Dask is; this lab makes you use it, measure it and explain what you measured: Dask
# DataFrames on generated New York taxi trips, chunked arrays, `dask.delayed` and futures for work that is
# not a table, `persist`, a scaling experiment and a performance report. The data are generated next to the
# notebook, in `data/taxi/practice/` (about 35 MB with the default size); nothing is downloaded.
#
# **Against a real Dask cluster**: set `DASK_SCHEDULER_ADDRESS=tcp://scheduler:8786` before starting Jupyter.
# The workers then read the data themselves, so they must see the same files: point `TAXI_DATA` at a shared
# folder or an object-store URI (`s3://bucket/taxi`). `TAXI_ROWS` and `TAXI_PARTITION_ROWS` make the data
# larger (for instance `TAXI_ROWS=20M TAXI_PARTITION_ROWS=1M`). Part 5 measures *this* machine: it starts
# small local clusters of its own whatever the address says.
#
# The defaults (200,000 trips in 8 files) run the whole notebook in about a minute on two cores.
#
# **How you are graded.** Each exercise asks you to define a variable or a function with a **fixed name**.
# Write your answer in the cell marked `# your code here`, then run the cell after it: it checks what it can
# and tells you what is missing. The last cell shows your score; the instructor runs the same checks with
# `python -m course.grading this_notebook.ipynb`, which executes the notebook from the top.
#
# | name | what | points |
# |---|---|---|
# | `trips`, `n_partitions` | the trips read lazily from Parquet, and their number of partitions | 1 |
# | `q_npartitions`, `q_groupby`, `q_chunks`, `q_futures`, `q_persist` | one letter each: your answer | 5 |
# | `dirt_counts` | dict: number of rows with each kind of dirt, computed in one pass | 2 |
# | `clean_fares(df)` | function keeping the trips with a valid fare and passenger count | 2 |
# | `fare_by_hour`, `fare_by_passengers` | pandas results of two groupby aggregations, computed together | 2 |
# | `pixel_chunks`, `by_pixel` | a chunking of the image stack that suits a per-pixel computation | 1 |
# | `t_by_image`, `t_by_pixel`, `chunk_speedup` | the measured times of that computation, both chunkings | 1 |
# | `plan_graph`, `plan_waits` | a `dask.delayed` graph of simulations, and its result | 2 |
# | `fleet_needed` | dict: smallest fleet per period, found with futures and `as_completed` | 2 |
# | `persisted`, `t_recompute`, `t_persisted` | persisted clean trips, times without and with `persist` | 2 |
# | `scaling`, `partition_times` | the two tables of the scaling experiment | 2 |
# | `scaling_answer` | your explanation of the scaling results (text, at least 60 words) | 1 |
# | `report_workers`, `report_tasks`, `report_slowest` | read from the performance report | 3 |

# %% [markdown] tags=["instructor"]
# Instructor note: part 1 (DataFrames) 40 min, part 2 (arrays and chunks) 25, part 3
# (delayed and futures) 35, part 4 (persist) 15, part 5 (scaling) 30, part 6 (performance report) 20. Ask the
# students to keep the dashboard (`client.dashboard_link`) open in a second tab the whole time. Every timing
# depends on the machine: in the discussion, ask for explanations of *their* numbers, not of the solution's.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 0. Setup: parameters, cluster and data
#
# Nothing to write here: run the cells. The parameters come from environment variables so that the same
# notebook runs small on a laptop and large on a cluster.

# %%
import heapq
import math
import os
import random
import statistics
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

import dask
import dask.array as da
import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask import delayed
from dask.delayed import Delayed
from distributed import Client, LocalCluster, as_completed, futures_of, get_task_stream, performance_report, wait

from course import dask_client, taxi

warnings.filterwarnings("ignore", message=".*Sending large graph.*")
ROWS = taxi.parse_rows(os.environ.get("TAXI_ROWS", "200_000"))  # trips
PARTITION_ROWS = taxi.parse_rows(os.environ.get("TAXI_PARTITION_ROWS", "25_000"))  # trips per file
DATA = os.environ.get("TAXI_DATA", "data/taxi")  # a folder, a shared folder or an s3://... URI
TRIPS_DIR = f"{DATA}/practice"
PARQUET_DIR, CSV_FILES = f"{TRIPS_DIR}/parquet", f"{TRIPS_DIR}/csv/*.csv"
REPORTS = Path("reports")  # the performance report is written here, next to the notebook
REPORTS.mkdir(exist_ok=True)
CORES = os.cpu_count()
DATE_FORMAT = "%Y-%m-%d %H:%M:%S UTC"  # how the CSV files write pickup_datetime: parsing with it is fast


def timed(function, repeats=3, on=None):
    """Median wall time of `repeats` calls of `function()`, in seconds: one run alone is too noisy. Every run
    starts from scratch: before the next one, the Dask client `on` (the notebook's by default) has told the
    scheduler to forget the last result, which an identical computation would otherwise reuse at once."""
    client = on or dask_client()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
        client.who_has()  # a round trip through the client: the release of the last result is on its way
    return statistics.median(times)


def need(*names):
    """Stop a check cell with a hint when the exercise above it has no answer yet."""
    missing = [name for name in names if name not in globals()]
    assert not missing, f"define {', '.join(missing)} in the exercise cell above, then run this cell again"


print(f"{ROWS:,} trips in files of {PARTITION_ROWS:,} under {TRIPS_DIR}; this machine has {CORES} cores")

# %%
# %load_ext course.timeline
client = dask_client()
print(f"{len(client.scheduler_info()['workers'])} workers, {sum(client.nthreads().values())} threads; "
      f"dashboard: {client.dashboard_link}")

# %% [markdown]
# The generator `course.taxi` writes trips shaped like the Kaggle "New York City Taxi Fare Prediction" data, in
# Parquet and in CSV, one file per partition. A second run finds the files already there and returns at once.

# %%
start = time.perf_counter()
manifest = taxi.write_dataset(TRIPS_DIR, ROWS, partition_rows=PARTITION_ROWS, seed=22, progress=ROWS >= 5_000_000)
print(f"{manifest['partitions']} files per format, ready in {time.perf_counter() - start:.1f} s")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Dask DataFrame: partitions, dirt, groupby
#
# **Exercise 1.** Define **`trips`** by reading the Parquet folder `PARQUET_DIR` with `dd.read_parquet`, and
# **`n_partitions`**, its number of partitions. Print the number of rows of each partition
# (`trips.map_partitions(len).compute()`).

# %% tags=["solution"]
trips = dd.read_parquet(PARQUET_DIR)
n_partitions = trips.npartitions
print(n_partitions, "partitions of", trips.map_partitions(len).compute().tolist(), "rows")
trips

# %% tags=["check"]
need("trips", "n_partitions")
assert isinstance(trips, dd.DataFrame), "trips must be a Dask DataFrame (dd.read_parquet), not pandas"
assert n_partitions == trips.npartitions, "n_partitions is trips.npartitions"
print(list(trips.columns))

# %% [markdown]
# **Question 1** (`q_npartitions`). What decided the value of `npartitions` here?
#
# - a. The number of workers: Dask makes one partition per worker.
# - b. The files: each Parquet file is far smaller than the size at which `read_parquet` would split or
#   combine files, so every file became one partition (one pandas DataFrame, one task per step).
# - c. The number of columns.

# %% tags=["solution"]
q_npartitions = "b"  # one file, one partition: the generator wrote ROWS / PARTITION_ROWS files

# %% tags=["check"]
need("q_npartitions")
assert q_npartitions in {"a", "b", "c"}, "one letter: a, b or c"

# %% [markdown] slideshow={"slide_type": "subslide"}
# Real taxi data are dirty, and so are these: the generator documents the kinds of dirt it mixes in, at
# which rates, and what counts as clean.

# %%
print(pd.Series(taxi.DIRT, name="share of rows").to_string())
print("clean fares:", taxi.FARE_RANGE, "(USD, lower bound excluded); clean passenger counts:",
      taxi.PASSENGER_RANGE)

# %% [markdown]
# **Exercise 2.** Define **`dirt_counts`**, a dict with these four keys and the number of rows of `trips`
# in each case:
#
# - `"missing_dropoff"`: `dropoff_longitude` is missing;
# - `"zero_pickup"`: the pickup is at longitude 0 **and** latitude 0;
# - `"bad_fare"`: `fare_amount` is not in `FARE_RANGE` (that is `<= 0` or `> 250`);
# - `"bad_passengers"`: `passenger_count` is not between 1 and 6.
#
# Build the four counts lazily and compute them **in one call**, `dask.compute(a, b, c, d)`: Dask then reads
# the files once for the four of them. Compare with four separate `.compute()` calls in the dashboard.

# %% tags=["solution"]
low, high = taxi.FARE_RANGE
counts = {
    "missing_dropoff": trips.dropoff_longitude.isna().sum(),
    "zero_pickup": ((trips.pickup_longitude == 0) & (trips.pickup_latitude == 0)).sum(),
    "bad_fare": ((trips.fare_amount <= low) | (trips.fare_amount > high)).sum(),
    "bad_passengers": (~trips.passenger_count.between(*taxi.PASSENGER_RANGE)).sum(),
}
dirt_counts = dict(zip(counts, (int(value) for value in dask.compute(*counts.values()))))
dirt_counts

# %% tags=["check"]
need("dirt_counts")
assert set(dirt_counts) == {"missing_dropoff", "zero_pickup", "bad_fare", "bad_passengers"}, "four keys, spelt as above"
assert all(int(value) > 0 for value in dirt_counts.values()), "every kind of dirt occurs in the data: check each mask"

# %% [markdown]
# **Exercise 3.** Write **`clean_fares(df)`**, which returns the rows of `df` whose fare is in `FARE_RANGE`
# (above 0, at most 250) and whose passenger count is between 1 and 6, for a pandas **and** a Dask DataFrame
# (boolean masks work for both). The coordinates do not matter in this lab: do not filter on them.

# %% tags=["solution"]
def clean_fares(df):
    """Trips with a plausible fare and passenger count, pandas or Dask."""
    low, high = taxi.FARE_RANGE
    return df[(df.fare_amount > low) & (df.fare_amount <= high) & df.passenger_count.between(*taxi.PASSENGER_RANGE)]

# %% tags=["check"]
need("clean_fares")
probe = taxi.generate(5_000, seed=7)
kept = clean_fares(probe)
assert isinstance(kept, pd.DataFrame) and list(kept.columns) == list(probe.columns), "keep all the columns"
assert kept.fare_amount.gt(0).all() and kept.passenger_count.between(1, 6).all(), "some dirty rows are still there"
assert isinstance(clean_fares(trips), dd.DataFrame), "the same function must work on the Dask DataFrame"
print(f"kept {len(kept):,} of {len(probe):,} probe rows")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Exercise 4.** On `clean_fares(trips)`, build two lazy groupby aggregations and compute them **together**
# with one `dask.compute`:
#
# - **`fare_by_hour`**: a pandas DataFrame indexed by the pickup hour (0 to 23, from
#   `pickup_datetime.dt.hour`), with two columns, `mean_fare` (mean `fare_amount`) and `trips` (number of
#   trips), sorted by hour (`.agg(["mean", "count"])`, then rename the columns);
# - **`fare_by_passengers`**: a pandas Series, the mean `fare_amount` per `passenger_count`, sorted.
#
# Read only the three columns you need (`dd.read_parquet(..., columns=[...])`, or select them): with Parquet,
# Dask then never reads the others from disk.

# %% tags=["solution"]
fares = clean_fares(dd.read_parquet(PARQUET_DIR, columns=["pickup_datetime", "fare_amount", "passenger_count"]))
by_hour = fares.groupby(fares.pickup_datetime.dt.hour).fare_amount.agg(["mean", "count"])
by_passengers = fares.groupby("passenger_count").fare_amount.mean()
fare_by_hour, fare_by_passengers = dask.compute(by_hour, by_passengers)
fare_by_hour = fare_by_hour.rename(columns={"mean": "mean_fare", "count": "trips"}).sort_index()
fare_by_passengers = fare_by_passengers.sort_index()
fare_by_passengers.round(2)

# %% tags=["check"]
need("fare_by_hour", "fare_by_passengers")
assert isinstance(fare_by_hour, pd.DataFrame) and list(fare_by_hour.index) == list(range(24)), \
    "one row per hour, 0 to 23, sorted"
assert {"mean_fare", "trips"} <= set(fare_by_hour.columns), "columns mean_fare and trips"
assert isinstance(fare_by_passengers, pd.Series) and list(fare_by_passengers.index) == [1, 2, 3, 4, 5, 6], \
    "one value per passenger count, 1 to 6, on the clean trips"
ax = fare_by_hour.mean_fare.plot.bar(figsize=(9, 3), color="#60a5fa", title="Mean fare by pickup hour")
ax.set(xlabel="pickup hour (UTC in the generator)", ylabel="USD");

# %% [markdown]
# The fares are higher in the morning and evening rush hours: the generator's taxis crawl at 14 km/h then
# instead of 22, and the meter charges for time.
#
# **Question 2** (`q_groupby`). How did Dask compute the mean fare per hour over 8 partitions?
#
# - a. It sent all the rows to one worker, which ran the pandas groupby.
# - b. Each partition computed, per hour, a partial sum and count; then a few small tasks combined those
#   partial results into the means (the same idea as a MapReduce combiner).
# - c. It first sorted the whole data set by hour.

# %% tags=["solution"]
q_groupby = "b"  # per-partition chunk step, then a tree reduction of the small partial results

# %% tags=["check"]
need("q_groupby")
assert q_groupby in {"a", "b", "c"}, "one letter: a, b or c"

# %% [markdown] tags=["instructor"]
# Instructor note: have students print `by_hour.optimize().pprint()` (or `.explain()`) to see the
# per-partition chunk step and the tree reduction, and the Parquet reader that asks for three columns only.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Dask arrays: a chunking that matters
#
# A satellite takes one image a day. A year of 200 x 200 images is a 3-D array `(day, y, x)`. Read file by
# file, it naturally comes in **one chunk per image**. Here it is, persisted on the workers (random values
# stand for the pixels):

# %%
DAYS, NY, NX = 365, 200, 200
images = da.random.default_rng(22).random((DAYS, NY, NX), chunks=(1, NY, NX), dtype="float32").persist()
wait(images)
print(f"{images.nbytes / 2**20:.0f} MiB in {images.npartitions} chunks of "
      f"{images.nbytes / images.npartitions / 2**10:.0f} KiB")
images

# %% [markdown]
# We want a per-pixel statistic over time: the standard deviation of each pixel across the 365 days,
# `images.std(axis=0)`, a 200 x 200 result.
#
# **Exercise 5.** Measure it with the helper `timed` (median of 3 runs) and define:
#
# - **`t_by_image`**: seconds for `images.std(axis=0).compute()`;
# - **`pixel_chunks`**: a chunking (a tuple of 3 ints) that keeps the **whole time axis in every chunk** and
#   makes 4 chunks in all;
# - **`by_pixel`**: `images` rechunked to `pixel_chunks` and persisted (`wait` for it; print how long the
#   rechunk took);
# - **`t_by_pixel`**: seconds for the same standard deviation on `by_pixel`;
# - **`chunk_speedup`** = `t_by_image / t_by_pixel`.
#
# Print the number of tasks of each graph too: `len(images.std(axis=0).__dask_graph__())`.

# %% tags=["solution"]
t_by_image = timed(lambda: images.std(axis=0).compute())
pixel_chunks = (DAYS, NY // 2, NX // 2)
start = time.perf_counter()
by_pixel = images.rechunk(pixel_chunks).persist()
wait(by_pixel)
print(f"rechunk once: {time.perf_counter() - start:.2f} s")
t_by_pixel = timed(lambda: by_pixel.std(axis=0).compute())
chunk_speedup = t_by_image / t_by_pixel
for name, array, seconds in (("by image", images, t_by_image), ("by pixel", by_pixel, t_by_pixel)):
    print(f"{name}: {array.npartitions:>3} chunks, {len(array.std(axis=0).__dask_graph__()):>4} tasks, {seconds:.2f} s")
print(f"per-pixel chunks: {chunk_speedup:.1f}x faster (median of 3, {CORES} cores)")

# %% tags=["check"]
need("pixel_chunks", "by_pixel", "t_by_image", "t_by_pixel", "chunk_speedup")
assert by_pixel.chunks[0] == (DAYS,), "each chunk must hold the whole time axis: the first chunk size is DAYS"
assert by_pixel.npartitions == 4, "4 chunks in all: split y and x in two"
assert math.isclose(chunk_speedup, t_by_image / t_by_pixel), "chunk_speedup = t_by_image / t_by_pixel"
print(f"{chunk_speedup:.1f}x")

# %% [markdown]
# **Question 3** (`q_chunks`). Why is the computation on one-image chunks several times slower, on the same
# data and the same workers?
#
# - a. `float32` arithmetic is slow on small chunks.
# - b. 365 chunks of 156 KiB make a graph of hundreds of tiny tasks (a partial result per image, then a tree
#   of combinations): each does microseconds of arithmetic and costs the scheduler up to a millisecond, so the
#   overhead dominates. With the time axis in one chunk, 4 tasks each reduce their pixels' whole series.
# - c. The one-image chunks do not fit in the workers' memory.
#
# The rechunk itself is an all-to-all exchange: pay it once, persist, then compute on the good chunks. Best is
# to write the data in the right chunks in the first place (deck 22, Zarr).

# %% tags=["solution"]
q_chunks = "b"  # many tiny tasks: scheduling overhead; rule of thumb: chunks of ~100 MB, tasks of >= 100 ms

# %% tags=["check"]
need("q_chunks")
assert q_chunks in {"a", "b", "c"}, "one letter: a, b or c"

# %% [markdown]
# **Watch it.** A cell whose first line is `%%timeline` (loaded by `%load_ext course.timeline` in part 0) runs
# as usual, then draws what the workers did meanwhile: one lane per worker thread, one bar per task coloured by
# its name, and the parallelism achieved. The same statistic on one-image chunks, then on chunks of whole time
# series (another chunking with the time axis whole, rechunked beforehand so that only the statistic is drawn):

# %%
# %%timeline
images.std(axis=0).compute()

# %%
whole_series = images.rechunk((DAYS, NY, NX // 4)).persist()
wait(whole_series)

# %%
# %%timeline
whole_series.std(axis=0).compute()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Work that is not a table: `dask.delayed` and futures
#
# How many cabs does a taxi rank at the airport need so that passengers wait less than two minutes on
# average? A small simulation answers it: passengers arrive at random, take the first cab back at the rank,
# and each trip takes the cab away for 30 minutes on average. It is pure Python, its run time grows with the
# number of passengers, and each answer decides what to simulate next: nothing a DataFrame can express.

# %%
DEMAND = {"night": 20, "midday": 90, "evening": 180, "morning": 240}  # passengers per hour at the rank
TRIP_MINUTES = 30  # a cab is away this long on average
TARGET_WAIT = 2.0  # minutes
STEP = 2  # cabs added at each step of the search
SEEDS = (1, 2, 3)  # replications of a simulation


def simulate_rank(passengers_per_hour, taxis, hours=100, seed=0):
    """Mean wait in minutes of the passengers of a taxi rank served by `taxis` cabs, over `hours` hours."""
    rng = random.Random(seed)
    back_at = [0.0] * taxis  # the minute at which each cab is back at the rank, as a heap
    clock, waits = 0.0, []
    while clock < hours * 60:
        clock += rng.expovariate(passengers_per_hour / 60)  # the next passenger arrives
        departure = max(clock, heapq.heappop(back_at))  # the first cab back takes them
        waits.append(departure - clock)
        heapq.heappush(back_at, departure + rng.gammavariate(3, TRIP_MINUTES / 3))
    return statistics.fmean(waits)


def first_guess(rate):
    """Cabs busy on average (Little's law: arrivals per minute x minutes per trip): fewer can never keep up."""
    return math.ceil(rate * TRIP_MINUTES / 60)


def average(values):
    return statistics.fmean(values)


def as_series(waits):
    return pd.Series(waits, name="mean wait (min)")


PLAN = {period: first_guess(rate) + 4 for period, rate in DEMAND.items()}  # a fleet to evaluate
for period in ("night", "morning"):
    seconds = timed(lambda: simulate_rank(DEMAND[period], PLAN[period]), repeats=1)
    print(f"{period}: {PLAN[period]} cabs, one simulation takes {seconds:.3f} s here")

# %% [markdown]
# **Exercise 6 (`dask.delayed`).** Evaluate `PLAN`: for each period, run `simulate_rank(DEMAND[period],
# PLAN[period], seed=s)` for the three seeds of `SEEDS`, take the `average` of the three waits, and gather the
# four averages with `as_series` (it takes a dict period → wait). Build this as a graph of delayed calls,
# **`plan_graph`** (one `Delayed` object: `delayed(as_series)({...})`), look at it with
# `plan_graph.visualize()`, then compute it once into **`plan_waits`**.

# %% tags=["solution"]
plan_graph = delayed(as_series)({
    period: delayed(average)([delayed(simulate_rank)(rate, PLAN[period], seed=seed) for seed in SEEDS])
    for period, rate in DEMAND.items()})
print(len(plan_graph.__dask_graph__()), "tasks")
plan_waits = plan_graph.compute()
plan_waits.round(2)

# %% tags=["check"]
need("plan_graph", "plan_waits")
assert isinstance(plan_graph, Delayed), "plan_graph is one Delayed object: delayed(as_series)(...)"
assert len(plan_graph.__dask_graph__()) >= len(DEMAND) * (len(SEEDS) + 1) + 1, \
    "the graph needs a task per simulation, one average per period and the final as_series"
assert isinstance(plan_waits, pd.Series) and set(plan_waits.index) == set(DEMAND), "one mean wait per period"

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Exercise 7 (futures).** Now find, for each period, the **smallest fleet** that meets the target: start
# from `first_guess(rate)` cabs, simulate (`seed=0`, the default), and as long as the mean wait is at least
# `TARGET_WAIT`, simulate again with `STEP` more cabs. Run the four periods **at the same time** on the cluster:
#
# - submit the first simulation of every period with `client.submit(simulate_rank, rate, taxis)`, and keep a
#   dict from each future to its `(period, taxis)`;
# - loop over `as_completed(futures)`: it yields each future **as soon as it finishes**, whatever the order of
#   submission; when a wait is too long, `submit` the next simulation of that period and `add` its future to the
#   `as_completed` object;
# - record the answer in **`fleet_needed`**, a dict period → number of cabs. Print the order in which the
#   results arrived.

# %% tags=["solution"]
fleet_needed, arrivals, pending = {}, [], {}
for period, rate in DEMAND.items():
    pending[client.submit(simulate_rank, rate, first_guess(rate))] = (period, first_guess(rate))
results = as_completed(list(pending))
for future in results:
    period, taxis = pending.pop(future)
    mean_wait = future.result()
    arrivals.append(f"{period} {taxis}: {mean_wait:.1f} min")
    if mean_wait < TARGET_WAIT:
        fleet_needed[period] = taxis
    else:
        following = client.submit(simulate_rank, DEMAND[period], taxis + STEP)
        pending[following] = (period, taxis + STEP)
        results.add(following)
print(" | ".join(arrivals))
fleet_needed

# %% tags=["check"]
need("fleet_needed")
assert set(fleet_needed) == set(DEMAND), "one fleet size per period"
assert all(fleet_needed[period] >= first_guess(rate) for period, rate in DEMAND.items()), \
    "a fleet smaller than first_guess can never keep up"

# %% [markdown]
# The night results arrive first: those simulations have up to twelve times fewer passengers. The search of each period
# is a chain (the next size depends on the last wait), but the four chains run side by side.
#
# **Question 4** (`q_futures`). Why futures here rather than one `dask.delayed` graph, as in exercise 6?
#
# - a. Futures are always faster than delayed.
# - b. The tasks to run depend on results that do not exist when the work starts; futures start at once and
#   let you submit new work as results arrive, which a graph built in advance cannot express.
# - c. `dask.delayed` cannot run on a distributed cluster.

# %% tags=["solution"]
q_futures = "b"  # a dynamic workflow: the graph grows with the results

# %% tags=["check"]
need("q_futures")
assert q_futures in {"a", "b", "c"}, "one letter: a, b or c"

# %% [markdown] tags=["instructor"]
# Instructor note: the wait collapses once the fleet passes the average number of busy cabs (Little's law),
# the classic queueing cliff. Ask students to watch the task stream while exercise 7 runs: short night tasks,
# long morning ones, and new tasks appearing as results come back.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. `persist` or recompute?
#
# A lazy Dask DataFrame is a recipe: every `compute` starts again from the files. CSV makes it expensive,
# every value has to be parsed, dates above all.
#
# **Exercise 8.** Define **`csv_fares`** = `clean_fares` of the CSV files (`dd.read_csv(CSV_FILES,
# usecols=["pickup_datetime", "fare_amount", "passenger_count"], parse_dates=["pickup_datetime"],
# date_format=DATE_FORMAT)`; without the format, pandas guesses it and parses several times slower). Then:
#
# - **`t_recompute`**: seconds for two computations one after the other on `csv_fares`, the mean fare per
#   pickup hour and the number of trips per passenger count (`groupby(...).size()`);
# - **`persisted`** = `csv_fares.persist()`; `wait(persisted)` and print how long that took;
# - **`t_persisted`**: seconds for the same two computations on `persisted`.

# %% tags=["solution"]
csv_fares = clean_fares(dd.read_csv(CSV_FILES, usecols=["pickup_datetime", "fare_amount", "passenger_count"],
                                    parse_dates=["pickup_datetime"], date_format=DATE_FORMAT))


def two_questions(frame):
    frame.groupby(frame.pickup_datetime.dt.hour).fare_amount.mean().compute()
    frame.groupby("passenger_count").size().compute()


t_recompute = timed(lambda: two_questions(csv_fares))
start = time.perf_counter()
persisted = csv_fares.persist()
wait(persisted)
print(f"persist: {time.perf_counter() - start:.2f} s")
t_persisted = timed(lambda: two_questions(persisted))
print(f"two questions from the CSV files: {t_recompute:.2f} s; from worker memory: {t_persisted:.2f} s "
      f"({t_recompute / t_persisted:.0f}x, median of 3, {CORES} cores)")

# %% tags=["check"]
need("csv_fares", "persisted", "t_recompute", "t_persisted")
assert futures_of(persisted), "persisted must come from .persist(): its partitions live on the workers"
assert t_persisted > 0 and t_recompute > 0, "times in seconds"

# %% [markdown]
# **Question 5** (`q_persist`). When is `persist` a bad idea?
#
# - a. When the result is reused by many later computations.
# - b. When the persisted data do not fit in the workers' memory (they spill to disk, or workers die), or when
#   they are used only once: persisting then costs memory and saves nothing.
# - c. Never: persist is always faster.

# %% tags=["solution"]
q_persist = "b"  # persist what is reused, once it is reduced (filtered, cleaned) and fits in memory

# %% tags=["check"]
need("q_persist")
assert q_persist in {"a", "b", "c"}, "one letter: a, b or c"

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. A scaling experiment
#
# Does the same computation get faster with more workers, more threads per worker, more partitions? This part
# measures **this machine**: it starts small local clusters of its own (also when `DASK_SCHEDULER_ADDRESS`
# names a remote cluster, whose size only its own manager can change, for instance `cluster.scale(n)` with the
# Dask Kubernetes operator). The workload is the mean raw fare per pickup hour **read from the CSV files**:
# real parsing work.

# %%
print(f"this machine: {CORES} cores")


def raw_fare_by_hour(blocksize=None):
    """The mean raw fare per pickup hour, from the CSV files (lazy); `blocksize` cuts the files in pieces."""
    frame = dd.read_csv(CSV_FILES, usecols=["pickup_datetime", "fare_amount"], parse_dates=["pickup_datetime"],
                        date_format=DATE_FORMAT, blocksize=blocksize)
    return frame.fare_amount.groupby(frame.pickup_datetime.dt.hour).mean()


@contextmanager
def local_cluster(n_workers, threads_per_worker):
    """A LocalCluster of worker processes and a client of its own (not the notebook's default client)."""
    with LocalCluster(n_workers=n_workers, threads_per_worker=threads_per_worker, memory_limit="1GiB",
                      dashboard_address="127.0.0.1:0", host="127.0.0.1") as cluster, \
            Client(cluster, set_as_default=False) as own_client:
        yield cluster, own_client


def time_on(some_client, collection, repeats=3):
    """Median seconds to compute `collection` on `some_client`."""
    return timed(lambda: some_client.compute(collection).result(), repeats, on=some_client)


# The helpers at work, once, on the notebook's own cluster:
print(f"{len(client.nthreads())} workers, {sum(client.nthreads().values())} threads: "
      f"{time_on(client, raw_fare_by_hour(), repeats=1):.2f} s")

# %% [markdown]
# **Exercise 9.** Fill **`scaling`**, a pandas DataFrame with one row per configuration and the columns
# `workers`, `threads_per_worker` and `seconds` (`time_on(..., raw_fare_by_hour())`), for the four
# configurations 1 x 1, 2 x 1, 1 x 2 and 2 x 2 (workers x threads per worker). To start fewer processes, open
# `local_cluster(1, threads)` once per number of threads and grow it with `cluster.scale(2)` then
# `own_client.wait_for_workers(2)`.

# %% tags=["solution"]
rows = []
for threads in (1, 2):
    with local_cluster(1, threads) as (cluster, own_client):
        for workers in (1, 2):
            cluster.scale(workers)
            own_client.wait_for_workers(workers)
            rows.append({"workers": workers, "threads_per_worker": threads,
                         "seconds": time_on(own_client, raw_fare_by_hour())})
scaling = pd.DataFrame(rows)
scaling["speed-up"] = scaling.seconds.iloc[0] / scaling.seconds
scaling.round(2)

# %% tags=["check"]
need("scaling")
assert isinstance(scaling, pd.DataFrame) and {"workers", "threads_per_worker", "seconds"} <= set(scaling.columns)
assert {(1, 1), (2, 1), (1, 2), (2, 2)} <= set(zip(scaling.workers, scaling.threads_per_worker)), "four configurations"
print(f"{CORES} cores on this machine")

# %% [markdown]
# Now the partitions. The same raw trips, cut into `n` partitions and held in the memory of the notebook's
# cluster:

# %%
def in_partitions(n):
    """The raw passenger counts and fares in `n` partitions, persisted on the workers. (It reads the files
    again each time: repartitioning an already persisted DataFrame failed with this version of Dask.)"""
    frame = dd.read_parquet(PARQUET_DIR, columns=["passenger_count", "fare_amount"]).repartition(npartitions=n)
    frame = frame.persist()
    wait(frame)
    return frame


print(in_partitions(8).npartitions, "partitions")

# %% [markdown]
# **Exercise 10.** Define **`partition_times`**, a pandas Series indexed by the number of partitions 2, 8, 32
# and 128, holding the seconds (`time_on(client, ...)`) of
# `parts.groupby("passenger_count").fare_amount.mean(split_out=1)` where `parts = in_partitions(n)`.
# (`split_out=1` keeps the same algorithm whatever `n`, a tree reduction to one output partition; by default
# Dask switches to a shuffle when a groupby has many input partitions.)

# %% tags=["solution"]
partition_times = {}
for n in (2, 8, 32, 128):
    parts = in_partitions(n)
    partition_times[n] = time_on(client, parts.groupby("passenger_count").fare_amount.mean(split_out=1))
partition_times = pd.Series(partition_times, name="seconds").rename_axis("partitions")
partition_times.round(3)

# %% tags=["check"]
need("partition_times")
assert isinstance(partition_times, pd.Series) and {2, 8, 32, 128} <= set(partition_times.index), \
    "indexed by 2, 8, 32 and 128 partitions"
assert (partition_times > 0).all(), "times in seconds"

# %% [markdown]
# **Exercise 11.** In **`scaling_answer`** (a string, at least 60 words), explain what *your* two tables show,
# with their numbers: what a second worker brought, what a second thread in the same worker brought and why
# (the pandas parser and the GIL), what happened beyond the machine's cores, and why many small partitions cost
# more than a few large ones on the same data. This answer is read by the instructor, not graded automatically.

# %% tags=["solution"]
seconds = scaling.set_index(["workers", "threads_per_worker"]).seconds
worker_gain, thread_gain = seconds[1, 1] / seconds[2, 1], seconds[1, 1] / seconds[1, 2]
beyond_cores, many_parts = seconds[2, 1] / seconds[2, 2], partition_times[128] / partition_times[8]


def how_much(gain):
    return "clearly faster" if gain >= 1.4 else "a little faster" if gain >= 1.1 else "not faster"


if CORES > 2:
    cores_note = f"with {CORES} cores, four threads can run at the same time"
elif beyond_cores < 1.15:
    cores_note = "as expected, since beyond the number of cores extra threads only take turns on the same cores"
else:
    cores_note = ("extra threads only take turns on the same cores, so a gain this large means the machine was "
                  "busier during the runs of 2 x 1 than during those of 2 x 2")


scaling_answer = f"""
A second worker process made the CSV pipeline {how_much(worker_gain)} ({worker_gain:.1f}x). Two processes
parse two files at once, each with its own interpreter and GIL; on {CORES} cores 2x is the ceiling, and the
gain shrinks when other programs use the cores or when the fixed cost of a run (optimising and scheduling the
graph, gathering the result) is a large part of it. A second thread in the same worker was
{how_much(thread_gain)} ({thread_gain:.1f}x), {"about as much as" if abs(thread_gain - worker_gain) < 0.15
else "less than" if thread_gain < worker_gain else "more than"} a second process: threads share one
interpreter, and the parts of read_csv and of the date parsing that hold the GIL run one at a time. Two workers
of two threads, four threads on {CORES} cores, were {how_much(beyond_cores)} than two workers of one thread
({beyond_cores:.1f}x): {cores_note}. With the
data in memory, 128 partitions took {many_parts:.1f} times as long as 8 for the same result: each partition
adds tasks, each task costs the scheduler and a worker about a millisecond whatever its size, and 128
partitions of {ROWS // 128:,} rows give every task almost nothing to do.
"""
print(scaling_answer)

# %% tags=["check"]
need("scaling_answer")
assert isinstance(scaling_answer, str) and len(scaling_answer.split()) >= 60, "at least 60 words, about your numbers"

# %% [markdown] tags=["instructor"]
# Instructor note: on the two-core build machine the solution typically measures about 1.8x for a second
# worker, less for a second thread, nothing more for 2 x 2, and 128 partitions several times slower than 8.
# Numbers vary with the machine and with whatever else runs on it: ask each student to explain their own, and
# to predict what a 16-core laptop or a 50-worker cluster would show.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. Read a performance report
#
# The dashboard shows a computation live; a **performance report** saves the same panels in one HTML file. The
# next cell records the CSV pipeline of part 5 on the notebook's cluster (`mode="inline"` embeds the
# JavaScript, so the file opens offline).

# %%
REPORT = REPORTS / "22_csv_pipeline.html"
with performance_report(filename=REPORT, mode="inline"), get_task_stream() as report_stream:
    raw_fare_by_hour().compute()
print(f"written: {REPORT} ({REPORT.stat().st_size / 2**20:.1f} MiB)")

# %% [markdown]
# Open [reports/22_csv_pipeline.html](reports/22_csv_pipeline.html) in your browser (in JupyterLab: right-click
# the file, *Open in New Browser Tab*). The **Summary** tab gives the duration, the number of tasks and the
# cluster; the **Task Stream** tab has one line per worker thread and one bar per task, coloured by task
# prefix (hover over a bar for its name and duration); **Worker Profile (compute)** shows which functions the
# workers spent their time in.
#
# **Exercise 12.** From the report, define:
#
# - **`report_workers`**: the number of workers of the cluster (int);
# - **`report_tasks`**: the number of tasks the pipeline ran (int);
# - **`report_slowest`**: the task prefix (the name before the hash, such as `"getitem"`) whose tasks took the
#   most time in total (str).

# %% tags=["solution"]
import re  # the solution reads the same numbers by program; you read them in your browser

summary = REPORT.read_text()
report_workers = int(re.search(r"Workers: (\d+)", summary).group(1))  # Summary tab
report_tasks = int(re.search(r"number of tasks: (\d+)", summary).group(1))  # Summary tab
spent = {}  # the Task Stream's bars, added up by prefix (report_stream recorded the same tasks)
for task in report_stream.data:
    for part in task["startstops"]:
        if part["action"] == "compute":
            name = dask.utils.key_split(task["key"])
            spent[name] = spent.get(name, 0) + part["stop"] - part["start"]
report_slowest = max(spent, key=spent.get)
print(report_workers, "workers,", report_tasks, "tasks; longest in total:", report_slowest)

# %% tags=["check"]
need("report_workers", "report_tasks", "report_slowest")
assert isinstance(report_slowest, str) and report_slowest.strip(), "a task prefix, as a string"
assert int(report_workers) > 0 and int(report_tasks) > 0, "counts read from the Summary tab"

# %% [markdown] tags=["instructor"]
# Instructor note: parsing dominates (the read-csv tasks, and in the profile pandas' parser and the datetime
# conversion); the groupby tasks are short. Ask what converting the CSV to Parquet once would change, and
# compare with the Parquet timings of part 1.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Check your answers
#
# This cell runs the grader's checks on your variables (the instructor runs the same checks on a fresh
# execution of your notebook).

# %%
from course.grading import self_check

self_check(globals(), lab="22_dask_practice")
