# ---
# jupyter:
#   course:
#     title: The Python Data Processing Ecosystem
#     day: 3
#     slot: 09:00-10:30
#     alone: true
#     summary: "Why Python for data, NumPy, pandas, Arrow, Polars, DuckDB, where a single machine stops"
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # The Python Data Processing Ecosystem
#
# ### NumPy, pandas, Arrow and friends: what they do well, and where they stop
#
# Big Data Processing & Distribution

# %% [markdown] slideshow={"slide_type": "notes"}
# This deck tours the single-machine Python data stack that Dask and PySpark build on. Every number on the
# slides, including the timings, was measured while the deck was built, on a machine whose core count is
# printed next to each timing (two cores for the course's build): your laptop will give different
# figures, but the same ratios and the same lessons.

# %% tags=["remove-cell"]
# Setup the audience does not need: imports, a scratch folder, and a seeded bike-sharing dataset written as CSV.
import math
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import timeit
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
import warnings
from collections import defaultdict
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from course import digraph, table
from course.diagrams import PALETTE

warnings.filterwarnings("ignore", category=FutureWarning)
warnings.filterwarnings("ignore", category=DeprecationWarning)
plt.rcParams["svg.hashsalt"] = "python-data-deck"   # stable ids in the SVG output
plt.rcParams["font.size"] = 12

SCRATCH = Path(tempfile.mkdtemp(prefix="pydata-deck-"))


def median_ms(function, repeat=5):
    """Median of `repeat` runs of function(), in milliseconds."""
    return statistics.median(timeit.repeat(function, number=1, repeat=repeat)) * 1000


CORES = os.cpu_count()


rng = np.random.default_rng(21)
DISTRICTS = {"Centre": 1.6, "Campus": 1.3, "Riverside": 1.0, "Old Port": 0.9, "Hills": 0.5}  # popularity
stations = pd.DataFrame({
    "station_id": np.arange(100, 140),
    "district": np.repeat(list(DISTRICTS), 8),
    "capacity": rng.integers(10, 41, 40),
})
N = 60_000
popularity = rng.gamma(4.0, 1.0, 40) * stations.district.map(DISTRICTS).to_numpy()
station = rng.choice(stations.station_id, N, p=popularity / popularity.sum())
district = stations.set_index("station_id").district.loc[station].to_numpy()
hours = np.arange(24)
profile = (0.05 + 0.5 * ((hours >= 7) & (hours <= 21)) + 1.6 * np.exp(-(hours - 8) ** 2 / 1.5)
           + 1.9 * np.exp(-(hours - 17.5) ** 2 / 3.0))                    # two commuting peaks
start = (pd.Timestamp("2026-05-01") + pd.to_timedelta(rng.integers(0, 31, N), unit="D")
         + pd.to_timedelta(rng.choice(hours, N, p=profile / profile.sum()), unit="h")
         + pd.to_timedelta(rng.integers(0, 3600, N), unit="s"))
order = np.argsort(start.to_numpy())
member = rng.random(N) < 0.6
bike = np.where(rng.random(N) < np.where(district == "Hills", 0.65, 0.3), "electric", "classic")
distance = rng.gamma(2.2, np.where(member, 1.0, 1.3), N).round(2)       # members ride shorter trips
speed = np.where(bike == "electric", 17.0, 12.5) * rng.uniform(0.7, 1.2, N)      # km/h
raw = pd.DataFrame({
    "ride_id": np.arange(N),
    "start_time": start.strftime("%Y-%m-%d %H:%M:%S").to_numpy()[order],
    "station_id": station[order],
    "bike_type": bike[order],
    "member": member[order],
    "distance_km": distance[order],
    "duration_min": (60 * distance / speed + rng.exponential(2.0, N)).round(1)[order],
})
raw.to_csv(SCRATCH / "rides.csv", index=False)
raw.to_parquet(SCRATCH / "rides.parquet", index=False)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Today's plan
#
# 1. **Why Python** for data, and its two limits: interpreter speed and the GIL
# 2. **The PyData stack**: a map
# 3. **NumPy**: vectorisation, measured
# 4. **pandas** essentials: read, filter, groupby, merge, pivot, memory
# 5. **Apache Arrow**: the shared columnar memory format; **Polars** and **DuckDB**
# 6. The **same groupby** in several engines, timed
# 7. **Visualisation**, **notebooks**, **machine learning** libraries
# 8. Where this stack **stops scaling**, and what Dask and Spark add

# %% [markdown] slideshow={"slide_type": "notes"}
# The thread through the deck is performance: why plain Python is slow, how the libraries get around it by
# pushing loops into compiled code, and why there is still a wall at the size of one machine. That wall is
# where deck 22, on Dask, begins.

# %% [markdown] slideshow={"slide_type": "slide"}
# # Why Python for data
#
# > Python is slow at loops and runs one thread at a time, yet it became the language of data. Why,
# > and how do its libraries get around both limits?

# %% [markdown] slideshow={"slide_type": "notes"}
# First section: how Python became the default language of data work, and what it costs.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The languages of data work
#
# | language | strengths | weak spots |
# |---|---|---|
# | **Python** | readable, general purpose, huge ecosystem (science, ML, web, ops), glue to C/C++/Fortran/Rust | slow interpreter, GIL, packaging history |
# | **R** | statistics and graphics first, CRAN, tidyverse, RStudio / Positron | less used outside analysis |
# | **Julia** | fast (JIT compiled), made for numerics | smaller ecosystem, compile latency |
# | **MATLAB** | polished IDE and toolboxes for engineering | closed source, licences |
# | **SQL** | declarative, every database and engine speaks it | not a general language |
# | **Scala / Java** | the JVM big data world (Hadoop, Spark, Kafka, Flink) | verbose for exploration |
#
# Python won as the **glue**: fast libraries written in compiled languages, driven from readable code.

# %% [markdown] slideshow={"slide_type": "notes"}
# Python is rarely the fastest language for a loop, but it does not need to be: the heavy lifting happens
# inside NumPy, pandas, Arrow or PyTorch, written in C, C++, Fortran or Rust. Python gives the readable
# layer on top, plus everything else a project needs: web services, automation, notebooks. Its share of
# data-science work grew steadily through the 2010s; by the early 2020s it was the majority choice.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The two limits of plain Python
#
# - **Interpreter speed**: CPython interprets bytecode, and every integer and float is a heap object;
#   a Python loop costs tens of nanoseconds **per element**, 10-100x more than compiled code
# - **The GIL** (global interpreter lock): in a process, **one thread at a time** runs Python bytecode.
#   Threads still help for I/O, and for libraries that **release the GIL** inside their C code (NumPy,
#   pandas, Arrow, scikit-learn)
# - Ways around them:
#   - **vectorise**: one call that loops in C (NumPy, pandas, Arrow)
#   - **compile**: Numba, Cython, or a Rust / C++ extension
#   - **processes** instead of threads: `multiprocessing`, `concurrent.futures`, Dask, Spark workers
# - Python 3.13 shipped an experimental **free-threaded** build (no GIL, PEP 703), officially supported
#   since 3.14 but still optional: the default build keeps the GIL

# %% [markdown] slideshow={"slide_type": "notes"}
# These two limits explain most of the design of the data stack. The interpreter cost is per operation, so
# libraries let you express a whole computation in one call. The GIL only blocks pure Python code, so a
# NumPy-heavy program can use several threads, which is exactly what Dask's threaded scheduler relies on.
# The free-threaded build is real but young: many compiled packages are only starting to support it.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The GIL, measured: the experiment
#
# Two kinds of work, each run twice: one call after the other, then two calls at once in a pool.

# %%
def count_up():                          # pure Python bytecode: holds the GIL all the time
    total = 0
    for i in range(2_500_000):
        total += i
    return total

data = np.random.default_rng(0).random(1_500_000)
def numpy_sort():                        # a C loop that releases the GIL while it sorts
    return np.sort(data)[0]

def cpu_seconds(work):                   # run work(); return the CPU time this thread spent on it
    start = time.thread_time()
    work()
    return time.thread_time() - start

def one_round(work, pool):
    """Speed-up of 2 calls at once in `pool` over 2 calls in a row, and the cores busy meanwhile."""
    start = time.perf_counter()
    for _ in range(2):
        cpu_seconds(work)
    in_a_row = time.perf_counter() - start
    start = time.perf_counter()
    cpu = sum(pool.map(cpu_seconds, [work, work]))     # CPU seconds of both calls
    at_once = time.perf_counter() - start
    return in_a_row / at_once, cpu / at_once

# %% [markdown] slideshow={"slide_type": "notes"}
# Set up the experiment before showing the result. The two functions do a comparable amount of work, about
# a tenth of a second each. cpu_seconds measures the CPU time of the calling thread only, so summing it
# over the two calls of a pool and dividing by the elapsed time tells how many cores were busy on average
# (CPU seconds per second); time.thread_time works inside a thread and inside a worker process alike. Ask
# the audience to predict the three results of the next slide.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The GIL, measured: the result

# %%
fork = multiprocessing.get_context("fork")            # the workers inherit the functions defined above
runs = {"pure Python, 2 threads": [], "pure Python, 2 processes": [], "NumPy sort, 2 threads": []}
with ThreadPoolExecutor(2) as threads, ProcessPoolExecutor(2, mp_context=fork) as processes:
    list(processes.map(cpu_seconds, [count_up, count_up]))   # start both processes before timing
    for _ in range(5):                                   # interleaved, so that all three meet the same load
        runs["pure Python, 2 threads"].append(one_round(count_up, threads))
        runs["pure Python, 2 processes"].append(one_round(count_up, processes))
        runs["NumPy sort, 2 threads"].append(one_round(numpy_sort, threads))
busy = {}
for name, rounds in runs.items():
    speed, busy[name] = map(statistics.median, zip(*rounds))
    print(f"{name:<24}: {speed:.1f}x the speed of 1 thread, {busy[name]:.1f} cores busy "
          f"(median of 5, {CORES} cores)")
print("used more than one core:", "; ".join(name for name in busy if round(busy[name], 1) >= 1.3)
      or "none, the second core was busy elsewhere during this build")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Pure-Python threads never keep more than **one core** busy: the GIL lets one of them run at a time.
# Processes (one interpreter and one GIL each) and NumPy code (which releases the GIL) can keep **every
# free core** busy, and then finish up to that many times sooner.

# %% [markdown] slideshow={"slide_type": "notes"}
# Read the cores first. Two threads of pure Python keep at most one core busy, whatever the machine: the
# GIL hands the interpreter to one thread at a time, so they are no faster than one thread. Two processes
# each have their own interpreter and the NumPy sort releases the GIL inside its C loop: both keep two
# cores busy when two are free, and then run up to twice as fast. The speed-ups move more than the cores
# from build to build: the build runs two decks at once, sometimes on a shared virtual machine, so a
# second core is not always free (the last line, computed from the lines above, says which runs found
# one) and a busy host can slow both cores down. Processes cost more to start and must copy their inputs
# and results, which is why Dask uses threads for NumPy and pandas work and processes for pure Python.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: what runs in parallel?
#
# A machine has 4 cores. You start 4 Python threads in one (standard, GIL) interpreter. Which workload
# gets close to a 4x speed-up?
#
# - **A.** A `for` loop over a million integers, in pure Python, in each thread
# - **B.** A large NumPy matrix multiplication or sort in each thread
# - **C.** Appending items to a shared Python list
# - **D.** None: Python threads never run at the same time

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Answer: B.** NumPy (like pandas, Arrow, scikit-learn's compiled parts) releases the GIL while its C code
# runs, so threads overlap. Pure Python (A, C) is serialised by the GIL; D is false for I/O and native code.

# %% [markdown] slideshow={"slide_type": "notes"}
# This matters for Dask: its default scheduler for arrays and dataframes uses threads precisely because
# the work happens in NumPy and pandas. For pure Python work, such as parsing JSON with your own function,
# you need processes. Some answer D: point back to the measurement two slides back.

# %% [markdown] slideshow={"slide_type": "slide"}
# # The PyData stack
#
# > Dozens of libraries, one layered design: where does each one sit, and which two memory formats hold
# > the stack together?

# %% [markdown] slideshow={"slide_type": "notes"}
# Second section: a map of the libraries, so that every later slide has a place on it.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A map of the stack

# %% tags=["hide-input"]
STACK = {
    "interactive": (["Jupyter", "IPython", "VS Code"], "control"),
    "visualisation": (["matplotlib", "seaborn", "Bokeh", "HoloViz", "Plotly"], "data"),
    "modelling": (["SciPy", "scikit-learn", "statsmodels", "XGBoost", "PyTorch / JAX"], "data"),
    "scale out": (["Dask", "PySpark", "Ray"], "compute"),
    "tables, labelled arrays": (["pandas", "Polars", "DuckDB", "xarray"], "compute"),
    "memory formats": (["NumPy ndarray", "Apache Arrow"], "storage"),
    "foundations": (["CPython", "C, C++, Fortran, Rust", "BLAS, LAPACK"], "neutral"),
}
fig, ax = plt.subplots(figsize=(12.5, 5.6), dpi=90)
for row, (layer, (libraries, colour)) in enumerate(reversed(STACK.items())):   # foundations at the bottom
    ax.text(0, row + 0.4, layer, ha="left", va="center", fontsize=13, color="#334155", weight="bold")
    width = 9.2 / len(libraries)
    for i, library in enumerate(libraries):
        left = 3.2 + i * width
        ax.add_patch(plt.Rectangle((left + 0.06, row + 0.08), width - 0.12, 0.66, facecolor=PALETTE[colour],
                                   edgecolor="#334155", lw=1))
        ax.text(left + width / 2, row + 0.41, library, ha="center", va="center", fontsize=13)
ax.set(xlim=(0, 12.5), ylim=(0, len(STACK)))
ax.axis("off")
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"}
# Read it bottom up. Everything rests on compiled kernels and two memory formats: the NumPy array and the
# Arrow columnar format. Dataframes and labelled arrays sit on those; modelling and plotting libraries take
# their arrays; Dask, Spark and Ray spread the same work over many cores or machines; Jupyter is where most
# people drive it all. The drawing was generated from a small Python dictionary.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Milestones
#
# | year | what happened |
# |---|---|
# | 2001 | IPython, the interactive shell; SciPy's first release |
# | 2003 | matplotlib |
# | 2006 | NumPy 1.0 unifies Numeric and numarray |
# | 2008-2010 | pandas (Wes McKinney, at a hedge fund); scikit-learn's first public release (2010) |
# | 2014 | Project Jupyter splits the notebook from IPython; xarray (then "xray") |
# | 2015-2016 | Dask; TensorFlow (2015), PyTorch (2016); Apache Arrow (2016) |
# | 2019-2021 | DuckDB (2019), Polars (2020); Python 2 reaches end of life (January 2020) |
# | 2024-2026 | NumPy 2, pandas 3 (copy-on-write, string dtype), free-threaded CPython, Polars and DuckDB mainstream |

# %% [markdown] slideshow={"slide_type": "notes"}
# The stack grew by layers: arrays first, then tables, then machine learning, then the scale-out and
# interoperability layers. Arrow and the newer engines came from the lessons of the pandas era, partly from
# the same people: Wes McKinney co-created Arrow. The next slide lists the versions that built this deck:
# with a pandas 2 release there, strings still show up as Python objects (dtype object) in the outputs.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The stack installed for this build

# %%
import importlib

names = ["numpy", "pandas", "pyarrow", "matplotlib", "sklearn", "numba", "xarray", "dask", "polars", "duckdb"]
found = {}
for name in names:
    try:
        found[name] = importlib.import_module(name).__version__
    except ImportError:
        found[name] = "not installed"
print("Python", sys.version.split()[0])
table(pd.DataFrame([found]), size=17)

# %% [markdown] slideshow={"slide_type": "notes"}
# The versions are read at build time, so they document exactly what produced the outputs of this deck.
# The loop tolerates a missing package, so the cell also works in a smaller environment. Version drift is
# real in this ecosystem: always record the versions next to your results.

# %% [markdown] slideshow={"slide_type": "slide"}
# # NumPy and vectorisation
#
# > One idea explains most of the stack's speed: hand a whole array to compiled code instead of looping
# > in Python. How large is the gain?

# %% [markdown] slideshow={"slide_type": "notes"}
# Third section: the N-dimensional array, and the single most important performance idea in the stack.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The ndarray: one typed block of memory

# %%
a = np.arange(12, dtype="float64").reshape(3, 4)
print(a)
print("dtype", a.dtype, "| shape", a.shape, "| strides", a.strides, "| bytes", a.nbytes)
print("column means:", a.mean(axis=0))
print("broadcast a row: ", (a - a.mean(axis=0))[0])
print("a column is a view:", np.shares_memory(a[:, 1], a), "| its strides", a[:, 1].strides)
floats = a.ravel().tolist()                     # the same 12 numbers as Python objects
print("as a list of floats:", sys.getsizeof(floats) + sum(map(sys.getsizeof, floats)), "bytes, vs", a.nbytes)

# %% [markdown] slideshow={"slide_type": "notes"}
# An ndarray is a pointer to a contiguous buffer plus a dtype, a shape and strides. Strides say how many
# bytes to jump along each axis, so a column can be a view on the same memory without copying. Broadcasting
# stretches the row of means over every row without building a full-size array. A Python list, in
# contrast, holds pointers to separate float objects scattered in memory.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Loop vs vectorised vs compiled
#
# The length of a million 2-D vectors, three ways:

# %%
import numba

def lengths_loop(xs, ys):                      # one interpreted step per element
    return [math.sqrt(x * x + y * y) for x, y in zip(xs, ys)]

def lengths_numpy(x, y):                       # four C loops over whole arrays
    return np.sqrt(x * x + y * y)

lengths_numba = numba.njit(lengths_numpy)      # compiled to machine code on first call

x, y = np.random.default_rng(1).standard_normal((2, 1_000_000))
xs, ys = x.tolist(), y.tolist()
lengths_numba(x, y)                            # pay the compilation once, outside the timing
ms = {name: median_ms(run, repeat=3) for name, run in [("Python loop", lambda: lengths_loop(xs, ys)),
                                                      ("NumPy", lambda: lengths_numpy(x, y)),
                                                      ("Numba", lambda: lengths_numba(x, y))]}
for name, took in ms.items():
    print(f"{name:<12} {took:7.1f} ms")
for name in ("NumPy", "Numba"):
    print(f"{name}: {ms['Python loop'] / ms[name]:.0f}x faster than the Python loop on 1,000,000 vectors "
          f"(median of 3, {CORES} cores)")

# %% [markdown] slideshow={"slide_type": "notes"}
# Same arithmetic, three execution models. The loop pays the interpreter for every element. NumPy makes four
# passes in C, with temporary arrays. Numba compiles the same function to machine code; here it mainly
# saves the temporaries. Compilation costs a fraction of a second on the first call, which is why it is
# done before timing.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The gap, across sizes

# %% tags=["hide-input"]
sizes = [1_000, 10_000, 100_000, 1_000_000]
results = {"Python loop": [], "NumPy": [], "Numba": []}
for n in sizes:
    xn, yn = x[:n], y[:n]
    ln, lm = xn.tolist(), yn.tolist()
    results["Python loop"].append(median_ms(lambda: lengths_loop(ln, lm), repeat=3))
    results["NumPy"].append(median_ms(lambda: lengths_numpy(xn, yn)))
    results["Numba"].append(median_ms(lambda: lengths_numba(xn, yn)))
fig, ax = plt.subplots(figsize=(9, 4), dpi=90)
for (name, values), colour in zip(results.items(), ["#dc2626", "#2563eb", "#16a34a"]):
    ax.plot(sizes, values, "o-", color=colour, label=name)
ratio = results["Python loop"][-1] / results["NumPy"][-1]
ax.set(xscale="log", yscale="log", xlabel="number of vectors", ylabel="time (ms, median of runs)",
       title=f"NumPy is {ratio:.0f}x faster than the loop at 1M elements (this machine, this build)")
ax.grid(alpha=0.3)
ax.legend(frameon=False)
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"}
# On a log-log scale the three lines are roughly parallel: every method is linear in n, but the constants
# differ by one to two orders of magnitude. The gap is not constant: for tiny arrays NumPy's fixed cost per
# call shows, and for the largest ones its temporary arrays no longer fit in the CPU caches, which is where
# Numba's single pass gains most. The lesson: think in whole-array operations, and reach for a compiler
# only when an algorithm cannot be expressed that way.

# %% [markdown] slideshow={"slide_type": "slide"}
# # pandas essentials
#
# > The DataFrame on 60,000 generated bike rides: read, filter, group, merge, reshape, and measure the
# > memory it takes.

# %% [markdown] slideshow={"slide_type": "notes"}
# Fourth section: the DataFrame, on a small generated bike-sharing dataset: 60,000 rides in May 2026 from
# 40 stations in five districts.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Read a CSV

# %%
rides = pd.read_csv(SCRATCH / "rides.csv", parse_dates=["start_time"])
print(rides.shape)
print(rides.dtypes.to_string())
table(rides.head(4))

# %% [markdown] slideshow={"slide_type": "notes"}
# read_csv guessed a type for each column; we only had to say which column holds dates. Each column is
# stored as its own array: int64 and float64 are NumPy arrays, the boolean is a NumPy bool array, and the
# bike type is an object column of Python strings in pandas 2. That last detail will matter on the memory
# slide.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Filter with boolean masks, derive columns

# %%
long_ebike = (rides.bike_type == "electric") & (rides.duration_min > 30)
print(f"{long_ebike.sum():,} long electric rides ({long_ebike.mean():.1%})")

rides["speed_kmh"] = (rides.distance_km / rides.duration_min * 60).round(1)
rides["hour"] = rides.start_time.dt.hour
table(rides.loc[long_ebike, ["start_time", "station_id", "distance_km", "duration_min", "speed_kmh"]]
      .sort_values("duration_min", ascending=False).head(4))

# %% [markdown] slideshow={"slide_type": "notes"}
# A comparison on a column gives a boolean Series, and masks combine with the & and | operators, with
# parentheses. New columns come from whole-column arithmetic, vectorised exactly like the NumPy example.
# The dt accessor exposes parts of timestamps; str does the same for strings.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Group by: split, apply, combine

# %%
summary = (rides.groupby(["bike_type", "member"])
                .agg(rides=("ride_id", "size"), mean_km=("distance_km", "mean"),
                     median_min=("duration_min", "median"), mean_speed=("speed_kmh", "mean"))
                .reset_index())
table(summary, precision=1)

# %% [markdown] slideshow={"slide_type": "notes"}
# groupby splits the rows by the key columns, applies each aggregation to each group, and combines the
# results into a new table. Named aggregations give readable column names. In this generated data,
# electric bikes are faster and members take shorter trips than casual riders, because we made them so.
# This split-apply-combine pattern is exactly the MapReduce idea, on one machine.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Merge with a second table

# %%
print(stations.head(3).to_string(index=False))
enriched = rides.merge(stations, on="station_id", how="left", validate="many_to_one")
by_district = (enriched.groupby("district")
                       .agg(rides=("ride_id", "size"), stations=("station_id", "nunique"))
                       .assign(rides_per_station=lambda d: d.rides / d.stations)
                       .sort_values("rides", ascending=False))
table(by_district.reset_index(), precision=0)

# %% [markdown] slideshow={"slide_type": "notes"}
# merge is the SQL join: here a left join from each ride to the station it started from, which adds the
# district and capacity columns. validate asks pandas to check that each station appears once in the right
# table, a cheap guard against silently duplicated rows. assign with a lambda adds a derived column inside
# a method chain.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Reshape: a pivot table

# %%
busy = enriched.pivot_table(index="district", columns="bike_type", values="ride_id",
                            aggfunc="count", margins=True, margins_name="total")
busy["electric share"] = (busy["electric"] / busy["total"]).round(3)
table(busy.reset_index(), precision=3)

# %% [markdown] slideshow={"slide_type": "notes"}
# pivot_table is a groupby on two keys followed by a reshape: one key becomes the rows, the other the
# columns. margins adds the totals. The share column shows what the generator hid in the data: riders in
# the Hills district take electric bikes about twice as often. The reverse operation, wide to long, is melt.
# These reshapes are cheap on one machine but need a shuffle on a cluster.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Memory: measure it, then shrink it

# %%
before = rides.memory_usage(deep=True, index=False)      # deep: count the string objects too
slim = rides.astype({"bike_type": "category", "station_id": "int16", "hour": "int8",
                     "distance_km": "float32", "duration_min": "float32", "speed_kmh": "float32"})
after = slim.memory_usage(deep=True, index=False)
print(f"total: {before.sum() / 2**20:.2f} MiB -> {after.sum() / 2**20:.2f} MiB")
report = pd.DataFrame({"dtype before": rides.dtypes.astype(str), "KB before": before / 1024,
                       "dtype after": slim.dtypes.astype(str), "KB after": after / 1024})
table(report.reset_index(names="column"), size=16, precision=0)

# %% [markdown] slideshow={"slide_type": "notes"}
# deep=True counts the Python string objects too; without it, pandas only counts the 8-byte pointers and
# badly underestimates object columns. The bike type column, two distinct strings repeated 60,000 times,
# dominates. As a category it becomes small integer codes plus a two-entry dictionary. Downcasting numbers
# helps when the precision allows it: a station id fits in int16, a ride duration in float32.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: shrinking a DataFrame
#
# A 10-million-row DataFrame has a `country` column of Python strings with 5 distinct values. Which change
# saves the most memory on that column?
#
# - **A.** `df.country.astype("category")`
# - **B.** `df.sort_values("country")`
# - **C.** `df.reset_index(drop=True)`
# - **D.** Saving it to CSV and reading it back

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Answer: A.** A category stores one small integer code per row (int8 here) plus the 5 strings once:
# about 10 MB instead of hundreds of MB of Python string objects. Sorting or resetting the index changes
# nothing, and CSV gives you back object strings.

# %% [markdown] slideshow={"slide_type": "notes"}
# Parquet files remember dictionary-encoded columns, and read_parquet can give categoricals directly, which
# is one more reason to prefer Parquet to CSV. Arrow-backed string columns, the default in pandas 3, also
# shrink strings a lot even without categories.

# %% [markdown] slideshow={"slide_type": "slide"}
# # Apache Arrow, Polars, DuckDB
#
# > Columnar memory shared without copies, and two engines built on it: what do they change compared
# > with pandas?

# %% [markdown] slideshow={"slide_type": "notes"}
# Fifth section: the columnar memory format that now connects most of the ecosystem, and two engines built
# on it.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Arrow: one columnar format for every tool

# %% tags=["hide-input"]
dot = digraph(rankdir="LR", nodesep="0.2", ranksep="1.0")
dot.node("arrow", "Apache Arrow\ncolumnar memory\n(same bytes in every\nlanguage and process)", fillcolor=PALETTE["storage"],
         fontsize="16")
tools = {"left": ["pandas", "Polars", "DuckDB", "Spark\n(toPandas, UDFs)", "Dask"],
         "right": ["Parquet / CSV\nreaders", "Flight RPC\n(network)", "R, Java, Rust,\nC++, JavaScript", "GPU: cuDF",
                   "databases (ADBC)"]}
for i, tool in enumerate(tools["left"]):
    dot.node(f"l{i}", tool, fillcolor=PALETTE["compute"])
    dot.edge(f"l{i}", "arrow", dir="both", label="zero-copy" if i == 0 else "")
for i, tool in enumerate(tools["right"]):
    dot.node(f"r{i}", tool, fillcolor=PALETTE["data"])
    dot.edge("arrow", f"r{i}", dir="both")
dot

# %% [markdown] slideshow={"slide_type": "notes"}
# Before Arrow, every pair of tools needed its own conversion, usually a slow copy through Python objects.
# Arrow specifies the exact layout of columns in memory: a validity bitmap for nulls, a data buffer, offset
# buffers for strings. Any library that uses the same layout can share the buffers without copying or
# converting. PySpark uses Arrow to move data between the JVM and pandas, and Dask uses it for Parquet.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Arrow live: a table is columns of buffers

# %%
import pyarrow as pa
import pyarrow.compute as pc

trips = pa.table({"station": pa.array([101, 102, 101, 104, None], pa.int16()),
                  "bike": pa.array(["classic", "electric", "electric", "classic", "electric"]),
                  "minutes": pa.array([12.5, 8.0, 21.3, 5.2, 14.9])})
print(trips.schema)
bike = trips.column("bike").chunk(0)
print("buffers of 'bike':", [b.size if b is not None else None for b in bike.buffers()],
      "-> validity, offsets, characters")
print("null count of 'station':", trips.column("station").null_count, "| total bytes:", trips.nbytes)

# %% [markdown] slideshow={"slide_type": "notes"}
# An Arrow table is a set of named columns, each made of one or more chunks of contiguous buffers. A string
# column is three buffers: an optional validity bitmap, an array of offsets, and all the characters back to
# back, instead of one Python object per string. Integers can be missing without turning into floats: the
# null is a bit in the validity bitmap.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Zero-copy to NumPy and pandas

# %%
minutes = trips.column("minutes").chunk(0)
as_numpy = minutes.to_numpy(zero_copy_only=True)          # raises if a copy would be needed
print("NumPy view shares Arrow's buffer:", minutes.buffers()[1].address == as_numpy.ctypes.data)

frame = trips.to_pandas(types_mapper=pd.ArrowDtype)       # pandas columns backed by Arrow memory
print(frame.dtypes.to_dict())
inside = pa.array(frame["minutes"].array)                 # the Arrow array inside the pandas column
print("pandas column shares it too:   ", inside.buffers()[1].address == minutes.buffers()[1].address)

back = pa.array(rides.distance_km)                        # and the other way: pandas/NumPy -> Arrow
print("NumPy-backed pandas -> Arrow:  ", np.shares_memory(back.to_numpy(), rides.distance_km.to_numpy()))

# %% [markdown] slideshow={"slide_type": "notes"}
# The addresses are equal: the NumPy array and the pandas column point at the very same bytes as the Arrow
# array, nothing was copied. That works for numeric columns without nulls; strings or nulls with NumPy
# dtypes need a conversion. pandas can also keep Arrow types in its columns, the ArrowDtype shown here,
# which is how pandas 3 stores strings by default.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## `pyarrow.compute`: vectorised kernels on Arrow data

# %%
table_rides = pa.Table.from_pandas(rides[["station_id", "bike_type", "distance_km", "duration_min"]])
electric = table_rides.filter(pc.equal(table_rides["bike_type"], "electric"))
print("electric rides:", electric.num_rows, "| mean km:", round(pc.mean(electric["distance_km"]).as_py(), 3))
print("bike types:", pc.value_counts(table_rides["bike_type"]).to_pylist())
print("upper-cased:", pc.utf8_upper(table_rides["bike_type"].slice(0, 3)).to_pylist())
top = (table_rides.group_by("station_id")
                  .aggregate([("duration_min", "mean"), ("station_id", "count")])
                  .sort_by([("station_id_count", "descending")]).slice(0, 3))
table(top.to_pandas(), precision=2)

# %% [markdown] slideshow={"slide_type": "notes"}
# pyarrow.compute is a library of C++ kernels that work directly on Arrow arrays: comparisons, arithmetic,
# string functions, aggregations, and a group-by engine. It is lower level than pandas, but it is what
# engines such as Dask's Parquet reader and many Arrow-based tools call underneath. No pandas object was
# involved in the group-by.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Polars: a lazy query, optimised before it runs
#
# A DataFrame library written in Rust on Arrow memory, multi-threaded, with a query optimiser:

# %%
import polars as pl

query = (pl.scan_parquet(SCRATCH / "rides.parquet")          # lazy: nothing is read yet
           .filter(pl.col("bike_type") == "electric")
           .group_by("station_id")
           .agg(pl.col("duration_min").mean().alias("mean_min"), pl.len().alias("rides"))
           .sort("rides", descending=True))
print(query.explain())                                        # the optimised plan

# %% [markdown] slideshow={"slide_type": "notes"}
# Polars has an eager API close to pandas and this lazy one. scan_parquet only builds a plan; explain shows
# it after optimisation, read from the bottom: the scan reads 3 of the 7 columns and applies the filter
# while reading (SELECTION), exactly the projection and predicate pushdown that Spark and Dask perform. The
# expression syntax, pl.col(...), replaces pandas' lambdas and string methods.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Polars: run it

# %%
result = query.collect()                                      # optimise, then run on all cores
print(type(result).__name__, result.shape)
table(result.head(4).to_pandas())

# %% [markdown] slideshow={"slide_type": "notes"}
# collect executes the plan and returns an eager Polars DataFrame; to_pandas converts it through Arrow for
# the slide. Polars can also stream a query over data larger than memory, processing it in batches. Its
# API is deliberately not pandas-compatible: cleaner and more predictable, but it must be learnt.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## DuckDB: SQL on DataFrames and files, in process

# %%
import duckdb

print(duckdb.sql("""SELECT district, bike_type, count(*) AS rides, round(avg(duration_min), 1) AS mean_min
                    FROM enriched                        -- a pandas DataFrame, found by its name
                    GROUP BY ALL ORDER BY rides DESC LIMIT 4""").df())

path = str(SCRATCH / "rides.parquet")
print(duckdb.sql(f"""SELECT member, round(avg(distance_km), 2) AS mean_km, count(*) AS rides
                     FROM '{path}'                       -- or a Parquet file (also *.parquet, s3://...)
                     GROUP BY member ORDER BY member""").df())

# %% [markdown] slideshow={"slide_type": "notes"}
# DuckDB is an analytical database that lives inside the Python process, like SQLite but columnar and
# vectorised. It can query a pandas or Polars DataFrame, or an Arrow table, directly by its variable name,
# usually without copying, and it reads Parquet and CSV files, locally or on object storage. The df method
# hands the result back as pandas. GROUP BY ALL groups by every column that is not aggregated.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The same group-by in several engines
#
# Mean duration per station over **2 million** rides, every engine on the same rows, median of 3 runs:

# %%
n = 2_000_000
gen = np.random.default_rng(7)
big = pd.DataFrame({"station_id": gen.integers(100, 1_100, n), "duration_min": gen.gamma(2.0, 7.0, n)})
big_arrow = pa.Table.from_pandas(big, preserve_index=False)
big_polars = pl.from_arrow(big_arrow)
keys, values = big.station_id.to_numpy(), big.duration_min.to_numpy()

def python_dict(frame):                       # the hand-written loop
    sums, counts = defaultdict(float), defaultdict(int)
    for k, v in zip(frame.station_id.tolist(), frame.duration_min.tolist()):
        sums[k] += v; counts[k] += 1
    return {k: sums[k] / counts[k] for k in sums}

# %% [markdown] slideshow={"slide_type": "notes"}
# Two million rows and a thousand stations: small enough for this machine, big enough to measure, and
# every engine, the hand-written loop included, works on exactly these rows. Each engine gets the data in
# its own format beforehand, so the timing is the aggregation only, not the conversion.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Timing the engines

# %%
engines = {
    "pure Python dict": lambda: python_dict(big),
    "pandas groupby": lambda: big.groupby("station_id").duration_min.mean(),
    "pyarrow group_by": lambda: big_arrow.group_by("station_id").aggregate([("duration_min", "mean")]),
    "NumPy bincount": lambda: np.bincount(keys, values) / np.maximum(np.bincount(keys), 1),
    "Polars group_by": lambda: (big_polars.lazy().group_by("station_id").agg(pl.col("duration_min").mean())
                                .collect()),
    "DuckDB SQL": lambda: duckdb.sql("SELECT station_id, avg(duration_min) FROM big_arrow GROUP BY 1").arrow(),
}
timings = {name: median_ms(run, repeat=3) for name, run in engines.items()}
for name, ms in timings.items():
    print(f"{name:<24} {ms:8.1f} ms")
slowest = max((name for name in timings if "Python" not in name), key=timings.get)
print(f"slowest compiled engine, {slowest}: {timings['pure Python dict'] / timings[slowest]:.0f}x faster than "
      f"the Python loop (median of 3, {CORES} cores)")

# %% [markdown] slideshow={"slide_type": "notes"}
# The last line is the lesson: even the slowest compiled engine of this run leaves the loop far behind.
# NumPy's bincount is a trick that works only for small non-negative integer keys, included as a lower
# bound of what a specialised loop in C can do. Polars runs its lazy API here, as on the previous slides.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The timings, plotted

# %% tags=["hide-input"]
order = sorted(timings, key=timings.get)
fig, ax = plt.subplots(figsize=(9.5, 3.6), dpi=90)
bars = ax.barh(order, [timings[name] for name in order],
               color=["#dc2626" if "Python" in name else "#2563eb" for name in order])
ax.bar_label(bars, labels=[f"{timings[name]:,.0f} ms" for name in order], padding=4)
ax.set(xscale="log", xlabel=f"milliseconds for 2M rows (log scale, lower is better; {CORES} cores)")
ax.invert_yaxis()
ax.set_xlim(right=max(timings.values()) * 4)
for side in ("top", "right"):
    ax.spines[side].set_visible(False)
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# Measured while this deck was built: **the figures depend on the machine, the data and the versions**.
# What transfers is the gap between the Python loop (red) and every compiled engine (blue), not their order.

# %% [markdown] slideshow={"slide_type": "notes"}
# The ranking among the compiled engines changes with the key type, the number of groups, the number of
# cores and the versions, and between two builds on a busy machine, so do not read anything into it.
# Polars and DuckDB parallelise the aggregation over all cores while pandas uses one; with two shared cores
# their advantage is small or absent here, and on a laptop with eight or more cores it grows. Benchmark
# your own workload rather than trusting a blog post.

# %% [markdown] slideshow={"slide_type": "slide"}
# # Visualisation, notebooks, machine learning
#
# > The rest of the everyday toolbox, briefly: plotting libraries and their back ends, notebooks and
# > their pitfalls, machine-learning libraries.

# %% [markdown] slideshow={"slide_type": "notes"}
# Sixth section: the rest of the everyday toolbox, more briefly.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The visualisation landscape

# %% tags=["hide-input"]
VIZ = {
    "matplotlib\n(static: PNG, SVG, PDF)": ["seaborn\n(statistical plots)", "pandas .plot", "plotnine\n(grammar of graphics)",
                                            "Cartopy\n(maps)"],
    "Bokeh\n(interactive, browser)": ["HoloViews", "hvPlot", "Panel\n(dashboards)", "GeoViews"],
    "Plotly.js\n(interactive, browser)": ["Plotly Express", "Dash\n(dashboards)"],
    "Vega-Lite\n(JSON grammar)": ["Altair"],
}
dot = digraph(rankdir="LR", nodesep="0.12", ranksep="0.5", size="12,5.4")
for i, (backend, libraries) in enumerate(VIZ.items()):
    dot.node(f"b{i}", backend, fillcolor=PALETTE["storage"], fontsize="15")
    for j, library in enumerate(libraries):
        dot.node(f"b{i}l{j}", library, fillcolor=PALETTE["data"], fontsize="13")
        dot.edge(f"b{i}", f"b{i}l{j}")
dot.node("ds", "Datashader\n(billions of points\nrendered to an image)", fillcolor=PALETTE["compute"], fontsize="13")
dot.edge("ds", "b1l0", style="dashed", label="feeds")
dot

# %% [markdown] slideshow={"slide_type": "notes"}
# Most Python plotting libraries are front ends to a few rendering engines. matplotlib produces static
# figures for papers and these slides; seaborn and pandas' plot method sit on top of it. Bokeh and Plotly
# draw in the browser with JavaScript, which gives zoom and hover. HoloViz, formerly PyViz, groups HoloViews,
# hvPlot, Panel, GeoViews and Datashader; Datashader turns billions of points into an image first.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A chart straight from pandas

# %%
per_hour = enriched.pivot_table(index="hour", columns="member", values="ride_id", aggfunc="count") / 31
per_hour.columns = ["casual riders", "members"]
ax = per_hour.plot(figsize=(9, 3.6), marker="o", color=["#f59e0b", "#2563eb"],
                   ylabel="rides per day", xlabel="hour of the day")
ax.set_title("Generated rides, May 2026: average rides started per hour")
ax.grid(alpha=0.3)
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"}
# pandas' plot method calls matplotlib with sensible defaults: one line per column, the index on the x
# axis. The two commuting peaks were built into the generator; real bike-sharing data, which many cities
# publish as open data, show the same shape on weekdays and a single afternoon bump at weekends. That is a
# good exercise: load a real month and compare.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Notebooks: Jupyter and its relatives
#
# - **Jupyter**: a notebook = ordered **cells** (code, Markdown) + their **outputs**, stored as JSON
#   (`.ipynb`); code runs in a **kernel** (Python, R, Julia... "Ju-Pyt-R")
# - **JupyterLab** (the IDE-like interface) and **Notebook 7** (the classic view, now built on
#   JupyterLab components); **JupyterHub** serves them to many users, e.g. on Kubernetes
# - **Binder** (mybinder.org): turns a Git repository with an environment file into a live temporary
#   notebook server; **Google Colab**, Kaggle: hosted notebooks with free GPUs, limited sessions
# - **VS Code**, PyCharm, Positron open `.ipynb` files too; **Jupytext** pairs them with plain `.py`
#   scripts (this course's decks are Jupytext files executed at build time)
# - Notebooks are great for **exploration, teaching, reports**; less so for code that must be tested,
#   reviewed and reused

# %% [markdown] slideshow={"slide_type": "notes"}
# Jupyter made the literate, interactive style of work standard in data science. JupyterHub is what
# universities and Pangeo-style platforms deploy on Kubernetes, which connects to day 2 (decks 12 and 13).
# Mention that the slides in front of them are themselves notebooks, stored as Python scripts and executed
# by a build tool every time they change.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Notebook good practices
#
# | problem | habit |
# |---|---|
# | cells run out of order leave **hidden state** | *Restart kernel and run all* before sharing; number-free order |
# | results change from one run to the next | **seed** random generators, record library **versions** |
# | "works on my machine" | pin the environment (`requirements.txt`, `environment.yml`, `uv.lock`, `pixi.toml`) |
# | huge diffs, leaked data in outputs | strip outputs before committing (`nbstripout`) or pair with **Jupytext** |
# | copy-pasted helper code | move reusable functions to a **module** and `import` it; write tests for it |
# | same notebook, many inputs | parameterise and execute in batch (**papermill**, `nbclient`) |
# | credentials in cells | environment variables or a secrets store, **never** in the notebook |

# %% [markdown] slideshow={"slide_type": "notes"}
# Studies of notebooks on GitHub found that a large share cannot be re-executed as they are. Most of these
# habits take seconds and prevent that. The single most useful one is restart and run all: if the notebook
# does not survive it, its results are not reproducible. The evaluation notebook will be run from top to
# bottom by the grader.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Machine learning and deep learning libraries
#
# | library | for | notes |
# |---|---|---|
# | **scikit-learn** | classic ML: regression, classification, clustering, pipelines | CPU, in-memory, the common `fit` / `predict` API |
# | **XGBoost**, **LightGBM**, CatBoost | gradient-boosted trees on tables | often the best model for tabular data; Dask and Spark integrations |
# | **PyTorch** | deep learning, research and production | dominant in research; PyTorch Foundation (Linux Foundation) |
# | **JAX** | NumPy-like arrays + autodiff + XLA compilation | TPUs and GPUs, functional style |
# | **TensorFlow** / **Keras 3** | deep learning | Keras 3 runs on JAX, TensorFlow or PyTorch |
# | **Hugging Face** (Transformers, Datasets) | pretrained models, NLP, vision | datasets stored as Arrow / Parquet |
# | statsmodels, Prophet, sktime | statistics, time series | |
# | Spark MLlib, dask-ml, Ray | distributed training and tuning | see the Spark and Dask decks |

# %% [markdown] slideshow={"slide_type": "notes"}
# The split to remember: scikit-learn and the boosting libraries for tabular data on CPUs, PyTorch or JAX
# for deep learning on GPUs. Asking which deep learning library is best is a trap: all of them are good,
# and the choice depends on the team and the models available. Note how Arrow reappears with Hugging Face
# datasets.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## scikit-learn: a pipeline in a few lines

# %%
from sklearn.compose import make_column_transformer
from sklearn.linear_model import Ridge
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

X, y = enriched[["distance_km", "bike_type", "district"]], enriched.duration_min
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
model = make_pipeline(make_column_transformer((OneHotEncoder(), ["bike_type", "district"]),
                                              remainder="passthrough"), Ridge())
model.fit(X_train, y_train)
print(f"R^2 on held-out rides: {model.score(X_test, y_test):.3f}")

# %% [markdown] slideshow={"slide_type": "notes"}
# Every scikit-learn estimator has fit, predict and score, and pipelines chain preprocessing and model so
# that the test set is transformed exactly like the training set. The model predicts ride duration from
# distance, bike type and district: a decent fit, because that is how the data were generated. The same
# API is what dask-ml and the Dask joblib backend scale in deck 22.

# %% [markdown] slideshow={"slide_type": "slide"}
# # Where the stack stops scaling
#
# > Memory, one core, one machine: which wall do you hit first, and what do Dask and Spark add?

# %% [markdown] slideshow={"slide_type": "notes"}
# Last section: the limits of one process on one machine, and the bridge to Dask and Spark.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Three walls
#
# - **Memory**: pandas needs **5 to 10 times** the size of the data set in RAM (Wes McKinney's rule of
#   thumb, 2017): parsed Python objects, copies, and the temporaries of merges and group-bys
# - **One core**: most pandas and NumPy operations use a single core (BLAS and a few others excepted)
# - **One machine**: a laptop or a VM has finite RAM, disks and network; beyond it you must distribute
#
# | size of the data set | typical tools |
# |---|---|
# | up to a tenth of the RAM (a few GB on a laptop) | pandas, NumPy: the simplest tools win |
# | up to the RAM and beyond, on one machine | Polars, DuckDB, Arrow datasets (they stream); pandas with care |
# | more than one machine holds, or many cores or GPUs needed | **Dask**, **Spark**, Ray; data in Parquet / Zarr on object storage |

# %% [markdown] slideshow={"slide_type": "notes"}
# The first row follows from the rule of thumb: at 5 to 10 times the data size, a 16 GB laptop runs
# pandas comfortably on 2 to 3 GB. McKinney's post explains where the factor comes from and how Arrow
# reduces it. The boundaries are rough and move every year as machines grow and engines improve. The
# message is to climb the ladder only when needed: a cluster adds latency, cost and failure modes. But when
# the data outgrow one machine, or a computation needs hundreds of cores, distributed engines are the way
# forward.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What Dask and Spark add: the same group-by, partitioned

# %%
import dask.dataframe as dd

partitioned = dd.from_pandas(enriched[["district", "bike_type", "duration_min"]], npartitions=4)
lazy = partitioned.groupby(["district", "bike_type"]).duration_min.mean()
print(type(lazy).__name__, "with", partitioned.npartitions, "partitions: nothing computed yet")
print("same answer as pandas:",
      np.allclose(lazy.compute().sort_index(),
                  enriched.groupby(["district", "bike_type"]).duration_min.mean().sort_index()))

# %% [markdown] slideshow={"slide_type": "fragment"}
# - **Partitions** (each a pandas DataFrame or NumPy array) processed **in parallel**, on many cores or machines
# - **Lazy task graphs**, optimised, then run by a scheduler; data **streamed** from Parquet / Zarr
# - Spark does the same for DataFrames and SQL on the JVM; Dask keeps the pandas / NumPy API in Python

# %% [markdown] slideshow={"slide_type": "notes"}
# This is the bridge to deck 22. The Dask code is the pandas code, applied to a collection of pandas
# DataFrames: each partition computes partial sums and counts, and a final step combines them, as in
# MapReduce. Here the data fit in memory anyway; the point is that the same lines work when the partitions
# are files on S3 and the workers are pods on Kubernetes.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: the first thing to try
#
# Your pandas notebook runs out of memory loading a **6 GB CSV** on a 16 GB laptop. You only need 5 of its
# 40 columns. What should you try **first**?
#
# - **A.** Rent a 20-node Spark cluster
# - **B.** Read only the needed columns with compact dtypes (`usecols`, `dtype`, categories), convert once to
#   Parquet, or use a single-machine engine (DuckDB, Polars, Dask on the laptop)
# - **C.** Rewrite the analysis in C++
# - **D.** Increase the swap space to 64 GB

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Answer: B.** The data are not "big" for one machine once stored and typed sensibly. A cluster (A) is for
# when that is no longer enough; C costs weeks; D turns an out-of-memory error into a very slow job.

# %% [markdown] slideshow={"slide_type": "notes"}
# This question has a practical lesson behind it: most "big data" problems students meet are medium data
# handled badly. Five columns with proper types might need under 1 GB. Keep the cluster for the cases where
# the data or the computation truly exceed one machine, as the day-4 evaluation (lab 30) pretends to.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Takeaways
#
# - Python is the **glue**; the speed comes from compiled kernels: **vectorise** instead of looping
# - The **GIL** blocks pure-Python threads, not NumPy / pandas / Arrow kernels
# - **pandas**: read, filter, groupby, merge, pivot; watch memory with `memory_usage(deep=True)`,
#   use categories and compact dtypes
# - **Arrow** is the shared columnar memory: zero-copy between pandas, NumPy, Polars, DuckDB, Spark
# - Plot with matplotlib and friends, explore in **notebooks**, but restart and run all
# - One machine goes far (Polars, DuckDB); beyond it, **Dask** and **Spark** partition the same work
#
# **Deck 22:** Dask and the Pangeo ecosystem.

# %% [markdown] slideshow={"slide_type": "notes"}
# Summarise with the performance story: loops to vectorised code, one core to many, one machine to a
# cluster. Each step up the ladder costs complexity, so take it only when the previous one runs out.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Further reading
#
# - W. McKinney, [*Apache Arrow and the 10 Things I Hate About pandas*](https://wesmckinney.com/blog/apache-arrow-pandas-internals/)
#   (2017): where pandas' memory goes, and why Arrow
# - C. R. Harris et al., [*Array programming with NumPy*](https://www.nature.com/articles/s41586-020-2649-2),
#   Nature 585 (2020)
# - The [Arrow columnar format](https://arrow.apache.org/docs/format/Columnar.html) specification
# - [Polars user guide](https://docs.pola.rs/) (lazy queries, streaming); [DuckDB documentation](https://duckdb.org/docs/)
# - [PEP 703](https://peps.python.org/pep-0703/): making the GIL optional in CPython (the free-threaded build)

# %% [markdown] slideshow={"slide_type": "notes"}
# McKinney's post is the source of the course's memory rule and a clear explanation of the design limits
# of pandas by its author. The NumPy paper describes the array model behind every slide of the NumPy
# section. PEP 703 explains what removing the GIL costs and why it is optional for now.

# %% tags=["remove-cell"]
# Remove the scratch folder written by this deck.
import shutil

shutil.rmtree(SCRATCH, ignore_errors=True)
