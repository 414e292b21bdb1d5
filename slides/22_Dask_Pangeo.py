# ---
# jupyter:
#   course:
#     title: Dask and the Pangeo Ecosystem
#     day: 3
#     slot: 10:45-12:15
#     alone: true
#     summary: "Dask collections, task graphs and schedulers, distributed Dask, machine learning, Pangeo"
#     publish: [reports/dask-report.html]
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Dask and the Pangeo Ecosystem
#
# Parallel and distributed computing in pure Python, from a laptop to a cluster
#
# Day 3 · Big Data Processing & Distribution

# %% [markdown] slideshow={"slide_type": "notes"}
# Welcome to the Dask session. On day 2 (decks 11 to 13, lab 13) we deployed containers and a Kubernetes
# cluster; on day 3 we use a Python-native engine on top of that kind of infrastructure. Every output in this
# deck was computed while the slides were built, on a small two-core machine, so the numbers are real but
# modest.

# %% tags=["remove-cell"]
# Setup the audience does not need to see: imports, a scratch folder, and four CSV shards of generated trips.
import logging
import os
import statistics
import tempfile
import time
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from matplotlib_inline.backend_inline import set_matplotlib_formats

warnings.filterwarnings("ignore", message=".*Consolidated metadata.*")
warnings.filterwarnings("ignore", message=".*Sending large graph.*")
warnings.filterwarnings("ignore", category=FutureWarning)
logging.getLogger("distributed").setLevel(logging.ERROR)
set_matplotlib_formats("svg")              # crisp charts on the slides
plt.rcParams["svg.hashsalt"] = "dask-deck"  # stable ids in the SVG output
plt.rcParams["font.size"] = 12

CORES = os.cpu_count()


def timed(function, repeats=3):
    """Median wall time of `repeats` runs of `function()`, each from scratch: before the next run, the Dask
    client (once there is one) has told the scheduler to forget the last result, which it would reuse."""
    from distributed import default_client

    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
        try:
            default_client().who_has()          # a round trip: the release of the last result has been sent
        except ValueError:                      # no client yet
            pass
    return statistics.median(times)


SCRATCH = Path(tempfile.mkdtemp(prefix="dask-deck-"))
GRAPHS = SCRATCH / "graphs"
DATA = SCRATCH / "trips"
PARQUET = SCRATCH / "trips.parquet"
for folder in (GRAPHS, DATA, PARQUET):
    folder.mkdir()

rng = np.random.default_rng(2026)
for shard in range(4):
    n = 25_000
    seconds = np.sort(rng.integers(0, 365 * 86_400, n))
    pickup = (pd.Timestamp("2015-01-01") + pd.to_timedelta(seconds, unit="s")).astype(str)
    frame = pd.DataFrame({
        "key": pickup + "." + pd.Series(np.arange(n) + shard * n).astype(str),
        "pickup_datetime": pickup + " UTC",
        "passenger_count": rng.choice([1, 2, 3, 4, 5, 6], n, p=[0.70, 0.14, 0.05, 0.03, 0.05, 0.03]),
        "distance_km": rng.gamma(2.0, 1.6, n).round(2),
    })
    frame["fare_amount"] = (2.5 + 1.56 * frame.distance_km + 0.3 * frame.passenger_count
                            + rng.normal(0, 1.5, n)).clip(2.5).round(2)
    frame.to_csv(DATA / f"trips-{shard}.csv", index=False)
    frame.to_parquet(PARQUET / f"part-{shard}.parquet", index=False)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Today's plan
#
# 1. **Why Dask**: when pandas and NumPy run out of memory or cores
# 2. **Collections**: `dask.array`, `dask.dataframe`, `dask.bag`, `dask.delayed`, futures
# 3. **Task graphs and schedulers**: threads, processes, synchronous, distributed
# 4. **Distributed Dask**: client, scheduler, workers, dashboard, performance reports
# 5. **Machine learning** with dask-ml and the Dask joblib backend
# 6. **Best practices**: chunk sizes, `persist`, not too many tasks
# 7. **Pangeo**: xarray + Dask + Zarr, cloud-optimised formats
#
# Lab 22 (Dask in practice) follows this deck; the day-4 evaluation (lab 30) uses almost all of it.

# %% [markdown] slideshow={"slide_type": "notes"}
# This is the map of the session. The first half is about Dask itself, the second half about using it for
# machine learning and for scientific data with the Pangeo stack. Tell students that the evaluation of day 4
# (lab 30) is a Dask notebook, so the APIs shown in this deck are the ones they will type.

# %% [markdown] slideshow={"slide_type": "slide"}
# # Why Dask
#
# pandas and NumPy hit two walls: the memory of one machine and the speed of one core. Where are
# they, and what does Dask change?

# %% [markdown] slideshow={"slide_type": "notes"}
# First section: the problem Dask solves, and what it looks like from far away.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The single-machine wall
#
# - pandas and NumPy are fast, but they load **everything in RAM** and mostly use **one core**
# - Rule of thumb from pandas' creator, Wes McKinney (2017): pandas needs **5 to 10 times the size of
#   the data set in RAM**
# - Options when it no longer fits:
#   - buy a bigger machine (works, up to a point)
#   - rewrite for Spark (JVM, new API, new tooling)
#   - **Dask**: keep the NumPy / pandas / scikit-learn API, split the data into pieces,
#     run the pieces in parallel, on one machine or many
# - Dask is **pure Python**: `pip install "dask[complete]"`, nothing else to run

# %% [markdown] slideshow={"slide_type": "notes"}
# Start from what students already know: pandas. Its two limits are memory and a single core. The point of
# Dask is that the way out does not require a new language or a JVM: the same APIs, cut into pieces.
# The rule of thumb counts the loaded data and the copies that operations make; the next slide measures the
# first part.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## How much memory would pandas need?
#
# Measure 25,000 generated taxi trips as pandas holds them, then extrapolate:

# %%
sample = pd.read_csv(DATA / "trips-0.csv")          # 25,000 trips, 5 columns
bytes_per_row = sample.memory_usage(deep=True).sum() / len(sample)
on_disk = (DATA / "trips-0.csv").stat().st_size / len(sample)
print(f"{bytes_per_row:.0f} bytes per row in pandas, {on_disk:.0f} in the CSV file: "
      f"{bytes_per_row / on_disk:.1f}x just to load it")
for rows in (1e6, 55e6, 1e9):
    print(f"{rows:>13,.0f} rows -> {rows * bytes_per_row / 2**30:7.1f} GiB")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Loading alone multiplies the size; each filter, merge or groupby then makes copies: hence **5 to 10 times
# the data set in RAM**. The Kaggle taxi-fare training file (about 55 million rows, 8 columns) does not fit
# a student laptop or a notebook pod, even before the first copy.

# %% [markdown] slideshow={"slide_type": "notes"}
# The two string columns (the key and the timestamp) dominate: Python strings cost far more than their
# characters. Ask the
# class what happens when a groupby or a merge makes a temporary copy: the real peak is twice or three times
# this. That is the data size the day-4 evaluation (lab 30) imitates.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Dask at a glance

# %% tags=["hide-input"]
from course import digraph
from course.diagrams import PALETTE, task_graph

dot = digraph(rankdir="LR", nodesep="0.25", ranksep="0.6", size="11,5.5")
collections = {"array": "dask.array\n(NumPy)", "dataframe": "dask.dataframe\n(pandas)",
               "bag": "dask.bag\n(lists, JSON)", "delayed": "dask.delayed\n(any function)",
               "futures": "futures\n(submit / map)"}
schedulers = ["threads", "processes", "synchronous", "distributed"]
with dot.subgraph(name="cluster_api") as api:
    api.attr(label="collections: what you write", fontname="Helvetica", color="#94a3b8", style="rounded")
    for key, label in collections.items():
        api.node(key, label, fillcolor=PALETTE["data"])
with dot.subgraph(name="cluster_sched") as sched:
    sched.attr(label="schedulers: who runs it", fontname="Helvetica", color="#94a3b8", style="rounded")
    for name in schedulers:
        sched.node(name, fillcolor=PALETTE["compute"])
dot.node("graph", "task graph\n(tasks + dependencies)", fillcolor=PALETTE["control"], shape="ellipse")
dot.node("hw", "laptop · HPC\nKubernetes · cloud", fillcolor=PALETTE["storage"])
dot.edges([(key, "graph") for key in collections] + [("graph", name) for name in schedulers])
dot.edge("distributed", "hw")
dot

# %% [markdown] slideshow={"slide_type": "notes"}
# This is the one picture to remember. Every collection on the left only builds a task graph: a dictionary
# of small Python function calls and their inputs. A scheduler on the right then executes that graph, on
# threads, processes, or a cluster. The same code can therefore move from a laptop to a cluster by changing
# only the scheduler.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A short history
#
# - Started at Continuum Analytics (now Anaconda) in 2014-2015 by Matthew Rocklin: NumPy-style
#   **blocked algorithms** run **out of core** on one machine (SciPy 2015 paper)
# - By 2016, `dask.distributed` had the multi-machine scheduler, its dashboard and spilling to disk
# - `dask.dataframe` runs on **dask-expr**, an expression tree with a **query optimiser** (column
#   projection, predicate push-down) like Spark's Catalyst: default since 2024.3.0, the legacy
#   implementation removed in 2025.1.0
# - Deployments: `LocalCluster`, HPC batch systems (dask-jobqueue), Kubernetes (Dask operator,
#   Dask-Gateway), managed clouds (e.g. Coiled, which provisions VMs directly)
# - Calendar versions (year.month.patch); this deck ran with:

# %% tags=["hide-input"]
import dask
import distributed

print(f"dask {dask.__version__}, distributed {distributed.__version__}")

# %% [markdown] slideshow={"slide_type": "notes"}
# Dask is about ten years old and mature. The big recent change is the query planner for DataFrames: older
# blog posts and Stack Overflow answers describe the legacy implementation, which was removed in early
# 2025. Sources: the SciPy 2015 paper; the distributed 1.13 release post (Sept 2016: Client, spilling to
# disk, Bokeh dashboard); dask-expr's README ("default backend since 2024.3.0"); the 2025.1.0 release issue
# dask/community#410 ("drops support for the legacy DataFrame"). Deployment options matter for day 2 and 4:
# the Dask operator on Kubernetes replaced the old KubeCluster with pod templates.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: what does Dask build first?
#
# You write `df.groupby("passenger_count").fare_amount.mean()` on a Dask DataFrame.
# Before anything is computed, Dask has produced...
#
# - **A.** a SQL query, sent to a database
# - **B.** a graph of tasks: Python functions and the data they depend on
# - **C.** a MapReduce job for Hadoop
# - **D.** a pandas DataFrame holding the result

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Answer: B.** Every Dask API (arrays, dataframes, bags, delayed, futures) ends up as a task graph;
# a scheduler runs it only when you call `.compute()` (or `.persist()`, or ask for a result).

# %% [markdown] slideshow={"slide_type": "notes"}
# Give the class thirty seconds. A is tempting because of the optimiser, C because of day 1's MapReduce
# (deck 02), D because it looks like pandas. The key idea of the whole session is B: lazy graphs first,
# execution later.

# %% [markdown] slideshow={"slide_type": "slide"}
# # The collections
#
# Five ways to describe parallel work, from the most structured (arrays) to the most flexible
# (futures): all of them build task graphs.

# %% [markdown] slideshow={"slide_type": "notes"}
# Second section: the five ways to build graphs. We go from the most structured (arrays) to the most
# flexible (futures).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## `dask.array`: a NumPy array cut into chunks
#
# An 8,000 x 8,000 array of random numbers: 488 MiB, in 16 chunks of 30.5 MiB. Nothing is allocated yet.

# %%
import dask.array as da

x = da.random.default_rng(42).random((8_000, 8_000), chunks=(2_000, 2_000))
x

# %% [markdown] slideshow={"slide_type": "notes"}
# This is the HTML representation of a Dask array as Jupyter shows it: the total size, the size of one
# chunk, the number of chunks and tasks, and a picture of the chunk grid. Each chunk is an ordinary NumPy
# array that one worker will produce. Creating this object took microseconds: it is only a recipe.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Same API as NumPy, evaluated lazily

# %%
centred = (x - x.mean(axis=0)) ** 2          # builds a graph, computes nothing
print(centred)
print("tasks in the graph:", len(centred.__dask_graph__()))
start = time.perf_counter()
value = centred.mean().compute()             # now the scheduler runs the tasks
print(f"mean of squared deviations = {value:.5f}  ({time.perf_counter() - start:.2f} s)")

# %% [markdown] slideshow={"slide_type": "fragment"}
# The result matches NumPy's (1/12 = 0.08333 for uniform numbers). The threads worked chunk by chunk,
# so the peak memory is a few chunks, not the whole 488 MiB.

# %% [markdown] slideshow={"slide_type": "notes"}
# Slicing, arithmetic, reductions, linear algebra and many NumPy functions exist on Dask arrays. The object
# printed first is still lazy: it knows its shape and dtype but no values. Only compute runs the graph.
# Point out that Dask works through the chunks in an order that frees memory early.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The task graph of a small sum
#
# A 4 x 4 array in 4 chunks: one task per chunk, a partial sum per chunk, one final aggregate.

# %%
small = da.ones((4, 4), chunks=(2, 2))
total = small.sum()
task_graph(total, GRAPHS / "sum.svg", rankdir="LR", size="10,4.4")

# %% [markdown] slideshow={"slide_type": "notes"}
# Circles are function calls, rectangles are their results. Reading left to right: four independent
# chunk-creation tasks, four partial sums that can run in parallel, then one aggregation. This is a tree
# reduction: with thousands of chunks Dask adds intermediate levels so no single task receives everything.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## `dask.dataframe`: pandas, partitioned
#
# Four CSV files of 25,000 generated taxi trips each (written by the deck). One file, one partition:

# %%
import dask.dataframe as dd

trips = dd.read_csv(DATA / "trips-*.csv", parse_dates=["pickup_datetime"])
print("partitions:", trips.npartitions)
trips

# %% [markdown] slideshow={"slide_type": "notes"}
# read_csv only opened the first file to guess the columns and types; the values are shown as dots
# because they have not been read. Each partition is a plain pandas DataFrame. With one big CSV, Dask cuts
# it by byte ranges instead: the blocksize argument controls the partition size.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A lazy groupby, then `compute()`

# %%
mean_fare = trips.groupby("passenger_count").fare_amount.mean()
print(type(mean_fare).__name__, "- still lazy, npartitions =", mean_fare.npartitions)
result = mean_fare.compute()                 # reads the 4 files, groups each, combines
result.round(2).to_frame("mean fare (USD)").T

# %% [markdown] slideshow={"slide_type": "notes"}
# Exactly the pandas spelling. Behind it, each partition computes partial sums and counts per group, and a
# final step combines them into means: the same split-apply-combine idea as a MapReduce combiner. The
# result is small, so compute returns an ordinary pandas object.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The query optimiser: the plan as written
#
# The same trips, also stored as Parquet files. A filter, a groupby, a mean:

# %%
table = dd.read_parquet(PARQUET)
query = table[table.fare_amount > 5].groupby("passenger_count").fare_amount.mean()
query.pprint()

# %% [markdown] slideshow={"slide_type": "notes"}
# pprint shows the expression tree that Dask built from our code, read from the bottom up: read the files
# (all columns), then a filter, a projection, a mean per group. It is the equivalent of Spark's logical
# plan before the Catalyst optimiser runs. The file is read twice in the tree: once for the comparison and
# once for the rows to keep.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The query optimiser: the plan that runs

# %%
query.optimize(fuse=False).pprint()

# %% [markdown] slideshow={"slide_type": "fragment"}
# - **Column projection** pushed into the reader: only `passenger_count` and `fare_amount` are read
#   from the Parquet files, not the key or the timestamps
# - The mean is split into a per-partition `GroupByChunk` and a `TreeReduce` that combines the pieces
# - Both branches share the same read: it happens once per partition

# %% [markdown] slideshow={"slide_type": "notes"}
# After optimisation the reader asks for two columns only. With Parquet this saves real disk and network
# reads, because each column is stored separately; with CSV the whole line must still be parsed. The
# optimiser also lowered the mean into a chunk step and a tree reduction, which is how it runs in parallel.
# Compare with Spark's explain output from day 1.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Partitions are pandas DataFrames

# %%
print("rows per partition:", trips.map_partitions(len).compute().tolist())
first = trips.partitions[0]                  # a Dask DataFrame with one partition
print(type(first.compute()).__name__, first.compute().shape)
trips.head(3)                                # reads only what it needs from partition 0

# %% [markdown] slideshow={"slide_type": "notes"}
# map_partitions applies any pandas function to every partition: it is the escape hatch when an operation
# is missing from the Dask API. head is cheap because it only reads the first partition, which is why it
# returns quickly even on a huge dataset. len, in contrast, must read everything.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## `dask.bag`: parallel lists of Python objects
#
# For semi-structured data (text, JSON records, logs). Think Spark RDDs, or MapReduce:

# %%
import dask.bag as db

lines = ["dask scales python code", "spark scales jvm code", "python code runs on dask workers",
         "workers run tasks", "tasks form a graph", "the scheduler runs the graph"]
words = db.from_sequence(lines, npartitions=3).map(str.split).flatten()
counts = words.frequencies(sort=True)
print(counts.take(5, npartitions=-1))
print("partitions:", words.npartitions, "| total words:", words.count().compute())

# %% [markdown] slideshow={"slide_type": "notes"}
# This is the word count from day 1, written with map, flatten and frequencies. Bags are the least
# efficient collection because they carry Python objects, so the usual pattern is: load raw records with a
# bag, clean them, then convert to a Dask DataFrame with to_dataframe for the real analysis.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## `dask.delayed`: parallelise your own functions

# %%
from dask import delayed

@delayed
def load(day):                                # stands for "read one file"
    return pd.DataFrame({"fare": np.random.default_rng(day).gamma(2.0, 6.0, 1_000) - 2})

@delayed
def clean(frame):
    return frame[frame.fare > 0]

@delayed
def summarise(frames):
    return pd.concat(frames).fare.describe().round(2)

# %% [markdown] slideshow={"slide_type": "notes"}
# The delayed decorator turns a function call into a task instead of running it. This is how you
# parallelise code that does not fit arrays or dataframes: simulations, file processing, custom pipelines.
# The functions themselves are ordinary Python and pandas.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The pipeline as a graph

# %%
report = summarise([clean(load(day)) for day in range(3)])
task_graph(report, GRAPHS / "pipeline.svg", rankdir="LR", size="10,4.4")

# %% [markdown] slideshow={"slide_type": "notes"}
# Calling the decorated functions only recorded the calls and their dependencies. The three load-clean
# branches are independent, so a scheduler can run them at the same time; summarise waits for all three.
# This graph is what Dask would send to a cluster.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Running the delayed pipeline

# %%
report.compute().to_frame("fare (USD)").T

# %% [markdown] slideshow={"slide_type": "fragment"}
# - `dask.compute(a, b, c)` computes several results **in one pass**, sharing common tasks
# - Do not call a delayed function inside another delayed function: build the graph at the top level
# - Prefer a few large tasks (a file, a day of data) to many tiny ones

# %% [markdown] slideshow={"slide_type": "notes"}
# The output is an ordinary pandas Series. The bullets are the usual mistakes with delayed: computing
# results one at a time recomputes shared inputs, and nesting delayed calls hides work from the scheduler.

# %% [markdown] slideshow={"slide_type": "slide"}
# # Schedulers
#
# The same graph can run on threads, on processes or on a cluster. Which one suits *your* code? We
# measure it on this machine.

# %% [markdown] slideshow={"slide_type": "notes"}
# Third section: the same graph can be executed in different ways. Choosing well matters more than most
# code tweaks.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Four ways to run a graph
#
# | scheduler | runs tasks in | good for | cost |
# |---|---|---|---|
# | `threads` (default for arrays, dataframes) | a thread pool, one process | NumPy, pandas: their C code releases the GIL | pure-Python code is serialised by the GIL |
# | `processes` (default for bags) | a pool of local processes | pure-Python functions | start-up, and data pickled between processes |
# | `synchronous` | the calling thread, one task at a time | debugging (`pdb`, clear tracebacks) | no parallelism |
# | `distributed` | worker processes of a `Client`, local or remote | everything, and the only multi-machine option | a scheduler process; communication |
#
# Choose per call `x.compute(scheduler="processes")`, for a block `with dask.config.set(scheduler="sync")`,
# or create a `Client`: it becomes the default for everything.

# %% [markdown] slideshow={"slide_type": "notes"}
# The GIL is the key to this table: threads only help when the work happens in C code that releases the
# lock, which is the case for most NumPy and pandas operations. The distributed scheduler is recommended
# even on a laptop, because it brings the dashboard and smarter memory management.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Measuring them: two workloads, four tasks each

# %%
def python_loop(seed, n=2_000_000):
    """Pure-Python arithmetic: holds the GIL all the time."""
    total = 0
    for i in range(n):
        total += (i * seed) % 7
    return total

def numpy_sort(seed, n=2_000_000):
    """NumPy's compiled sort, which releases the GIL while it runs."""
    values = np.random.default_rng(seed).random(n)
    return float(np.sort(values)[n // 2])

# %% [markdown] slideshow={"slide_type": "notes"}
# Two functions that take about the same time, a tenth of a second, in different ways: the first is a Python
# loop, the second spends its time in NumPy's compiled sort. Four calls of each (two per core) run under every
# scheduler on the next slide, five rounds, and we keep the median. Tasks of about 100 ms are also what the
# Dask documentation recommends: shorter ones spend a visible share of their time in scheduling.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The same tasks under each scheduler

# %%
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from course import dask_client

client = dask_client()                          # a LocalCluster: 2 worker processes, 1 thread each
pool = ProcessPoolExecutor(CORES, mp_context=get_context("spawn"))  # kept warm, like the workers
schedulers = {"synchronous": {"scheduler": "sync"}, "threads": {"scheduler": "threads"},
              "processes": {"scheduler": "processes", "pool": pool, "chunksize": 1},  # 1 task per message
              "distributed": {"scheduler": client}}
workloads = {"pure Python": python_loop, "NumPy sort": numpy_sort}
for options in schedulers.values():            # warm up the pool's processes and the workers
    dask.compute(*[delayed(abs)(-i) for i in range(4)], **options)
runs = {(w, s): [] for w in workloads for s in schedulers}
for _ in range(5):                              # 5 rounds, schedulers interleaved: noise hits all alike
    for (w, s), times in runs.items():
        start = time.perf_counter()
        dask.compute(*[delayed(workloads[w])(seed) for seed in range(1, 5)], **schedulers[s])
        times.append(time.perf_counter() - start)
timings = pd.Series({key: statistics.median(times) for key, times in runs.items()}).unstack()
for w, row in timings.loc[list(workloads)].iterrows():
    speed = (row["synchronous"] / row).round(1)
    print(f"{w}: threads {speed['threads']}x, processes {speed['processes']}x, distributed "
          f"{speed['distributed']}x the speed of synchronous (median of 5, {CORES} cores)")
start = time.perf_counter()
dask.compute(delayed(abs)(-1), scheduler="processes")   # the default: a new pool at every compute
print(f"a new process pool (the default at each compute) takes {time.perf_counter() - start:.1f} s to start")
pool.shutdown()

# %% [markdown] slideshow={"slide_type": "notes"}
# Each round runs the eight tasks under the four schedulers in turn, so a moment of load from other jobs on
# the build machine hits all of them alike; a few tiny tasks first warm the process pool and the workers up.
# The processes scheduler gets a pool kept from one compute to the next (`pool=`); by default it starts a new
# one at every compute, which costs the time printed on the last line. It also sends ready tasks to its
# processes in batches of 6 by default (`chunksize`): with four long tasks, one process would get them all,
# hence `chunksize=1`. The Client created here stays the default scheduler for the rest of the deck.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Reading the measurements

# %% tags=["hide-input"]
order = ["distributed", "processes", "threads", "synchronous"]   # barh draws the first column at the bottom
ax = timings.loc[list(workloads)[::-1], order].plot.barh(
    figsize=(10, 3.3), color=["#15803d", "#c2410c", "#1d4ed8", "#475569"], width=0.8)
for bars, name in zip(ax.containers, order):
    speedups = (timings["synchronous"] / timings[name]).loc[list(workloads)[::-1]]
    ax.bar_label(bars, labels=[f" x{v:.1f}" for v in speedups], fontsize=12)
ax.set_xlabel("median wall time for 4 tasks (s); labels: speed-up over synchronous")
ax.set_xlim(0, timings.to_numpy().max() * 1.25)
handles, labels = ax.get_legend_handles_labels()
ax.legend(handles[::-1], labels[::-1], loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
ax.set_title(f"Same graph, four schedulers ({CORES} cores, median of 5)")
plt.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# - **Threads** speed up the NumPy sort but not the Python loop: pure Python holds the GIL, so the threads
#   take turns
# - **Processes** and the **distributed** workers each have their own interpreter: they speed up the loop
#   too, up to the number of cores
# - A process pool has a start-up cost (last line above): keep one, or use a cluster whose workers stay up

# %% [markdown] slideshow={"slide_type": "notes"}
# Walk through the bars and the speed-up labels; they were measured during the build, with other jobs
# possibly sharing the two cores, which is why every number is the median of five interleaved rounds. On two
# cores, 2x is the ceiling. A test of the course reads the printed lines and checks the three bullet points
# on every build. Run the same cell on your laptop and compare: with 8 cores the ceiling is 8x.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: which scheduler?
#
# You parse 10,000 small JSON log files with a **pure-Python** function (no NumPy, no pandas) on an
# 8-core laptop. Which choice gives a real speed-up?
#
# - **A.** `threads`, because it has the lowest overhead
# - **B.** `synchronous`, because the files are small
# - **C.** `processes`, or a distributed `Client` with several worker processes
# - **D.** none: Python cannot run in parallel

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Answer: C.** Pure-Python code holds the GIL, so threads take turns. Several processes each have their
# own interpreter and GIL. A `Client(n_workers=8, threads_per_worker=1)` also adds the dashboard.

# %% [markdown] slideshow={"slide_type": "notes"}
# D is a common misconception: Python runs in parallel across processes. This is also why the course's
# LocalCluster uses one thread per worker process. Mention that Python 3.13 introduced an optional
# free-threaded build without the GIL, officially supported since 3.14 (PEP 779) but still not the default,
# and that many compiled packages re-enable the GIL when they load.

# %% [markdown] slideshow={"slide_type": "slide"}
# # Distributed Dask
#
# The scheduler of real clusters and of the evaluation: a client, a scheduler, workers, a dashboard.

# %% [markdown] slideshow={"slide_type": "notes"}
# Fourth section: the distributed scheduler, which is the one used on real clusters and in the evaluation.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Architecture: client, scheduler, workers

# %% tags=["hide-input"]
dot = digraph(rankdir="LR", nodesep="0.35", ranksep="0.9", size="11,5.5")
dot.node("client", "Client\n(your notebook)\nbuilds graphs", fillcolor=PALETTE["data"])
dot.node("scheduler", "Scheduler\ntracks every task,\nassigns work,\nserves the dashboard", fillcolor=PALETTE["control"])
dot.node("dash", "Dashboard\n(browser, port 8787)", fillcolor=PALETTE["neutral"], shape="note")
for i in range(1, 4):
    dot.node(f"w{i}", f"Worker {i}\nthreads + memory\n(spills to disk)", fillcolor=PALETTE["compute"])
    dot.edge("scheduler", f"w{i}", label="tasks" if i == 1 else "")
dot.node("store", "storage\n(files, object store)", fillcolor=PALETTE["storage"])
dot.edge("client", "scheduler", label="graph", penwidth="2")
dot.edge("scheduler", "client", label="results", style="dashed")
dot.edge("scheduler", "dash", style="dotted", arrowhead="none")
dot.edge("w1", "w2", label="data", style="dashed", dir="both", constraint="false")
for i in range(1, 4):
    dot.edge(f"w{i}", "store", style="dotted")
dot

# %% [markdown] slideshow={"slide_type": "notes"}
# Three kinds of processes. The client submits a graph. The scheduler keeps the state of every task and
# decides where each runs, preferring the worker that already holds its inputs. Workers run tasks, keep
# results in memory, exchange intermediate data directly with each other, and read data from storage
# themselves; the big data never goes through the client.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Our client
#
# `course.dask_client()` starts a `LocalCluster` (or connects to `DASK_SCHEDULER_ADDRESS` when set):

# %%
print(client)
for worker in client.scheduler_info()["workers"].values():
    print(f"  worker {worker['name']}: {worker['nthreads']} thread, "
          f"{worker['memory_limit'] / 2**30:.0f} GiB memory limit")

# %% [markdown] slideshow={"slide_type": "fragment"}
# `client.dashboard_link` is the dashboard's address (a random free port here). On a real cluster only the
# connection changes: `Client("tcp://scheduler:8786")`, or a cluster object from Dask-Gateway or the Dask
# Kubernetes operator; the rest of the code stays the same.

# %% [markdown] slideshow={"slide_type": "notes"}
# The client object is the entry point: once it exists, every compute goes through it. The two local
# workers are separate processes on this machine. The port of the dashboard is random here because
# several builds share the machine; on your laptop it is usually 8787.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Futures: `submit`, `map`, `gather`
#
# The immediate interface: tasks start **now**, you get a future (a handle to a remote result).

# %%
def slow_square(value):
    time.sleep(0.1)
    return value * value

future = client.submit(slow_square, 7)
print(future.status, "->", future.result())       # result() waits, then fetches the value
futures = client.map(slow_square, range(10))      # ten tasks, spread over the workers
total = client.submit(sum, futures)               # futures as inputs: data stays on the workers
print(client.gather(futures), "sum =", total.result())

# %% [markdown] slideshow={"slide_type": "notes"}
# Unlike the collections, futures are eager: submit sends the task at once and returns immediately.
# Passing futures to another submit builds the graph on the fly, without bringing the data back. gather
# collects many results in one round trip. This API suits dynamic workloads, like a search that decides
# its next step from previous results.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Futures as they finish

# %%
from distributed import as_completed

def simulate(seed):
    rng = np.random.default_rng(seed)
    time.sleep(rng.uniform(0.05, 0.3))            # tasks of uneven length
    return seed, rng.normal(size=100_000).std()

for future in as_completed(client.map(simulate, range(6))):
    seed, std = future.result()
    print(f"simulation {seed} finished: std = {std:.4f}")

# %% [markdown] slideshow={"slide_type": "notes"}
# as_completed yields futures in the order they finish, not the order they were submitted, so the print
# order is usually not sorted. This is how you process results as soon as they arrive, or submit new work
# when one task ends.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Real work, recorded in a performance report

# %%
from distributed import performance_report

Path("reports").mkdir(exist_ok=True)
with performance_report(filename="reports/dask-report.html", mode="inline"):
    grid = da.random.default_rng(0).random((4_000, 4_000), chunks=(1_000, 1_000))
    anomaly = (grid - grid.mean(axis=0)).std().compute()
    per_day = trips.groupby(trips.pickup_datetime.dt.dayofweek).fare_amount.mean().compute()
size = Path("reports/dask-report.html").stat().st_size / 2**20
print(f"std = {anomaly:.4f}, {len(per_day)} weekdays; report: {size:.1f} MiB")

# %% tags=["remove-cell"]
# The report is published with the site: replace the build machine's paths, as the build does for outputs.
import os
import sys

report = Path("reports/dask-report.html")
text = report.read_text()
for private, public in sorted({str(Path.cwd().parent): ".", sys.base_prefix: "<python>",
                               os.path.expanduser("~"): "~"}.items(), key=lambda pair: -len(pair[0])):
    text = text.replace(private, public)
report.write_text(text)

# %% [markdown] slideshow={"slide_type": "fragment"}
# The live dashboard is a web application served by the scheduler while it runs: a static page like this
# one cannot show it. The report saves the same panels for this block:
# [reports/dask-report.html](reports/dask-report.html) (`mode="inline"` embeds Bokeh so it opens offline).

# %% [markdown] slideshow={"slide_type": "notes"}
# performance_report records the task stream, the worker profile, bandwidth and the scheduler's logs for
# everything computed inside the with block, and writes a single HTML file. Inline mode embeds the
# JavaScript library instead of loading it from a CDN, which is why the file is about 2 MB. Open it after
# the lecture and compare with the dashboard in the lab.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The dashboard, panel by panel
#
# | panel | shows | what to look for |
# |---|---|---|
# | **Task Stream** | one line per worker thread, one bar per task, coloured by task type | white gaps = idle workers; red = data transfer between workers |
# | **Progress** | bars per task type: done, in memory, waiting | which step is slow, which is stuck |
# | **Worker memory** | bytes held by each worker: managed, unmanaged, spilled | orange or grey bars = memory pressure, spilling to disk |
# | **Graph** | the task graph, coloured by state as it runs | shape of the work, stragglers |
# | **Profile** | sampled call stacks of the worker code | which Python function takes the time |
# | **Workers / System** | CPU, memory, network per worker | one overloaded or dead worker |
#
# Open it from `client.dashboard_link`, in JupyterLab with the dask-labextension, or the report above.

# %% [markdown] slideshow={"slide_type": "notes"}
# Keep the dashboard open during the whole lab: it is the fastest way to understand a slow computation.
# The task stream and the memory panel answer most questions. On a Kubernetes hub the link goes through
# the JupyterHub proxy instead of a local port.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The task stream of one cell, drawn beneath it

# %% tags=["timeline"]
column_means = (grid + grid.T).mean(axis=0).compute()  # the cell is tagged `timeline`: in Jupyter, %%timeline

# %% [markdown] slideshow={"slide_type": "notes"}
# This chart is drawn from the same records as the dashboard's task stream (client.get_task_stream), by the
# course's timeline tag: one lane per worker thread, one bar per task coloured by its key prefix, a dark strip
# at the bottom of a lane when a task first had to fetch a chunk from the other worker. The summary line gives
# the number of tasks, the wall time, the achieved parallelism (busy time over wall time times lanes) and the
# bytes the workers sent each other. The empty stretch at the left is the client optimising the graph and
# sending it to the scheduler before any task starts. Ask: why is parallelism well below 100 % here? (Small tasks, and the
# transpose needs chunks from the other worker.) In their own notebook students get the same chart with
# `%load_ext course.timeline` and `%%timeline` on the first line of a cell; the data is in the disclosure
# below the chart.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## `persist`: keep data in the workers' memory

# %%
from distributed import wait

def mean_fare(frame):
    return frame.fare_amount.mean().compute()

from_csv = timed(lambda: mean_fare(trips))         # every run reads and parses the CSV files again
in_memory = trips.persist()                        # parse once, keep the partitions on the workers
wait(in_memory)
from_memory = timed(lambda: mean_fare(in_memory))
print(f"from CSV: {from_csv:.2f} s | from worker memory: {from_memory:.2f} s: "
      f"{from_csv / from_memory:.0f}x faster (median of 3, {CORES} cores)")

# %% [markdown] slideshow={"slide_type": "notes"}
# Every compute on a lazy dataframe starts again from the files: parsing CSV is often the most expensive
# step. persist runs the graph up to this point and keeps the resulting partitions in the workers' memory,
# returning a dataframe whose graph starts from those partitions. It is Spark's cache. Use it after the
# cleaning step, when the data fits in the cluster's memory.
# `timed` (defined in the deck's hidden setup) runs the function three times and keeps the median; between
# runs it lets the client release the last result, or Dask would hand the same result back at once.

# %% [markdown] slideshow={"slide_type": "slide"}
# # Machine learning with Dask
#
# Two different reasons to distribute machine learning, and the tool for each.

# %% [markdown] slideshow={"slide_type": "notes"}
# Fifth section: two different reasons to distribute machine learning, and the tool for each.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Two ways machine learning gets big
#
# | problem | symptom | Dask answer |
# |---|---|---|
# | **big data** | the training set does not fit in memory | estimators that train chunk by chunk on Dask arrays: `dask_ml.linear_model`, XGBoost/LightGBM Dask APIs, incremental learning |
# | **big compute** | data fits, but many models to train (hyper-parameter search, cross-validation, ensembles) | run scikit-learn's parallel loops on the cluster: the **Dask joblib backend**, `dask_ml.model_selection` |
#
# - Often both: clean the big data with Dask, train on a sample, search in parallel
# - scikit-learn does not run on GPUs or out of core by itself; Dask adds the scale-out,
#   not new algorithms

# %% [markdown] slideshow={"slide_type": "notes"}
# Ask first which problem you have. If the data fits in memory after cleaning or sampling, a normal
# scikit-learn model with a parallel search is simpler and usually better. Distributed training on all the
# data is for models that can learn from chunks, like linear models or gradient boosting.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Big data: a linear model on chunked arrays (dask-ml)

# %%
from dask_ml.datasets import make_regression
from dask_ml.linear_model import LinearRegression

X, y = make_regression(n_samples=100_000, n_features=4, noise=5.0, chunks=25_000, random_state=0)
X, y = X.persist(), y.persist()                    # 4 chunks of rows, kept on the workers
model = LinearRegression(solver="lbfgs").fit(X, y)
rmse = (((model.predict(X) - y) ** 2).mean() ** 0.5).compute()
print("chunks of X:", X.chunks[0])
print("coefficients:", model.coef_.round(2), "intercept:", round(float(model.intercept_), 3))
print(f"RMSE = {rmse:.3f}   (noise added by the generator: 5.0)")

# %% [markdown] slideshow={"slide_type": "notes"}
# dask-ml's LinearRegression fits with an optimiser whose gradient is a sum over chunks, computed where the
# chunks live. The RMSE is close to the noise level we injected, so the model found the true relation.
# dask-ml is stable but its releases are rare (the last, 2025.1.0, in early 2025): some parts, like
# HyperbandSearchCV, fail with current Dask, so check before relying on them.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Big compute: a hyper-parameter search on the Dask joblib backend

# %%
import joblib
from scipy.stats import randint
from sklearn.datasets import load_digits
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import RandomizedSearchCV
X_digits, y_digits = load_digits(return_X_y=True)          # 1,797 images of 8x8 pixels
space = {"n_estimators": randint(10, 40), "max_depth": randint(3, 15)}
search = RandomizedSearchCV(RandomForestClassifier(random_state=0), space, n_iter=8, cv=3,
                            random_state=0, n_jobs=-1)
with joblib.parallel_config(backend="dask"):                # 8 x 3 = 24 fits on the workers
    search.fit(X_digits, y_digits)
print(search.best_params_, f"mean CV accuracy = {search.best_score_:.3f}")

# %% [markdown] slideshow={"slide_type": "notes"}
# Plain scikit-learn: the only Dask-specific line is the parallel_config block, which sends each of the 24
# cross-validation fits to a worker instead of a local process. The dataset ships with scikit-learn, so
# nothing is downloaded. On a cluster with 50 cores, the same code runs 50 fits at a time.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What the search tried

# %%
results = pd.DataFrame(search.cv_results_)
columns = ["param_n_estimators", "param_max_depth", "mean_test_score", "std_test_score", "mean_fit_time"]
(results[columns].sort_values("mean_test_score", ascending=False).head(6)
 .rename(columns=lambda c: c.replace("param_", "")).round(3))

# %% [markdown] slideshow={"slide_type": "notes"}
# The cv_results_ table is the same as without Dask. The shallowest forests score lowest; past a certain
# depth the gain is small. In the evaluation you will run this kind of search on a sample of the cleaned
# taxi data and compare it with the linear model trained on all the data.

# %% [markdown] slideshow={"slide_type": "slide"}
# # Best practices
#
# A handful of habits separate a fast Dask job from a slow one; two of them measured on this machine.

# %% [markdown] slideshow={"slide_type": "notes"}
# Sixth section: the handful of habits that separate a fast Dask job from a slow one.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Habits that pay off
#
# - **Do you need Dask?** If it fits in memory, pandas / NumPy (or Polars, DuckDB) is simpler
# - **Chunk size**: about **100 MB** per array chunk, 100 MB-1 GB per dataframe partition: big enough
#   to amortise the overhead, small enough that several fit in a worker's memory at once
# - **Not too many tasks**: each task costs scheduler time (order of a millisecond or less); a task
#   should run for **~100 ms or more**; graphs with millions of tasks are slow before they start
# - **`persist`** what you reuse, and only once it is reduced (after filtering, cleaning)
# - **Compute once**: `dask.compute(a, b)` rather than `a.compute(); b.compute()`
# - **Store well**: Parquet / Zarr instead of CSV, aligned with your chunks
# - **Load data on the workers** (`read_csv`, `read_parquet`, `open_zarr`), do not ship big local
#   objects inside the graph
# - **Watch the dashboard**: idle workers, memory pressure, red transfer bars

# %% [markdown] slideshow={"slide_type": "notes"}
# These rules come from the Dask documentation's best-practice pages and experience. The most common
# failure in student notebooks is calling compute on a large dataframe, bringing everything back to the
# notebook: reduce first, then compute. The next slide measures the cost of too many tasks.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Too many tasks: the same sum, three chunkings

# %%
for chunk in (1_000, 400, 200):
    arr = da.random.default_rng(1).random((2_000, 2_000), chunks=chunk)
    tasks = len(arr.sum().__dask_graph__())
    seconds = timed(lambda: arr.sum().compute())
    print(f"chunks {chunk:>5} x {chunk:<5}: {arr.npartitions:>4} chunks, {tasks:>4} tasks, "
          f"{arr.nbytes / arr.npartitions / 2**20:5.2f} MiB each, {seconds:5.2f} s")
print(f"(median of 3, {CORES} cores)")

# %% [markdown] slideshow={"slide_type": "notes"}
# Same data (31 MiB), same result. With tiny chunks the scheduler spends its time managing hundreds of
# tasks that each do almost nothing, and the wall time grows even though the arithmetic is identical.
# Rechunk to larger blocks early when your input format forces small ones.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: chunk size
#
# A 400 GB float64 array is stored as chunks of **(100, 100)** (80 kB each). A colleague complains that
# `arr.mean().compute()` takes minutes before the workers even start. Why?
#
# - **A.** float64 is too precise, use float32
# - **B.** about 5 million chunks means millions of tasks: building and scheduling the graph dominates
# - **C.** the workers have too little memory for 80 kB chunks
# - **D.** `mean` is not supported on Dask arrays

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Answer: B.** Rechunk to about 100 MB per chunk (e.g. (4000, 4000) for float64): 4,000 chunks instead
# of 5 million, and each task does real work.

# %% [markdown] slideshow={"slide_type": "notes"}
# 400 GB divided by 80 kB is five million chunks, and a reduction needs more than one task per chunk. At
# even a fraction of a millisecond each, the scheduler alone needs minutes. C is the opposite problem. The
# rule of thumb: about 100 MB per chunk, tasks of at least 100 ms.

# %% [markdown] slideshow={"slide_type": "slide"}
# # The Pangeo ecosystem
#
# How climate and ocean scientists combined Dask with labelled arrays and chunked cloud storage.

# %% [markdown] slideshow={"slide_type": "notes"}
# Last section: how the scientific community, mostly climate and ocean scientists, combined Dask with
# labelled arrays and chunked storage.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Pangeo: a community and a stack
#
# - Born in 2016 among geoscientists (climate, ocean, weather) drowning in model and satellite data
# - Not a product: a **community** and a set of open-source tools that work together
# - Public "Pangeo Cloud" hubs were shut down around the end of 2024: today you deploy the stack
#   yourself (JupyterHub + Dask on Kubernetes or HPC, like day 2) or use it locally

# %% tags=["hide-input"]
dot = digraph(rankdir="TB", nodesep="0.6", ranksep="0.45", size="12,3.2!")
layers = [("Jupyter\nnotebooks", "data"), ("Xarray\nlabelled N-d arrays", "data"),
          ("Dask\nparallel execution", "compute"), ("Zarr · fsspec\nchunked storage", "storage"),
          ("object storage\nS3 · GCS · Azure · Ceph", "storage"), ("Kubernetes · HPC\nor a laptop", "control")]
for row in (layers[:3], layers[3:]):                 # two rows of three layers
    with dot.subgraph() as same_row:
        same_row.attr(rank="same")
        for label, kind in row:
            same_row.node(label.split("\n")[0], label, fillcolor=PALETTE[kind])
names = [label.split("\n")[0] for label, _ in layers]
dot.edges(zip(names, names[1:]))
dot

# %% [markdown] slideshow={"slide_type": "notes"}
# Read the chain left to right: a scientist works in Jupyter with xarray objects; xarray delegates the
# computation to Dask; Dask reads chunks through Zarr and fsspec from object storage; everything runs on a
# cluster. Each layer can be replaced, which is the strength of the ecosystem.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## An xarray Dataset backed by Dask chunks

# %%
import xarray as xr

days = pd.date_range("2026-01-01", periods=120, freq="D")
lat, lon = np.arange(-88.5, 90, 3.0), np.arange(-178.5, 180, 3.0)
climate = 28 - 40 * np.sin(np.deg2rad(np.abs(lat)))[None, :, None]            # warm tropics
summer = np.cos(2 * np.pi * (days.dayofyear.to_numpy() - 200) / 365)[:, None, None]  # +1 in July
season = 10 * summer * np.sign(lat)[None, :, None]                               # opposite in the south
noise = da.random.default_rng(7).normal(0, 2, (120, lat.size, lon.size), chunks=(30, -1, -1))
ds = xr.Dataset({"t2m": (("time", "lat", "lon"), climate + season + noise)},
                coords={"time": days, "lat": lat, "lon": lon}, attrs={"units": "degC"})
print(ds)

# %% [markdown] slideshow={"slide_type": "notes"}
# A synthetic daily temperature field: 120 days from January on a 3-degree grid, with a latitude gradient, a
# season that is opposite in each hemisphere, and random noise. Xarray adds names and coordinates to the dimensions;
# the data underneath is a Dask array in four chunks of 30 days, as the last data-variable line says. In
# Jupyter the same object has an interactive HTML view with the Dask chunk picture.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Write it to a Zarr store, one object per chunk

# %%
store = SCRATCH / "weather.zarr"
ds.to_zarr(store, mode="w", consolidated=False)      # the workers write the chunks in parallel
objects = sorted(p.relative_to(store).as_posix() for p in store.rglob("*") if p.is_file())
print(f"{len(objects)} objects in the store:")
for name in objects:
    print("  ", name)

# %% [markdown] slideshow={"slide_type": "notes"}
# This is the Zarr version 3 layout: one zarr.json of metadata per group and array, and one object per
# chunk under c/, named by its position in the chunk grid. The four temperature chunks are four files here,
# four objects in S3. That is what makes Zarr cloud-friendly: any chunk can be read alone by its key.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Read it back lazily and average over time

# %%
back = xr.open_zarr(store, consolidated=False)      # reads metadata only
print(back.t2m.data)                                  # one Dask chunk per Zarr chunk
mean_map = back.t2m.mean("time").compute()           # reads the 4 chunks, in parallel
fig, ax = plt.subplots(figsize=(9, 3.3))
mean_map.plot.contourf(ax=ax, levels=16, cmap="RdBu_r", cbar_kwargs={"label": "mean t2m (degC)"})
ax.set_title("Mean over the 120 days")
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"}
# open_zarr only read the small metadata documents; the array is again lazy, with the chunking of the
# store. The reduction over time uses dimension names instead of axis numbers, which is xarray's main
# convenience. The map shows the warm tropics, and a northern hemisphere colder than the southern one:
# January to April is its winter.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Cloud-optimised formats
#
# Object stores answer HTTP requests, with high latency but huge aggregate bandwidth. A cloud-optimised
# format lets a reader fetch **only the bytes it needs**, in parallel:
#
# | format | for | how |
# |---|---|---|
# | **Zarr** (v3) | N-d arrays | metadata documents + one object per compressed chunk |
# | **Parquet** / GeoParquet | tables | columns stored separately, row groups, statistics in the footer |
# | **Cloud-Optimized GeoTIFF** (OGC standard since 2023) | rasters, imagery | internal tiles + overviews, read with HTTP range requests |
# | **Kerchunk / VirtualiZarr** | existing NetCDF/HDF5/GRIB files | a Zarr-like index of byte ranges, no copy of the data |
# | **Icechunk** | Zarr data that changes | transactions and versions on top of object storage |
#
# "ARCO" data: **A**nalysis-**R**eady (clean, consistent, catalogued) and **C**loud-**O**ptimised.

# %% [markdown] slideshow={"slide_type": "notes"}
# The common idea is to put a small amount of metadata up front, then store the data in independently
# addressable chunks. A Dask worker can then fetch its own chunk with one request, without a file system
# and without reading the rest. CSV is the opposite: to find row one million you must read everything
# before it. For the evaluation, think about what converting the CSV to Parquet once would save.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Dask and Spark, side by side
#
# | | Dask | Spark |
# |---|---|---|
# | Language, runtime | Python, runs in Python processes | Scala on the JVM; Python, SQL, R, Java APIs |
# | Data models | N-d arrays, dataframes, bags, arbitrary task graphs | DataFrames / SQL, RDDs, streaming |
# | N-d arrays, xarray | native | none |
# | SQL | limited (external projects) | first-class, Catalyst optimiser |
# | DataFrame optimiser | dask-expr query planning | Catalyst + adaptive query execution |
# | Custom parallel code | `delayed`, futures: any function, any graph | map-style operations on RDDs |
# | Machine learning | scikit-learn via joblib, dask-ml, XGBoost/LightGBM | MLlib (`pyspark.ml`) |
# | Deployment | laptop, HPC batch, Kubernetes, cloud VMs | standalone, YARN, Kubernetes, managed platforms |
#
# Both: lazy graphs, partitions, in-memory caching, shuffles. Choose by language, data shape and team.

# %% [markdown] slideshow={"slide_type": "notes"}
# Neither tool is better in general. Spark shines for SQL-heavy ETL on tables and has the larger
# enterprise ecosystem. Dask shines when the work is Python-native: arrays, custom algorithms, scientific
# data, and scaling existing pandas or scikit-learn code. The concepts from day 1 transfer directly.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Takeaways
#
# - Dask = **collections** that build **task graphs** + **schedulers** that run them
# - Same APIs as NumPy, pandas, scikit-learn; lazy until `compute` / `persist`
# - Pick the scheduler for the work: threads for NumPy/pandas, processes or distributed for pure Python;
#   distributed everywhere else, for the dashboard
# - Chunks of ~100 MB, tasks of ~100 ms, persist what you reuse
# - Pangeo = Jupyter + xarray + Dask + Zarr on object storage: cloud-optimised, chunked data
#
# **Next:** deck 14 on object storage (optional), then lab 22, Dask in practice; on day 4, the evaluation
# (lab 30) builds on both.

# %% [markdown] slideshow={"slide_type": "notes"}
# Summarise in one sentence: the same code scales from this laptop-sized demo to a cluster because it only
# describes a graph. Remind students to bring the cluster from day 2 or to use the local fallback for the
# evaluation.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Further reading
#
# - M. Rocklin, [Dask: Parallel Computation with Blocked algorithms and Task
#   Scheduling](https://doi.org/10.25080/Majora-7b98e3ed-013), SciPy 2015
# - [Dask documentation](https://docs.dask.org/en/stable/), its
#   [best practices](https://docs.dask.org/en/stable/best-practices.html) and
#   [DataFrame optimizer](https://docs.dask.org/en/stable/dataframe-optimizer.html)
# - [Dask.distributed documentation](https://distributed.dask.org/en/stable/): futures, dashboard, performance reports
# - [Dask Kubernetes operator](https://kubernetes.dask.org/en/latest/operator.html) (deck 13, lab 13)
# - [Pangeo](https://pangeo.io/) and its
#   [first meeting, November 2016](https://pangeo-data.github.io/2016/11/06/pangeo_data/)
# - W. McKinney, [Apache Arrow and the "10 Things I Hate About
#   pandas"](https://wesmckinney.com/blog/apache-arrow-pandas-internals/), 2017
# - [PEP 779](https://peps.python.org/pep-0779/): free-threaded Python supported from 3.14;
#   [OGC Cloud Optimized GeoTIFF standard](https://docs.ogc.org/is/21-026/21-026.html), 2023

# %% [markdown] slideshow={"slide_type": "notes"}
# The sources of this deck's facts: the SciPy 2015 paper for Dask's origins; the distributed 1.13 release post
# (dask.org blog, September 2016); dask-expr's README and the 2025.1.0 release issue (dask/community#410) for
# the DataFrame rewrite; McKinney's post for the memory rule; PEP 779 for free-threading; 2i2c's infrastructure
# issue #5311 (December 2024) for the end of the Pangeo hubs; the OGC standard 21-026 for COG. Point students
# to the best-practices page before lab 22.

# %% tags=["remove-cell"]
# Remove the scratch folder (CSV, Parquet, Zarr, graphs) written by this deck.
import shutil

shutil.rmtree(SCRATCH, ignore_errors=True)
