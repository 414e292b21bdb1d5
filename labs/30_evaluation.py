# ---
# jupyter:
#   course:
#     title: "Evaluation: clean big data with Dask, train models in parallel"
#     day: 4
#     slot: 09:30-17:15
#     summary: "Graded: clean big data with Dask, then train models in parallel"
#     graded: true
#     timeout: 600
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Evaluation: clean big data with Dask, train models in parallel
#
# The data are generated on your machine, in `data/` next to this notebook (about 35 MB with the default
# size); nothing is downloaded. **Against a real Dask cluster**: set `DASK_SCHEDULER_ADDRESS=tcp://scheduler:8786` before starting
#   Jupyter, and make the data large with `TAXI_ROWS=200_000_000 TAXI_PARTITION_ROWS=1_000_000`. The workers
#   must see the same files: point `TAXI_DATA` at a shared folder or an object-store URI (`s3://bucket/taxi`),
#   or generate the data once with `python -m course.taxi s3://bucket/taxi/train --rows 200M --jobs 8` (the
#   command line writes 1,000,000 trips per file by default, like the setting above).
#   `TAXI_SAMPLE_ROWS` (default 20,000) sets the sample used by the hyper-parameter searches of part 6.
#
# The defaults (200,000 trips in 8 files) run the whole notebook in one to two minutes on two cores.
#
# **How you are graded.** Start by setting `STUDENT_ID` (first code cell): your data and the order of the
# options of every question are generated from it, so they differ from your neighbours'. Each exercise asks
# you to define a variable or a function with a **fixed name** (listed in the table below); write your answer
# in the cell marked `# your code here`, then run the cell after it, which checks the *form* of your answer
# (a number, a letter, a function...), never whether it is right. The instructor re-executes your notebook
# from top to bottom with your id: values, functions, models and questions are scored automatically, the
# written answers (`w_...`) are marked by hand. Keep the names exactly as written.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## What you must define
#
# | name | what | points |
# |---|---|---|
# | `bytes_per_row` | memory of one pandas row of the trips, in bytes (float) | 1 |
# | `taxi_df` | the training trips, loaded lazily with `dask.dataframe.read_parquet` | 1 |
# | `q_lazy`, `q_partitions`, `q_len`, `q_persist` | one letter each: your answer to the question | 4 |
# | `n_rows` | number of trips in the training set (int) | 1 |
# | `mean_fare_by_passengers` | pandas Series: mean `fare_amount` per `passenger_count`, raw data | 1 |
# | `w_persist` | a few sentences: what `persist` changed in your timings, and what it costs | 2 |
# | `null_counts` | pandas Series: number of missing values per column, raw data | 1 |
# | `q_dirt` | a set of letters: the kinds of dirt present in the raw data | 1 |
# | `clean_taxi(df)` | function applying the cleaning rules of part 3 (pandas and Dask DataFrames) | 2 |
# | `clean_df`, `n_clean` | the cleaned Dask DataFrame and its number of rows | 1 |
# | `add_features(df)` | function adding the feature columns of part 4 | 2 |
# | `summary` | `describe()` of the cleaned trips with their features, as pandas | 1 |
# | `get_input_matrix(df)` | function returning `(X, y)` Dask arrays, columns of `X` in `FEATURES` order | 1 |
# | `lr`, `rmse_linear` | dask-ml `LinearRegression` trained on all the data, and its RMSE on the test set | 2 |
# | `grid_search`, `rmse_grid` | scikit-learn `GridSearchCV` run on the Dask joblib backend, its test RMSE | 1 |
# | `dask_search`, `rmse_dask_search` | dask-ml `RandomizedSearchCV`, its test RMSE | 1 |
# | `forest_search`, `rmse_forest` | a search over `RandomForestRegressor`, its test RMSE | 1 |
# | `w_forest` | a few sentences: why the forest on a sample beats the linear model on all the data | 2 |
#
# RMSE is always computed with `sklearn.metrics.root_mean_squared_error` on the held-out test set, cleaned
# and featurised with **your** `clean_taxi` and `add_features`.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 0. Setup: parameters, cluster and data
#
# The parameters come from environment variables so that the same notebook runs small on a laptop and
# large on a cluster. Nothing to write here: run the cells.

# %%
STUDENT_ID = ""  # your student id, exactly as the instructor gave it: it decides your data

# %%
import os
import time
import warnings
from pathlib import Path

import dask
import dask.dataframe as dd
import joblib
import numpy as np
import pandas as pd
from distributed import performance_report
from sklearn.metrics import root_mean_squared_error

from course import dask_client, taxi
from course.grading.graded import ask, begin

LAB = "30_evaluation"
SEED = begin(LAB, STUDENT_ID)  # your data: the same id always gives the same trips

warnings.filterwarnings("ignore", category=FutureWarning)  # dask-ml still reads a renamed Dask option

ROWS = taxi.parse_rows(os.environ.get("TAXI_ROWS", "200_000"))  # training trips
TEST_ROWS = taxi.parse_rows(os.environ.get("TAXI_TEST_ROWS", "20_000"))  # held-out trips
PARTITION_ROWS = taxi.parse_rows(os.environ.get("TAXI_PARTITION_ROWS", "25_000"))  # trips per file
SAMPLE_ROWS = taxi.parse_rows(os.environ.get("TAXI_SAMPLE_ROWS", "20_000"))  # for the searches of part 6
DATA = os.environ.get("TAXI_DATA", f"data/taxi-{SEED}")  # a folder, a shared folder or an s3://... URI
TRAIN_DIR, TEST_DIR = f"{DATA}/train", f"{DATA}/test"
REPORTS = Path("reports")  # Dask performance reports are written here, next to the notebook
REPORTS.mkdir(exist_ok=True)
FEATURES = ["abs_diff_longitude", "abs_diff_latitude", "distance_km", "year", "hour", "passenger_count"]
print(f"{ROWS:,} training trips in files of {PARTITION_ROWS:,}, {TEST_ROWS:,} test trips, under {DATA}")

# %%
client = dask_client()
print(f"{len(client.scheduler_info()['workers'])} workers, "
      f"{sum(client.nthreads().values())} threads in total")

# %% [markdown]
# The generator `course.taxi` writes trips shaped like the Kaggle "New York City Taxi Fare Prediction"
# data: a `key`, the `fare_amount` in dollars, a UTC `pickup_datetime`, pickup and dropoff coordinates and
# a `passenger_count`. Real taxi data are dirty, so these are too. The training set is written twice, as
# Parquet and as CSV, one file per partition; the test set (another seed) only as Parquet. A second run
# finds the files already there and returns at once.

# %%
start = time.perf_counter()
train_manifest = taxi.write_dataset(TRAIN_DIR, ROWS, partition_rows=PARTITION_ROWS, seed=SEED,
                                    progress=ROWS >= 5_000_000)
test_manifest = taxi.write_dataset(TEST_DIR, TEST_ROWS, partition_rows=PARTITION_ROWS, seed=SEED + 1,
                                   formats=("parquet",), progress=False)
print(f"train: {train_manifest['partitions']} files per format, test: {test_manifest['partitions']} file(s), "
      f"ready in {time.perf_counter() - start:.1f} s")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. What is wrong with pandas?
#
# pandas loads a whole file into the memory of one process, and a DataFrame takes several times the size of
# the file, mostly because every string is a Python object. Let us measure it on one training file.
#
# **Exercise 1.** Read `f"{TRAIN_DIR}/csv/part-00000.csv"` with `pd.read_csv` (parse `pickup_datetime` as a
# date) and define **`bytes_per_row`**: the memory the DataFrame uses, strings included
# (`memory_usage(deep=True)`), divided by its number of rows.

# %% tags=["solution"]
# your code here

# %% tags=["check"]
assert 50 < bytes_per_row < 1_000, "a row has 8 fields: tens to hundreds of bytes"

# %% tags=["check"]
kaggle_rows = 55_423_856  # rows of the real Kaggle training file
print(f"{bytes_per_row:.0f} bytes per row in pandas: the {kaggle_rows:,} Kaggle trips would need "
      f"{bytes_per_row * kaggle_rows / 2**30:.1f} GiB in one process, before any computation")

# %% [markdown]
# The `key` column alone, a Python string per row, takes more than half of that memory. A 4 GB notebook pod
# could not even load the file, and a 16 GB laptop would run out as soon as an operation copies the data.
# Dask cuts the data into partitions that are each a small pandas DataFrame, and processes them on many
# workers, a few partitions at a time.

# %% [markdown] slideshow={"slide_type": "notes"}
# Instructor note: ask what happens when pandas runs out of memory on a notebook pod limited to 4 GB. The
# kernel is killed by the operating system, with no Python error at all, and all variables are lost.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Lazy loading, partitions, first computations
#
# **Exercise 2.** Define **`taxi_df`** by reading the Parquet folder `f"{TRAIN_DIR}/parquet"` with
# `dd.read_parquet`, then display it.

# %% tags=["solution"]
# your code here

# %% tags=["check"]
assert isinstance(taxi_df, dd.DataFrame), "read the folder with dd.read_parquet"
print(taxi_df.npartitions, "partitions;", list(taxi_df.columns))

# %% [markdown]
# **Question 1** (`q_lazy`). Why did `read_parquet` return so quickly, and why does the display show `...`
# instead of values?

# %%
ask("q_lazy", ["Parquet files are memory-mapped, so reading them costs nothing.",
               "The files were read in parallel by the workers, which is fast; values are hidden to save space.",
               "Only the Parquet footers (column names, types, row groups) were read; no row is loaded until a "
               "result is asked for, so there is nothing to show yet."])

# %% [markdown]
# **Question 2** (`q_partitions`). What does one partition of `taxi_df` hold here?

# %%
ask("q_partitions", ["All the rows that one worker will process.", "One column of the table.",
                     "The rows of one Parquet file of the folder."])

# %% tags=["solution"]
# your code here

# %% tags=["check"]
assert q_lazy in {"a", "b", "c"} and q_partitions in {"a", "b", "c"}, "one letter each"

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Exercise 3.** Define **`n_rows`**, the number of trips in `taxi_df`, and time it. Then look at the first
# rows with `taxi_df.head()`.

# %% tags=["solution"]
# your code here

# %% tags=["check"]
assert isinstance(n_rows, (int, np.integer)) and n_rows > 0, "n_rows is a whole number of trips"

# %%
start = time.perf_counter()
csv_rows = len(dd.read_csv(f"{TRAIN_DIR}/csv/*.csv"))
print(f"the same count from the CSV files: {csv_rows:,} in {time.perf_counter() - start:.2f} s")

# %% [markdown]
# **Question 3** (`q_len`). Counting the Parquet rows was much faster than counting the CSV rows. Why?

# %%
ask("q_len", ["`len` on a Dask DataFrame returns an estimate.",
              "Parquet files are smaller, so the workers read them faster.",
              "Each Parquet footer stores the number of rows, so Dask added up the footers without reading any "
              "column; a CSV file has to be read and parsed to the end to count its lines."])

# %% tags=["solution"]
# your code here

# %% tags=["check"]
assert q_len in {"a", "b", "c"}, "one letter"

# %% [markdown] slideshow={"slide_type": "notes"}
# Instructor note: have students open the dashboard (`client.dashboard_link`) and run both counts again while
# watching the task stream; comparing the number of tasks of each count settles question 3.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Exercise 4.** Compute **`mean_fare_by_passengers`**: the mean `fare_amount` for each `passenger_count`
# of the raw data, as a pandas Series sorted by passenger count. Time it, and run it inside
# `performance_report(filename=REPORTS / "30_groupby_raw.html", mode="inline")` so that the report of this
# computation is saved next to the notebook.

# %% tags=["solution"]
# your code here

# %% tags=["check"]
assert isinstance(mean_fare_by_passengers, pd.Series), "a pandas Series: compute() the Dask result"
print("passenger counts seen:", sorted(mean_fare_by_passengers.index)[:8], "...",
      sorted(mean_fare_by_passengers.index)[-3:])

# %% [markdown]
# Your report [reports/30_groupby_raw.html](reports/30_groupby_raw.html) (a static copy of the dashboard:
# task stream, progress, worker profile) shows where the time went: the `read_parquet` tasks. Every new
# computation on `taxi_df` reads the files again. `persist()` computes the partitions once and keeps them.

# %% tags=["check"]
taxi_df = taxi_df.persist()
start = time.perf_counter()
again = taxi_df.groupby("passenger_count").fare_amount.mean().compute()
print(f"the same groupby after persist: {time.perf_counter() - start:.2f} s")

# %% [markdown]
# **Question 4** (`q_persist`). After `taxi_df = taxi_df.persist()`, where are the partitions?

# %%
ask("q_persist", ["In the memory of the workers, spread across them; `taxi_df` now points at those results.",
                  "In the notebook's memory, as one pandas DataFrame.",
                  "Written back to disk in a faster format."])

# %% tags=["solution"]
# your code here

# %% tags=["check"]
assert q_persist in {"a", "b", "c"}, "one letter"

# %% [markdown]
# **Written answer** (`w_persist`). In a few sentences, with the two timings you measured: what did
# `persist` change, why, and what does it cost on a cluster?

# %% tags=["solution"]
# your code here

# %% tags=["check"]
assert isinstance(w_persist, str) and len(w_persist.split()) >= 25, "a few sentences in a string"

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Dirty data: find it, then clean it
#
# **Exercise 5.** Define **`null_counts`**: the number of missing values in each column of `taxi_df`, as a
# pandas Series indexed by column name. Then look at `taxi_df.describe().compute()` for odd values.

# %% tags=["solution"]
# your code here

# %% tags=["check"]
assert isinstance(null_counts, pd.Series) and set(null_counts.index) == set(taxi_df.columns), \
    "a Series with one count per column"

# %% [markdown]
# **Question 5** (`q_dirt`). Which kinds of dirt does the raw data contain? Set `q_dirt` to the **set** of
# letters that apply.

# %%
ask("q_dirt", ["Negative fares.", "Pickups dated after the end of the data collection (after June 2015).",
               "Trips with 200 passengers or more.", "Latitudes beyond 90 degrees, which do not exist on Earth.",
               "Two trips with the same `key`."], several=True)

# %% tags=["solution"]
# your code here

# %% tags=["check"]
assert isinstance(q_dirt, (set, frozenset)) and q_dirt <= set("abcde"), "a set of letters"

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Exercise 6.** Write a function **`clean_taxi(df)`** that returns only the trips that follow **all** these
# rules, and works unchanged on a pandas and on a Dask DataFrame (use `dropna` and boolean masks):
#
# 1. no missing value in any column;
# 2. `0 < fare_amount <= 250`;
# 3. `1 <= passenger_count <= 6`;
# 4. pickup and dropoff inside the New York box: `-74.3 <= longitude <= -73.7` and `40.5 <= latitude <= 41.0`
#    (this also removes trips at (0, 0) and impossible coordinates).
#
# Then define **`clean_df = clean_taxi(taxi_df)`**, persist it, and define **`n_clean`**, its number of rows.

# %% tags=["solution"]
# your code here

# %% tags=["check"]
assert isinstance(clean_df, dd.DataFrame) and 0 < n_clean < n_rows, "a Dask DataFrame with fewer rows"
small = clean_taxi(taxi_df.head(2_000))
assert isinstance(small, pd.DataFrame), "clean_taxi works on a pandas DataFrame too"

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Features: the trip as a vector
#
# A taxi fare depends mostly on the distance. From the two ends of a trip, build a "Manhattan vector".
#
# **Exercise 7.** Write **`add_features(df)`** that returns `df` with these new columns (pandas and Dask):
#
# - `abs_diff_longitude` = |dropoff_longitude − pickup_longitude|
# - `abs_diff_latitude` = |dropoff_latitude − pickup_latitude|
# - `distance_km` = the great-circle distance between the two ends, in kilometres:
#   `taxi.haversine_km(pickup_longitude, pickup_latitude, dropoff_longitude, dropoff_latitude)` works on
#   pandas columns (use `map_partitions` or the same call on a Dask DataFrame's columns)
# - `year` = the year of `pickup_datetime` (fares went up in September 2012)
# - `hour` = the hour of the day of `pickup_datetime` (0-23)
#
# Then define **`features_df = add_features(clean_df)`** and **`summary = features_df.describe().compute()`**.

# %% tags=["solution"]
# your code here

# %% tags=["check"]
assert set(FEATURES) <= set(features_df.columns), f"the feature columns are {FEATURES}"
assert summary.loc["count", "fare_amount"] == n_clean, "summary describes the cleaned trips"

# %% [markdown]
# Compare `summary` with the `describe()` of the raw data above: no negative fare, no 200-passenger taxi,
# coordinates inside the city. A last look, on a 2 % sample brought back to the notebook:

# %% tags=["check"]
sample = features_df.sample(frac=0.02, random_state=0).compute()
ax = sample.plot.scatter(x="distance_km", y="fare_amount", s=3, alpha=0.4, figsize=(8, 4))
ax.set(xlabel="distance (km)", ylabel="fare (USD)", title="Fare against trip length, 2 % sample");

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. A linear model trained on all the data
#
# dask-ml's `LinearRegression` works on Dask arrays chunk by chunk: each iteration of the solver is a
# map (gradient and Hessian of every chunk, on the workers) followed by a reduce (their sum).
#
# **Exercise 8.** Write **`get_input_matrix(df)`** returning `(X, y)`: `X` the `FEATURES` columns as a float
# Dask array with known chunk sizes (`to_dask_array(lengths=True)`), `y` the `fare_amount` column.

# %% tags=["solution"]
# your code here

# %% [markdown]
# The test set is cleaned and featurised with **your** functions, then brought into memory: it is small.

# %% tags=["check"]
test_df = add_features(clean_taxi(dd.read_parquet(f"{TEST_DIR}/parquet")))
X_test, y_test = (array.compute() for array in get_input_matrix(test_df))
print(f"test set: {len(y_test):,} trips")

# %% [markdown]
# **Exercise 9.** Train **`lr`**, a `dask_ml.linear_model.LinearRegression(solver="newton")`, on `X, y`. Define
# **`rmse_linear`**, its RMSE on `X_test, y_test` (`root_mean_squared_error`).

# %% tags=["solution"]
# your code here

# %% tags=["check"]
assert rmse_linear < 6, "a linear model on these features should be within a few dollars"

# %% tags=["check"]
baseline = root_mean_squared_error(y_test, np.full(len(y_test), float(y.mean().compute())))
print(f"always predicting the mean fare: RMSE {baseline:.2f} USD")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. Many models in parallel on a sample
#
# Most scikit-learn models need their training data in memory, but a hyper-parameter search trains many
# independent models: that parallelises well. We take a sample that fits in memory and let the Dask
# workers run the fits.

# %% tags=["check"]
train_sample = features_df.sample(frac=min(1.0, SAMPLE_ROWS / n_clean), random_state=0).compute()
X_small = train_sample[FEATURES].to_numpy("float64")
y_small = train_sample["fare_amount"].to_numpy("float64")
print(f"sample: {X_small.shape[0]:,} trips, {X_small.nbytes / 2**20:.1f} MiB")

# %% [markdown]
# **Exercise 10.** Define **`grid_search`**: a scikit-learn `GridSearchCV` of
# `make_pipeline(StandardScaler(), SGDRegressor(random_state=0))` over `sgdregressor__alpha` in
# `[1e-5, 1e-4, 1e-3, 1e-2]` and `sgdregressor__penalty` in `["l2", "l1"]`, `cv=3`, fitted on
# `X_small, y_small` **inside `with joblib.parallel_backend("dask"):`** so that the fits run on the workers.
# Define **`rmse_grid`**, the test RMSE of the best model.

# %% tags=["solution"]
# your code here

# %% tags=["check"]
assert hasattr(grid_search, "best_estimator_") and rmse_grid < 6, "a fitted search with a sensible error"

# %% [markdown]
# **Exercise 11.** The same with dask-ml: define **`dask_search`**, a `dask_ml.model_selection.RandomizedSearchCV`
# of the same pipeline with 12 candidates drawn from `alpha` log-uniform in [1e-6, 1e-1] (`scipy.stats.loguniform`),
# `penalty` in `["l2", "l1", "elasticnet"]` and `learning_rate` in `["invscaling", "adaptive"]`, `cv=3`,
# `random_state=0`. dask-ml schedules the fits on the cluster itself (no joblib block needed) and shares the
# preprocessing steps between candidates. Define **`rmse_dask_search`**.
#
# (dask-ml's `HyperbandSearchCV` would stop bad candidates early, but it fails with current Dask versions: do
# not use it.)

# %% tags=["solution"]
# your code here

# %% tags=["check"]
assert hasattr(dask_search, "best_estimator_") and rmse_dask_search < 6, "a fitted search with a sensible error"

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Exercise 12.** A non-linear model: define **`forest_search`**, a scikit-learn `RandomizedSearchCV` of
# `RandomForestRegressor(random_state=0)` with 6 candidates drawn from `n_estimators` in `[20, 40]`,
# `max_depth` in `[6, 10, 14]` and `min_samples_leaf` in `[5, 20]`, `cv=3`, `random_state=0`, run on the
# Dask joblib backend inside `performance_report(filename=REPORTS / "30_forest_search.html", mode="inline")`.
# Define **`rmse_forest`**, the test RMSE of its best model.

# %% tags=["solution"]
# your code here

# %% tags=["check"]
assert hasattr(forest_search, "best_estimator_"), "a fitted search"
pd.Series({"mean fare": baseline, "linear, all data": rmse_linear, "SGD grid": rmse_grid,
           "SGD dask-ml": rmse_dask_search, "random forest": rmse_forest}, name="test RMSE (USD)").round(2)

# %% [markdown]
# Your report [reports/30_forest_search.html](reports/30_forest_search.html) shows the 18 fits running side by
# side on the workers.
#
# **Written answer** (`w_forest`). Compare the test errors above. In a few sentences: which model wins, why
# can a model trained on a small sample beat one trained on all the rows, and what would you try next with a
# bigger cluster?

# %% tags=["solution"]
# your code here

# %% tags=["check"]
assert isinstance(w_forest, str) and len(w_forest.split()) >= 25, "a few sentences in a string"

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Check your answers
#
# This cell checks that every answer the grader looks for is defined and in the expected form. It does not
# say whether an answer is right: the instructor grades a fresh execution of your notebook, with your id.

# %%
from course.grading import self_check

self_check(globals(), lab="30_evaluation")
