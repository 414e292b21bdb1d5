# ---
# jupyter:
#   course:
#     title: "Evaluation: Clean Big Data, Train Models in Parallel"
#     day: 4
#     slot: 09:00-09:30
#     summary: "The evaluation: the data, the tasks, how it is graded, practical advice"
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Evaluation: Clean Big Data, Train Models in Parallel
#
# A graded Dask notebook on New York taxi fares
#
# Big Data Processing & Distribution

# %% [markdown] slideshow={"slide_type": "notes"}
# Today is the evaluation. This short deck explains what you will do, what the data looks like, how the
# work is graded and how to hand it in. Keep it open during the day: the grading table and the submission
# rules are at the end.

# %% tags=["remove-cell"]
import numpy as np
import pandas as pd

from course import digraph
from course.diagrams import PALETTE

pd.set_option("display.width", 160)
pd.set_option("display.precision", 4)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What you will do
#
# Show, with numbers, **when a distributed system helps**: data that does not fit in memory, and many
# computations that can run at the same time.
#
# 1. **Baseline with pandas** on a slice of the data: how long, how much memory, what breaks
# 2. **Start a Dask cluster** (local, Binder or a real cluster) and open its dashboard
# 3. **Explore the full dataset lazily**: partitions, `len`, `head`, a groupby, `persist`
# 4. **Clean it** at scale: find and remove the dirty rows, build features
# 5. **Train a model on all the rows** (a distributed linear model) and measure its error
# 6. **Train many models in parallel** on a sample: hyper-parameter search on the Dask joblib backend
# 7. **Answer the questions** in the notebook, in your own words

# %% [markdown] slideshow={"slide_type": "notes"}
# The notebook alternates code cells to fill and questions to answer. The questions matter as much as the
# code: we want you to explain why something is slow or fast, not only to make it run. Everything uses the
# APIs of deck 22 and lab 22 (day 3).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The pipeline you will build

# %% tags=["hide-input"]
dot = digraph(rankdir="LR", nodesep="0.3", ranksep="0.45", size="11.5,5!")
dot.node("csv", "training files\n(Parquet / CSV,\nlocal or object storage)", fillcolor=PALETTE["storage"])
dot.node("lazy", "Dask DataFrame\nread_parquet (lazy)", fillcolor=PALETTE["data"])
dot.node("clean", "clean + features\nthen persist", fillcolor=PALETTE["compute"])
dot.node("big", "linear model\non all rows\n(dask-ml)", fillcolor=PALETTE["compute"])
dot.node("sample", "sample\n(a few %)", fillcolor=PALETTE["data"])
dot.node("search", "hyper-parameter\nsearches in parallel\n(joblib on Dask, dask-ml)", fillcolor=PALETTE["compute"])
dot.node("test", "hold-out set:\nRMSE (USD)", fillcolor=PALETTE["control"], shape="ellipse")
dot.edges([("csv", "lazy"), ("lazy", "clean"), ("clean", "big"), ("clean", "sample"), ("sample", "search")])
dot.edge("big", "test")
dot.edge("search", "test")
dot

# %% [markdown] slideshow={"slide_type": "notes"}
# Two branches after cleaning. The upper branch trains one simple model on every row, which is possible
# only because the model can learn chunk by chunk. The lower branch trains many models on a small sample,
# which is embarrassingly parallel. Both are scored on the same hold-out file with the root mean squared
# error, in dollars.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The data: NYC taxi fares
#
# Modelled on a public taxi-fare prediction dataset: about 55 million rides from 2009 to 2015. In class
# you get a generated dataset with the same columns and the same kinds of problems.
#
# | column | type | meaning |
# |---|---|---|
# | `key` | string | unique id: pickup time + a counter |
# | `fare_amount` | float | price of the ride in USD: **the target** |
# | `pickup_datetime` | string | `YYYY-MM-DD HH:MM:SS UTC` |
# | `pickup_longitude`, `pickup_latitude` | float | where the ride started (degrees) |
# | `dropoff_longitude`, `dropoff_latitude` | float | where it ended (degrees) |
# | `passenger_count` | int | number of passengers, typed in by the driver |
#
# Metric: **RMSE** on a labelled hold-out file (lower is better).

# %% [markdown] slideshow={"slide_type": "notes"}
# Eight columns, one target. The coordinates and the passenger count are typed or recorded by devices in
# the cab, which is where most errors come from. New York sits around longitude minus 74 and latitude 41;
# remember that when you look at the coordinates.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A tiny sample, generated here: clean rides first

# %%
rng, n = np.random.default_rng(2027), 2_000
pickup = pd.Timestamp("2009-01-01") + pd.to_timedelta(rng.integers(0, 205_000_000, n), unit="s")
lon, lat, dlon, dlat = (rng.normal(m, s, n) for m, s in [(-73.975, .03), (40.75, .025), (0, .02), (0, .02)])
km = np.abs(dlon) * 84 + np.abs(dlat) * 111          # 1 degree is ~84 km east-west, ~111 km north-south
per_km = np.where(pickup < pd.Timestamp("2012-09-04"), 1.24, 1.55)   # the meter's rate rose in 2012
trips = pd.DataFrame({
    "key": pickup.strftime("%Y-%m-%d %H:%M:%S.") + pd.Index(range(n)).astype(str).str.zfill(7),
    "fare_amount": (2.5 + per_km * km + rng.normal(0, 1, n)).clip(2.5).round(2),
    "pickup_datetime": pickup.strftime("%Y-%m-%d %H:%M:%S UTC"),
    "pickup_longitude": lon, "pickup_latitude": lat, "dropoff_longitude": lon + dlon,
    "dropoff_latitude": lat + dlat, "passenger_count": rng.choice(6, n, p=[.69, .15, .05, .04, .05, .02]) + 1})
trips.head(3).T

# %% [markdown] slideshow={"slide_type": "notes"}
# A seeded generator, so everyone gets the same rows. Pickups fall in Manhattan, rides are a couple of
# kilometres, and the fare follows the meter: a 2.50 dollar flag drop plus a rate per kilometre that went up
# in September 2012. The real data is noisier, but the shape is the same.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## ...then the dirt
#
# Each kind of problem is injected into 20 rows (1 % each: far more often than in the real data, so that
# a small sample shows it):

# %%
kinds = ["missing dropoff", "(0, 0) pickup", "impossible latitude", "lat/lon swapped", "negative fare",
         "huge fare", "0 passengers", "200+ passengers"]
dirty, bad = trips.copy(), dict(zip(kinds, np.split(rng.permutation(n)[:160], 8)))  # 8 groups of 20 rows
dirty.loc[bad["missing dropoff"], ["dropoff_longitude", "dropoff_latitude"]] = np.nan
dirty.loc[bad["(0, 0) pickup"], ["pickup_longitude", "pickup_latitude"]] = 0.0
dirty.loc[bad["impossible latitude"], "dropoff_latitude"] *= rng.choice([-100, 10, 100], 20)  # digits shifted
swap, pickup_xy = bad["lat/lon swapped"], ["pickup_longitude", "pickup_latitude"]
dirty.loc[swap, pickup_xy] = dirty.loc[swap, pickup_xy[::-1]].to_numpy()
dirty.loc[bad["negative fare"], "fare_amount"] *= -1
dirty.loc[bad["huge fare"], "fare_amount"] = rng.uniform(300, 95_000, 20).round(2)
dirty.loc[bad["0 passengers"], "passenger_count"] = 0
dirty.loc[bad["200+ passengers"], "passenger_count"] = rng.integers(200, 241, 20)

# %% [markdown] slideshow={"slide_type": "notes"}
# Eight kinds of dirt, each in twenty different rows. In the real file the rates are much smaller, a
# few hundred rows with missing coordinates out of 55 million, around two percent of rides at (0, 0), but
# on tens of millions of rows even a tiny rate is thousands of rows that can wreck a model.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Spot the dirt: one example of each kind

# %%
columns = ["fare_amount", "pickup_longitude", "pickup_latitude", "dropoff_longitude",
           "dropoff_latitude", "passenger_count"]
short = dict(zip(columns, ["fare", "pickup lon", "pickup lat", "dropoff lon", "dropoff lat", "passengers"]))
examples = pd.concat({kind: dirty.loc[rows[:1], columns] for kind, rows in bad.items()})
examples.droplevel(1).rename(columns=short).round(3)

# %% [markdown] slideshow={"slide_type": "fragment"}
# At scale you cannot read rows one by one: use **counts, `describe()`, plots of a sample** to find them,
# and write a **cleaning function** that you apply to the training and the test data.

# %% [markdown] slideshow={"slide_type": "notes"}
# Go through the rows with the class. A missing dropoff cannot give a distance. A pickup at latitude 0,
# longitude 0 is in the Gulf of Guinea, not in New York. Latitudes beyond plus or minus 90 do not exist.
# Swapped coordinates are valid numbers but put the ride in Antarctica. Negative and five-figure fares are
# typing errors or refunds; zero passengers or two hundred are impossible for a cab.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What `describe()` and `isnull()` reveal

# %%
summary = dirty[columns].describe().loc[["mean", "min", "50%", "max"]]
summary.loc["nulls"] = dirty[columns].isnull().sum()
summary.rename(columns=short).round(2)

# %% [markdown] slideshow={"slide_type": "fragment"}
# - Minimum and maximum expose the impossible values; the median (50 %) is barely affected
# - The mean fare is pulled up by a handful of huge fares: the kind of effect that ruins an RMSE
# - With Dask: the same calls, then `.compute()`; on the full data they take a full pass over the files

# %% [markdown] slideshow={"slide_type": "notes"}
# This is the first thing to run on any new dataset. Point out that the median is robust while the mean is
# not; the same is true of a least-squares model, which is why cleaning comes before training. In the
# notebook, one question asks you to name at least two odd values you found this way.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Grading: a fresh run of your notebook, with your data
#
# - Set **`STUDENT_ID`** first: your data, and the order of every question's options, are generated from it
# - The instructor re-executes your notebook from top to bottom, in a fresh kernel, with your id; answers
#   are compared with references computed from **your** data; written answers are marked by hand

# %% tags=["hide-input"]
from course.grading.graded import GRADED

KINDS = {"value": "values, functions and models (checked automatically)",
         "choice": "questions (automatic; options shuffled per student)", "written": "written answers (by hand)"}
contract = GRADED["30_evaluation"]
rows = [(KINDS[kind], ", ".join(f"`{item.name}`" for item in contract.items if item.kind == kind),
         sum(item.points for item in contract.items if item.kind == kind)) for kind in KINDS]
rows.append(("total", "", sum(item.points for item in contract.items)))
from IPython.display import Markdown

Markdown("| what | names | points |\n|---|---|---|\n" + "\n".join(f"| {what} | {names} | {points} |"
                                                            for what, names, points in rows))

# %% [markdown] slideshow={"slide_type": "notes"}
# The table is drawn from the lab's grading contract, so it cannot disagree with the grader. What counts is
# what the notebook computes when it runs from the top with the student's id, not an old output. Everyone
# has different data and a different order of options, so answers cannot be copied from a neighbour. The
# self-check in the last cell only says whether each answer has the expected form; it never says whether
# it is right. Written answers are where reasoning shows: a few precise sentences with the measured numbers.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## How to submit
#
# - Work in **your own copy** of the evaluation notebook, `labs/30_evaluation.ipynb`
# - Name it `evaluation_<lastname>_<firstname>.ipynb`; keep every required name as written
# - **Download it regularly**, with its outputs: cloud and Binder sessions can be stopped without warning
# - Before submitting: *Restart kernel and run all* with the default (small) data and your `STUDENT_ID`; the
#   last cell must list every answer as "ok"
# - Hand in the `.ipynb` on the course's learning platform, before the deadline the instructor gives you
# - Individual work: discuss ideas, but write your own code and your own answers

# %% [markdown] slideshow={"slide_type": "notes"}
# The most common disaster is a session that dies with hours of unsaved work, so download often. Since the
# grader re-executes the notebook, a cell that only works after running cells out of order will fail:
# restart and run everything once before handing in.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Where the lab runs
#
# | where | Dask cluster | data | use it for |
# |---|---|---|---|
# | **Your laptop** | `LocalCluster` from `course.dask_client()` | generated locally: 200,000 trips in 8 files by default (about 2 min on 2 cores) | preparing, debugging, the graded run |
# | **Binder** | the same, in a container built from the repository's `environment.yml` | the default size | when you cannot install anything |
# | **A real Dask cluster** (Kubernetes from day 2, Dask-Gateway, the Dask operator) | remote scheduler and workers | up to 200 million trips, on storage every worker can read | seeing real scale |
#
# Same notebook everywhere; environment variables choose the cluster and the size:
#
# ```bash
# export DASK_SCHEDULER_ADDRESS=tcp://<scheduler>:8786   # otherwise a LocalCluster starts
# export TAXI_ROWS=200_000_000 TAXI_DATA=s3://<bucket>/taxi  # bigger data, shared by all workers
# ```

# %% [markdown] slideshow={"slide_type": "notes"}
# Start locally with the default size until every cell works; that run is the one graded. Then, if the
# cluster from day 2 is up, point the notebook at it with a larger dataset and compare the timings: that is
# where the questions about partitions and persist become obvious. Binder is a fallback: free, but small,
# and sessions stop after a period of inactivity.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Tips for a good run
#
# - Write and test every step on a **small slice**, then run it once on the full data
# - **`persist()` after cleaning**: every later `compute()` starts from memory instead of the files
# - Reduce before you `compute()`: a count, a mean, a sample. Never `compute()` the whole table
# - Time your cells (`%%time`) and **compare wall time with the total CPU time** of the workers
# - Keep the **dashboard** open (or a `performance_report`): it answers most "why is this slow?" questions
# - Hyper-parameter search: sample first (a few %), convert to NumPy, then search in parallel

# %% [markdown] slideshow={"slide_type": "notes"}
# These tips summarise the best practices of deck 22 (day 3) applied to this notebook. The usual time sinks are
# reading the files again and again, and calling compute on a huge table. Ask for
# help early if your cluster does not start.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: the slow second question
#
# After cleaning, `train.fare_amount.mean().compute()` takes 90 s. Then
# `train.groupby("passenger_count").fare_amount.mean().compute()` takes 90 s again. What is the best fix?
#
# - **A.** Add more workers: the cluster is too small
# - **B.** Call `train = train.persist()` once, right after cleaning
# - **C.** Convert to pandas with `train.compute()` and continue there
# - **D.** Use the synchronous scheduler to avoid overhead

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Answer: B.** A lazy DataFrame recomputes its whole graph, from the files, on every `compute()`.
# `persist` keeps the cleaned partitions in the workers' memory. C moves tens of GB into one process,
# D removes all parallelism; A helps a little, B removes the repeated reading.

# %% [markdown] slideshow={"slide_type": "notes"}
# The notebook asks a question about this. The dashboard confirms it: before persist, the task stream is
# full of file-reading tasks for every computation; after persist, only the groupby tasks remain. Good luck
# with the evaluation.


# %% [markdown] slideshow={"slide_type": "slide"}
# ## Further reading
#
# - Dask [DataFrame best practices](https://docs.dask.org/en/stable/dataframe-best-practices.html) and
#   [the dashboard](https://docs.dask.org/en/stable/dashboard.html)
# - [dask-ml](https://ml.dask.org/) and scikit-learn's
#   [hyper-parameter search](https://scikit-learn.org/stable/modules/grid_search.html), run on Dask through
#   [joblib](https://joblib.readthedocs.io/en/stable/parallel.html)
# - The data model: Kaggle's
#   [New York City Taxi Fare Prediction](https://www.kaggle.com/c/new-york-city-taxi-fare-prediction) (2018)

# %% [markdown] slideshow={"slide_type": "notes"}
# These are the pages to keep open during the evaluation: the notebook uses nothing that is not explained
# there. The Kaggle competition is where the shape of the generated data comes from.
