# ---
# jupyter:
#   course:
#     title: Play with MapReduce through Spark
#     day: 1
#     slot: 14:15-17:15
#     summary: "MapReduce with Spark: Monte Carlo, caching, k-means, DataFrames and SQL, word count, joins and the shuffle"
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Play with MapReduce through Spark
#
# Spark runs inside the notebook's machine (`local[*]`): no cluster, no download. The notebook writes its data
# next to itself, in `data/`: a generated text (`data/corpus/`, about 4 MB), the wine table, a lexicon, and the
# files part 6 writes. **Against a real cluster**: set `SPARK_MASTER=spark://host:7077` (or `yarn`,
# `k8s://...`) before starting Jupyter and `spark()` submits there; run the notebook from a folder every
# executor can read (a shared volume), since the executors read `data/`. `SPARK_REMOTE=sc://host:15002` (Spark
# Connect) only works for the DataFrame part 4: Spark Connect has no RDD API, and a Connect client cannot read
# the driver's task metrics that part 6 measures.
#
# Exercises ask you to define variables and functions with **fixed names**: write your code in the cell marked
# `# your code here`, then run the cell after it, which checks your answer with `assert`. The last cell shows
# your score; the instructor computes the same with `python -m course.grading this_notebook.ipynb`.
#
# | name | what | points |
# |---|---|---|
# | `pi_estimate` | Monte-Carlo estimate of π (float) | 1 |
# | `q_pi_rerun`, `q_filter`, `q_persist_late` | one letter each: your answer to the question | 3 |
# | `f_count`, `heads_filter`, `tails_filter` | functions of the coin game | 2 |
# | `n_heads_games`, `n_tails_games` | number of games won by heads, by tails (int) | 1 |
# | `centroids` | the 4 centres found by your own k-means (list of floats) | 2 |
# | `ml_centers` | the 4 centres found by `pyspark.ml.clustering.KMeans` (list of floats) | 1 |
# | `wine_counts` | dict: wine class → number of wines | 1 |
# | `n_rich_wines` | number of wines with `alcohol > 13` and `color_intensity > 5` (int) | 1 |
# | `class_means` | pandas DataFrame from Spark SQL: `target`, mean `alcohol`, mean `proline` | 1 |
# | `wine_scaled` | pandas DataFrame with a `proline_scaled` column (min-max scaled by a UDF) | 1 |
# | `top_words` | the 10 most frequent words of the corpus, as (word, count) pairs | 2 |
# | `avg_by_group`, `avg_by_reduce` | dict: word → mean length of its sentences, computed two ways | 1 |
# | `bytes_group`, `bytes_reduce` | shuffle bytes written by each way (int) | 1 |
# | `pos_counts` | dict: part of speech → number of words in the corpus, from a join | 1 |
# | `join_bytes_shuffle`, `join_bytes_broadcast` | shuffle bytes written by each join (int) | 1 |
# | `parts_repartition`, `parts_coalesce` | partitions after `repartition(2)`, after `coalesce(2)` (int) | 1 |
# | `bytes_repartition`, `bytes_coalesce` | shuffle bytes written by each (int) | 1 |
# | `q_coalesce_up` | one letter: your answer to the question | 1 |
# | `salted_counts` | the dict of `pos_counts`, computed with a salted join | 1 |
# | `skew_salted` | the skew of the salted join's tasks | 1 |
# | `a_combine`, `a_broadcast`, `a_coalesce`, `a_skew` | a short written answer each (string) | 4 |

# %% [markdown] tags=["instructor"]
# Instructor note: parts 1 and 2 (execution model: lazy transformations,
# actions, lineage, caching) 35 minutes; part 3 (an iterative MapReduce) 25 minutes; part 4 (DataFrames and
# SQL) 30 minutes; part 5 (word count) 15 minutes; part 6 (the shuffle, measured) 45 minutes. Part 6 is the one
# to protect if time runs short: parts 3 and 4 can be finished at home.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 0. Start Spark
#
# `spark()` returns the course's `SparkSession`; its `sparkContext` is the entry point of the RDD API.
# Every random draw in this notebook is seeded, so that your numbers match the solution's.

# %%
import math
import os
import random
import re
import statistics
import time
from contextlib import contextmanager
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from pyspark.sql import functions as F

from course import corpus, spark
from course.spark_metrics import format_bytes, measure

# %load_ext course.timeline
SEED = 42
PARTS = 4  # partitions of every RDD we create
session = spark()
sc = session.sparkContext
print("Spark", session.version, "| master:", sc.master, "| default parallelism:", sc.defaultParallelism,
      "| cores:", os.cpu_count())


def need(*names):
    """Used by the check cells: stop early, with a hint, while an exercise is not answered yet."""
    missing = [name for name in names if name not in globals()]
    assert not missing, f"define {', '.join(missing)} in the exercise cell above, then run this check again"


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Monte-Carlo estimate of π
#
# Throw points uniformly in the square [-1, 1] × [-1, 1]. The fraction that lands inside the unit circle tends
# to (area of the circle) / (area of the square) = π / 4. Every throw is independent of the others: the job is
# *embarrassingly parallel*.
#
# Randomness in a distributed job needs care. Each partition is computed by a Python worker process that Spark
# **forks**. A forked child is a copy of its parent, random generators included, unless someone reseeds it:
#
# - Python's `random` module **is** reseeded in every forked child (CPython does it since 3.7): unseeded draws
#   differ from worker to worker, but also from one run to the next. A partition that Spark recomputes from
#   its lineage (after a lost executor, or simply for a second action) then holds *different* data.
# - NumPy's legacy global generator (`np.random.random()`, `np.random.seed()`) is **not** reseeded: a child
#   forked after the parent used it starts from the parent's state and draws the **same** numbers as its
#   siblings.
#
# The next cell shows both with two children forked by hand (Linux and macOS; Windows has no `fork`).

# %%
def first_draws_of_forked_children(children=2):
    """Fork `children` processes; each sends back its first random.random() and np.random.random()."""
    np.random.random()  # the parent uses NumPy's global generator, so that its state exists before the fork
    draws = []
    for _ in range(children):
        read_end, write_end = os.pipe()
        if os.fork() == 0:  # in the child: send two numbers to the parent, then exit at once
            os.write(write_end, f"{random.random():.6f} {np.random.random():.6f}".encode())
            os._exit(0)
        os.close(write_end)
        draws.append(os.read(read_end, 100).decode().split())
        os.close(read_end)
        os.wait()
    return draws


if hasattr(os, "fork"):
    import warnings

    with warnings.catch_warnings():  # Python 3.12+ warns about forking a process that runs threads
        warnings.simplefilter("ignore", DeprecationWarning)
        for number, (python_draw, numpy_draw) in enumerate(first_draws_of_forked_children(), 1):
            print(f"child {number}: random.random() = {python_draw}   np.random.random() = {numpy_draw}")
else:
    print("no fork() on this system: here Spark starts each Python worker as a new process")

# %% [markdown]
# So we give every partition its **own generator, seeded with the partition number**
# (`mapPartitionsWithIndex`): draws differ between partitions and are the same every time a partition is
# computed again.

# %%
N = 500_000  # points


def random_points(index, rows):
    """One seeded generator per partition: reproducible, and different in every partition."""
    rng = random.Random(SEED + index)
    for _ in rows:
        yield rng.uniform(-1, 1), rng.uniform(-1, 1)


points = sc.parallelize(range(N), PARTS).mapPartitionsWithIndex(random_points)
print(points.take(2))

# %% [markdown]
# **Exercise 1.** With `map` (the squared distance of each point to the centre), `filter` (keep the points
# inside the circle) and `count`, define an RDD **`inside`** and **`pi_estimate`** = 4 × (points inside) / `N`.

# %% tags=["solution"]
inside = points.map(lambda p: p[0] ** 2 + p[1] ** 2).filter(lambda r2: r2 <= 1)
start = time.perf_counter()
pi_estimate = 4 * inside.count() / N
print(f"pi is about {pi_estimate:.4f} ({time.perf_counter() - start:.1f} s)")

# %% tags=["check"]
need("inside", "pi_estimate")
assert abs(pi_estimate - math.pi) < 0.02, "pi_estimate is far from pi: check the factor 4 and the division by N"
print("again:", 4 * inside.count() / N)

# %% [markdown]
# **Question 1** (`q_pi_rerun`). The second `count()` gave exactly the same estimate. Why?
#
# - a. Spark kept the result of the first `count()` and returned it again.
# - b. Spark recomputed the whole lineage (parallelize → points → map → filter → count), and each partition
#   re-seeded its generator with the same seed, so it drew the same points.
# - c. It is a coincidence: with 500,000 points the estimate barely changes.

# %% tags=["solution"]
q_pi_rerun = "b"  # no caching happened: an action replays the lineage; the seeds make the replay identical

# %% tags=["check"]
need("q_pi_rerun")
assert q_pi_rerun in {"a", "b", "c"}, "answer with one letter: 'a', 'b' or 'c'"

# %% [markdown] tags=["instructor"]
# Instructor note: once question 1 is answered, ask what would change if `random_points` used the module-level
# `random.random()`: every count would give a slightly different estimate (the workers reseed after the fork),
# and a partition recomputed after a failure would not hold the data the first run saw. With `np.random` the
# danger is the opposite one: workers forked from a parent that already used it repeat the same numbers.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Transformations, actions and `persist()`
#
# A *transformation* (`map`, `filter`, `flatMap`, `reduceByKey`...) only describes a new RDD; an *action*
# (`count`, `first`, `collect`, `take`...) runs a job. Here are 200,000 games of 100 coin flips, each game a
# string such as `"HTTH..."`, then the first flip of each game.

# %%
GAMES, FLIPS = 200_000, 100


def play_games(index, rows):
    rng = random.Random(SEED + index)
    for _ in rows:
        yield format(rng.getrandbits(FLIPS), f"0{FLIPS}b").replace("0", "T").replace("1", "H")


games = sc.parallelize(range(GAMES), PARTS).mapPartitionsWithIndex(play_games)
first_flips = games.map(lambda game: game[0])
print(games.first()[:40], "...")
print(first_flips.toDebugString().decode())

# %% [markdown]
# `toDebugString()` prints the *lineage*: how to rebuild the RDD from its source. Each action below is a
# separate job that replays that lineage from the start, unless the RDD was persisted.

# %%
def count_both(rdd):
    start = time.perf_counter()
    heads = rdd.filter(lambda flip: flip == "H").count()
    tails = rdd.filter(lambda flip: flip == "T").count()
    return heads, tails, time.perf_counter() - start


heads, tails, plain = count_both(first_flips)
first_flips.persist()
first_flips.count()  # the first action after persist() computes the partitions and keeps them
heads, tails, cached = count_both(first_flips)
print(f"first flip: {heads:,} heads, {tails:,} tails")
print(f"two counts without persist: {plain:.2f} s, with the RDD persisted: {cached:.2f} s "
      f"({plain / cached:.1f}x faster)")

# %% [markdown]
# **Question 2** (`q_filter`). Is `filter` a transformation (a) or an action (b)?
#
# **Question 3** (`q_persist_late`). You call `count()` on an RDD, then `persist()`, then `count()` twice
# more. Which of the three counts read the partitions from memory?
#
# - a. All three.
# - b. Only the last one: `persist()` is lazy, so the second count computes the partitions and stores them.
# - c. None: `persist()` must be called before the first action or it is ignored.

# %% tags=["solution"]
q_filter = "a"  # filter returns a new RDD and runs nothing
q_persist_late = "b"  # persist() only marks the RDD; the next action fills the cache, later ones use it

# %% tags=["check"]
need("q_filter", "q_persist_late")
assert q_filter in {"a", "b"} and q_persist_late in {"a", "b", "c"}, "answer each question with one letter"

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Exercise 2: who wins the game?** A game is won by heads when it has more heads than tails, by tails in the
# opposite case (a 50-50 game is a draw).
#
# - Write **`f_count(game)`** returning `[number of heads, number of tails]`; a game may be all heads.
# - Write **`heads_filter(counts)`** and **`tails_filter(counts)`**: `True` when heads (tails) won.
# - With `map`, `filter` and `count` on `games`, define **`n_heads_games`** and **`n_tails_games`**. Persist
#   the RDD of counts so that the second count does not replay the games.

# %% tags=["solution"]
def f_count(game):
    heads = game.count("H")
    return [heads, len(game) - heads]


def heads_filter(counts):
    return counts[0] > counts[1]


def tails_filter(counts):
    return counts[1] > counts[0]


counts = games.map(f_count).persist()
n_heads_games = counts.filter(heads_filter).count()
n_tails_games = counts.filter(tails_filter).count()
print(f"heads won {n_heads_games:,} games, tails {n_tails_games:,}, "
      f"{GAMES - n_heads_games - n_tails_games:,} draws")

# %% tags=["check"]
need("f_count", "heads_filter", "tails_filter", "n_heads_games", "n_tails_games")
assert f_count("HHHHHHHTTTTT") == [7, 5] and f_count("HHHH") == [4, 0], "f_count: count each symbol"
assert heads_filter([53, 47]) and not tails_filter([53, 47]), "a game with more heads is won by heads"
assert not heads_filter([50, 50]) and not tails_filter([50, 50]), "a 50-50 game is a draw"
assert 0 < n_heads_games < GAMES and 0 < n_tails_games < GAMES, "count the games of each kind with filter"

# %% [markdown] tags=["instructor"]
# Instructor note: a frequent bug counts with `np.unique(..., return_counts=True)` and takes the two counts
# by position: it breaks on a game that is all heads or all tails. Counting each symbol explicitly is safe.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. k-means by hand: an iterative MapReduce
#
# 10,000 numbers drawn around four means (-2, 0, 1 and 5). k-means alternates two steps until the centres stop
# moving: assign every point to its closest centre (a **map**), then move every centre to the mean of its points
# (a **reduce by key**: sum and count per centre).

# %%
MEANS = [-2.0, 0.0, 1.0, 5.0]


def draw_numbers(index, rows):
    rng = random.Random(SEED + index)
    for i in rows:
        yield rng.gauss(MEANS[i % len(MEANS)], 0.3)


numbers = sc.parallelize(range(10_000), PARTS).mapPartitionsWithIndex(draw_numbers).persist()
initial = numbers.takeSample(False, 4, seed=0)  # 4 points of the data as starting centres
print("a sample:", [round(x, 2) for x in numbers.sample(False, 0.001, seed=SEED).collect()])
print("initial centres:", [round(x, 2) for x in initial])

# %% [markdown]
# **Exercise 3.** Write `closest(x, centres)` (the index of the centre nearest to `x`), then run 10 iterations
# starting from `initial`: map each number to `(closest index, (number, 1))`, `reduceByKey` by adding the pairs,
# `collectAsMap()`, and divide sums by counts. Keep a centre unchanged if no point chose it. Define
# **`centroids`**, the final list of 4 centres.

# %% tags=["solution"]
def closest(x, centres):
    return min(range(len(centres)), key=lambda k: (x - centres[k]) ** 2)


centroids = list(initial)
for iteration in range(10):
    current = sc.broadcast(centroids)  # shipped once to every executor instead of with every task
    sums = (numbers.map(lambda x: (closest(x, current.value), (x, 1)))
                   .reduceByKey(lambda a, b: (a[0] + b[0], a[1] + b[1]))
                   .collectAsMap())
    centroids = [sums[k][0] / sums[k][1] if k in sums else c for k, c in enumerate(centroids)]
print("centres:", sorted(round(c, 3) for c in centroids))

# %% tags=["check"]
need("centroids")
assert len(centroids) == 4, "centroids: a list of the 4 final centres"

# %% [markdown]
# **Exercise 4.** Spark ships k-means in `pyspark.ml.clustering.KMeans`, which works on a DataFrame with a
# vector column. Build that DataFrame from `numbers` (one column `x`, then `VectorAssembler`), fit
# `KMeans(k=4, seed=1)` and define **`ml_centers`**, the sorted list of the 4 centres as floats.

# %% tags=["solution"]
from pyspark.ml.clustering import KMeans
from pyspark.ml.feature import VectorAssembler

frame = session.createDataFrame(numbers.map(lambda x: (x,)), ["x"])
vectors = VectorAssembler(inputCols=["x"], outputCol="features").transform(frame)
model = KMeans(k=4, seed=1).fit(vectors)
ml_centers = sorted(float(center[0]) for center in model.clusterCenters())
print("pyspark.ml centres:", [round(c, 3) for c in ml_centers])

# %% tags=["check"]
need("ml_centers", "centroids")
assert len(ml_centers) == 4, "ml_centers: the 4 centres of the fitted model, as a sorted list of floats"
print("largest gap between the two results:",
      round(max(abs(a - b) for a, b in zip(sorted(centroids), ml_centers)), 4))

# %% [markdown] tags=["instructor"]
# Instructor note: k-means only finds a local optimum: with `seed=42` the library merges the clusters at 0 and
# 1 and splits the one at 5. Let students try it; it is why real code runs several initialisations.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. DataFrames and Spark SQL on the wine data
#
# scikit-learn ships the UCI wine data: 178 wines from three cultivars (`target` 0, 1, 2), 13 chemical
# measurements each. We write it to CSV so that Spark reads a real file.

# %%
from sklearn.datasets import load_wine

Path("data").mkdir(exist_ok=True)
load_wine(as_frame=True).frame.to_csv("data/wine.csv", index=False)
wine = session.read.csv("data/wine.csv", header=True, inferSchema=True)
wine.printSchema()

# %% [markdown]
# **Exercise 5.** With `groupBy("target").count()`, define **`wine_counts`**, a dict class → number of wines.
# Then, with the DataFrame API (`filter` on columns, `F.col`), define **`n_rich_wines`**: the number of wines
# with `alcohol > 13` **and** `color_intensity > 5`.

# %% tags=["solution"]
wine.groupBy("target").count().orderBy("target").show()
wine_counts = {row["target"]: row["count"] for row in wine.groupBy("target").count().collect()}
n_rich_wines = wine.filter((F.col("alcohol") > 13) & (F.col("color_intensity") > 5)).count()
print(n_rich_wines, "rich wines")

# %% tags=["check"]
need("wine_counts", "n_rich_wines")
assert sum(wine_counts.values()) == 178, "wine_counts: every wine belongs to one class"

# %% [markdown]
# **Exercise 6.** Register the DataFrame as a temporary view named `wine` and, **in SQL**, compute for each
# `target` the mean `alcohol` and the mean `proline`, ordered by `target`. Bring the result to pandas with
# `toPandas()` and name it **`class_means`** (columns `target`, `alcohol`, `proline`).

# %% tags=["solution"]
wine.createOrReplaceTempView("wine")
class_means = session.sql("""
    SELECT target, AVG(alcohol) AS alcohol, AVG(proline) AS proline
    FROM wine GROUP BY target ORDER BY target
""").toPandas()
class_means.round(2)

# %% tags=["check"]
need("class_means")
assert list(class_means.columns) == ["target", "alcohol", "proline"], "name the columns target, alcohol, proline"

# %% [markdown]
# `toPandas()` moved the rows from the JVM to Python. With Apache Arrow the transfer is columnar and fast; the
# setting is `spark.sql.execution.arrow.pyspark.enabled` (the course turns it on). Here is the difference on a
# larger table:

# %%
big = session.range(200_000).select("id", (F.col("id") * 0.5).alias("half"))
big.cache().count()
for enabled in ("false", "true"):
    session.conf.set("spark.sql.execution.arrow.pyspark.enabled", enabled)
    start = time.perf_counter()
    big.toPandas()
    print(f"arrow {enabled:5}: toPandas of 200,000 rows in {time.perf_counter() - start:.2f} s")
big.unpersist();

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Exercise 7.** Write a Python UDF (`pyspark.sql.functions.udf`, return type `DoubleType()`) that min-max
# scales a value, `(x - min) / (max - min)`, using the minimum and maximum of `proline` computed with
# `agg`. Select `target`, `proline` and the scaled value as `proline_scaled`, and bring it to pandas as
# **`wine_scaled`**.

# %% tags=["solution"]
from pyspark.sql.types import DoubleType

low, high = wine.agg(F.min("proline"), F.max("proline")).first()
scale = F.udf(lambda x: (x - low) / (high - low), DoubleType())
wine_scaled = wine.select("target", "proline", scale("proline").alias("proline_scaled")).toPandas()
wine_scaled.describe().loc[["min", "max"]]

# %% tags=["check"]
need("wine_scaled")
assert wine_scaled.proline_scaled.between(0, 1).all(), "proline_scaled: every scaled value lies in [0, 1]"

# %% [markdown] tags=["instructor"]
# Instructor note: a Python UDF sends every row to a Python worker and back; `pyspark.ml.feature.MinMaxScaler`,
# or plain column arithmetic, stays in the JVM and is much faster. The UDF is here to show the mechanism.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Word count: the "hello world" of MapReduce
#
# The corpus is English-like text generated on your machine by `course.corpus`: sentences built by a small
# grammar from word lists, with word frequencies as uneven as in real text (a few short words are everywhere,
# thousands of rare ones appear a handful of times). Four files, about 4 MB, in `data/corpus/` next to this
# notebook; the same seed gives the same text everywhere.

# %%
CORPUS = [str(path) for path in corpus.write_corpus("data/corpus", files=4, megabytes=4, seed=SEED)]
lines = sc.textFile(",".join(CORPUS))
print(f"{len(CORPUS)} files, {lines.count():,} lines (one paragraph each), {lines.getNumPartitions()} partitions")
print(lines.first()[:300], "...")

# %% [markdown]
# **Exercise 8.** A word is a run of the letters `a` to `z` in the lower-cased line:
# `re.findall(r"[a-z]+", line.lower())`. With `flatMap` (line → words), `map` (word → `(word, 1)`),
# `reduceByKey` and `takeOrdered(10, key=...)`, define **`top_words`**: the 10 most frequent words as
# `(word, count)` pairs, most frequent first, ties broken alphabetically.

# %% tags=["solution"]
words = lines.flatMap(lambda line: re.findall(r"[a-z]+", line.lower()))
word_counts = words.map(lambda word: (word, 1)).reduceByKey(lambda a, b: a + b)
top_words = word_counts.takeOrdered(10, key=lambda pair: (-pair[1], pair[0]))
top_words

# %% [markdown]
# The same count with the DataFrame API: `regexp_extract_all` and `explode` play the part of `flatMap`,
# `groupBy().count()` that of `reduceByKey`, and Spark's optimiser plans the job. The chart plots each word's
# count against its rank, both on log scales: a nearly straight line is the signature of Zipf's law.

# %%
text = session.read.text(CORPUS)
tokens = text.select(F.explode(F.regexp_extract_all(F.lower("value"), F.lit(r"([a-z]+)"), 1)).alias("word"))
tokens.cache()  # kept in memory: part 6 reuses it
frequencies = tokens.groupBy("word").count().orderBy(F.desc("count"), "word").toPandas()
total = frequencies["count"].sum()
print(f"{total:,} words, {len(frequencies):,} distinct; the most frequent, {frequencies.word[0]!r}, "
      f"is {100 * frequencies['count'][0] / total:.1f} % of all words")
fig, ax = plt.subplots(figsize=(6, 3.6))
ax.loglog(np.arange(1, len(frequencies) + 1), frequencies["count"], ".", markersize=3)
ax.set(xlabel="rank of the word", ylabel="occurrences", title="word frequency vs rank")
plt.show()

# %% tags=["check"]
need("top_words")
assert len(top_words) == 10, "top_words: the 10 most frequent words"
assert [tuple(pair) for pair in top_words] == list(frequencies.head(10).itertuples(index=False, name=None)), \
    "top_words differs from the DataFrame count: check the regular expression and the order of ties"

# %% [markdown] tags=["instructor"]
# Instructor note: a good extension for fast students is an inverted index (word → the files that contain it)
# with `wholeTextFiles`. Point at the share of the most frequent word: that key is the skew of part 6.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. The shuffle, measured
#
# A shuffle moves data between partitions: every map task writes its output to local files, sorted by target
# partition, and every reduce task fetches its share from all of them, over the network on a cluster. It is
# usually the most expensive part of a job. Spark records, for every stage and every task, how many bytes it
# wrote to and read from the shuffle and how long it ran. `course.spark_metrics.measure` reads those records
# (from the driver, the same figures the Spark UI shows) for the stages a block of code ran:

# %%
with measure(session) as run:
    session.range(1_000_000).groupBy((F.col("id") % 10).alias("digit")).count().collect()
print(run.summary())
pd.DataFrame(run.table())

# %% [markdown]
# Each stage ends where a shuffle starts: the first stage wrote the shuffle files, the next read them. Notice
# how few bytes moved for a million rows: `groupBy().count()` counts inside each partition first, and only
# the partial counts cross the shuffle. Every exercise below compares two ways of getting the same result, by
# the bytes they shuffle.
#
# A helper to change Spark settings for a block only, and put them back after it:

# %%
@contextmanager
def settings(values):
    """Set Spark SQL settings inside a `with` block; restore the previous values after it."""
    previous = {key: session.conf.get(key, None) for key in values}
    try:
        for key, value in values.items():
            session.conf.set(key, value)
        yield
    finally:
        for key, value in previous.items():
            if value is None:
                session.conf.unset(key)
            else:
                session.conf.set(key, value)


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 6a. `groupByKey` vs `reduceByKey`
#
# For every word, what is the mean length (in words) of the sentences it appears in? The RDD `pairs` holds
# one `(word, length of its sentence)` pair per word of the corpus.

# %%
def sentence_pairs(line):
    """(word, number of words of its sentence) for every word of a line."""
    for sentence in line.split(". "):
        words_of_sentence = re.findall(r"[a-z]+", sentence.lower())
        for word in words_of_sentence:
            yield word, len(words_of_sentence)


pairs = lines.flatMap(sentence_pairs)
print(pairs.take(4))

# %% [markdown]
# **Exercise 9.** Compute the dict word → mean sentence length twice, each inside its own
# `with measure(session) as ...:` block:
#
# - **`avg_by_group`** with `groupByKey()` (all the lengths of a word meet in one place, then
#   `mapValues` averages them), measured as `run_group`;
# - **`avg_by_reduce`** with `mapValues(lambda n: (n, 1))`, `reduceByKey` adding the (sum, count) pairs, then
#   a division, measured as `run_reduce`.
#
# Use `collectAsMap()` for both. Define **`bytes_group`** and **`bytes_reduce`**, the shuffle bytes each one
# wrote (`run.shuffle_write_bytes`), and print both summaries.

# %% tags=["solution"]
with measure(session) as run_group:
    avg_by_group = pairs.groupByKey().mapValues(lambda lengths: sum(lengths) / len(lengths)).collectAsMap()
with measure(session) as run_reduce:
    avg_by_reduce = (pairs.mapValues(lambda n: (n, 1))
                          .reduceByKey(lambda a, b: (a[0] + b[0], a[1] + b[1]))
                          .mapValues(lambda total: total[0] / total[1])
                          .collectAsMap())
bytes_group, bytes_reduce = run_group.shuffle_write_bytes, run_reduce.shuffle_write_bytes
print("groupByKey: ", run_group.summary())
print("reduceByKey:", run_reduce.summary())

# %% tags=["check"]
need("avg_by_group", "avg_by_reduce", "bytes_group", "bytes_reduce")
assert avg_by_group.keys() == avg_by_reduce.keys(), "both dicts should have one entry per distinct word"
assert all(math.isclose(avg_by_group[w], avg_by_reduce[w]) for w in avg_by_group), "the two means differ"
assert bytes_group > 0 and bytes_reduce > 0, "bytes_*: the shuffle_write_bytes of each measured run"
print(f"groupByKey shuffled {bytes_group / bytes_reduce:.1f}x the bytes of reduceByKey "
      f"({format_bytes(bytes_group)} vs {format_bytes(bytes_reduce)})")

# %% [markdown]
# **Written answer** (`a_combine`, a string of a sentence or two). Why does `reduceByKey` shuffle so much less?
# Where does the adding happen first? Could the same trick compute the *median* sentence length of each word?

# %% tags=["solution"]
a_combine = ("reduceByKey adds the (sum, count) pairs inside each map task before the shuffle (a combiner), so "
             "only one small pair per word and partition crosses it, while groupByKey ships every single "
             "length. A median cannot be combined that way: it needs all the values of a word together.")

# %% tags=["check"]
need("a_combine")
assert isinstance(a_combine, str) and len(a_combine.strip()) >= 40, "a_combine: write a sentence or two"

# %% [markdown] tags=["instructor"]
# Instructor note: PySpark's `groupByKey` also groups locally before the shuffle, into lists, but it still
# ships every value. With a word count (every value is 1) those lists compress to almost nothing and the two
# ways shuffle similar bytes: that is why this exercise averages sentence lengths, whose values vary.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 6b. A join: shuffle or broadcast
#
# `tokens` is the corpus as a DataFrame, one row per word (about 700,000 rows, from part 5). `lexicon` is a
# small table, written to a Parquet file: the part of speech of every word of the vocabulary (about 4,500
# rows). How many nouns, verbs... does the corpus contain? That is a join followed by a `groupBy`.

# %%
Path("data").mkdir(exist_ok=True)
pd.DataFrame(sorted(corpus.lexicon().items()), columns=["word", "pos"]).to_parquet("data/lexicon.parquet")
lexicon = session.read.parquet("data/lexicon.parquet")
by_pos = tokens.join(lexicon, "word").groupBy("pos").count()
by_pos.explain()

# %% [markdown]
# Read the plan from the bottom: the small table is sent whole to every executor (`BroadcastExchange`) and
# each partition of `tokens` is joined where it lies (`BroadcastHashJoin`). Spark chose this by itself because
# `lexicon` is smaller than `spark.sql.autoBroadcastJoinThreshold` (10 MB by default). The other strategy,
# the **shuffle join**, hash-partitions *both* tables by the join key (an `Exchange hashpartitioning` on each
# side) so that equal keys meet in the same task, then sorts and merges them (`SortMergeJoin`).
#
# **Exercise 10.** Run the join both ways and measure each:
#
# - the shuffle join: inside `with settings({"spark.sql.autoBroadcastJoinThreshold": "-1"}):` (which turns
#   automatic broadcasting off), print the plan with `explain()`, then collect the counts into the dict
#   **`pos_counts`** (part of speech → count) inside `with measure(session) as run_shuffle_join:`;
# - the broadcast join: the same query with the hint `F.broadcast(lexicon)`, its plan, and its counts
#   measured as `run_broadcast_join`.
#
# Define **`join_bytes_shuffle`** and **`join_bytes_broadcast`**, the shuffle bytes written by each.

# %% tags=["solution"]
with settings({"spark.sql.autoBroadcastJoinThreshold": "-1"}):
    shuffled = tokens.join(lexicon, "word").groupBy("pos").count()
    shuffled.explain()
    with measure(session) as run_shuffle_join:
        pos_counts = dict(shuffled.collect())
broadcasted = tokens.join(F.broadcast(lexicon), "word").groupBy("pos").count()
broadcasted.explain()
with measure(session) as run_broadcast_join:
    pos_counts_broadcast = dict(broadcasted.collect())
join_bytes_shuffle = run_shuffle_join.shuffle_write_bytes
join_bytes_broadcast = run_broadcast_join.shuffle_write_bytes
print("shuffle join:  ", run_shuffle_join.summary())
print("broadcast join:", run_broadcast_join.summary())

# %% tags=["check"]
need("pos_counts", "join_bytes_shuffle", "join_bytes_broadcast")
assert set(pos_counts) >= {"noun", "verb", "determiner"}, "pos_counts: a dict part of speech -> count"
assert sum(pos_counts.values()) == tokens.count(), "every word of the corpus is in the lexicon: count them all"
assert join_bytes_shuffle > join_bytes_broadcast, "measure the shuffle join with auto-broadcast turned off"
print(f"the shuffle join wrote {join_bytes_shuffle / max(join_bytes_broadcast, 1):,.0f}x the shuffle bytes of "
      f"the broadcast join ({format_bytes(join_bytes_shuffle)} vs {format_bytes(join_bytes_broadcast)})")

# %% [markdown]
# **Watch them run.** A cell whose first line is `%%timeline` (loaded by `%load_ext course.timeline` in part 0)
# runs as usual, then draws what Spark did meanwhile: one lane per core, one bar per task coloured by stage,
# each stage's shuffle bytes in the legend. Run the two joins below and compare: how many stages has each,
# and which of them write shuffle bytes?

# %%
# %%timeline
with settings({"spark.sql.autoBroadcastJoinThreshold": "-1"}):
    tokens.join(lexicon, "word").groupBy("pos").count().collect()

# %%
# %%timeline
tokens.join(F.broadcast(lexicon), "word").groupBy("pos").count().collect()

# %% [markdown]
# **Written answer** (`a_broadcast`). The broadcast join did not shuffle `tokens` at all: what did it send
# instead, and to whom? When would broadcasting be a bad idea, or impossible?

# %% tags=["solution"]
a_broadcast = ("It sent a copy of the small lexicon to every executor, and each task joined its own partition "
               "of tokens locally. It is a bad idea when the 'small' side is large: every executor must hold "
               "it whole in memory and the driver collects it first; then only a shuffle join works.")

# %% tags=["check"]
need("a_broadcast")
assert isinstance(a_broadcast, str) and len(a_broadcast.strip()) >= 40, "a_broadcast: write a sentence or two"

# %% [markdown] tags=["instructor"]
# Instructor note: adaptive query execution (AQE, on by default since Spark 3.2) can still turn a shuffle join
# into a broadcast join at run time when a side turns out small; the threshold of -1 turns that off too, since
# AQE's own threshold defaults to the same setting. Ask where the remaining few hundred bytes of the broadcast
# version come from (the `groupBy` of the parts of speech).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 6c. `repartition` vs `coalesce`
#
# The number of partitions is the number of tasks of a stage, and the number of files a write produces.
# `repartition(n)` redistributes the rows evenly into `n` partitions, through a shuffle. `coalesce(n)` only
# merges existing partitions, without a shuffle. `text` (the corpus lines as a DataFrame) has:

# %%
print(text.rdd.getNumPartitions(), "partitions")

# %% [markdown]
# **Exercise 11.** Make two DataFrames of 2 partitions from `text`, one with `repartition(2)`, one with
# `coalesce(2)`; print both plans (`explain()`). Write each with `.write.mode("overwrite").text(...)` into
# `data/out/repartition` and `data/out/coalesce`, each write inside its own `measure` block. Define
# **`parts_repartition`** and **`parts_coalesce`** (their `rdd.getNumPartitions()`), and **`bytes_repartition`**
# and **`bytes_coalesce`** (the shuffle bytes each write moved).

# %% tags=["solution"]
wide, narrow = text.repartition(2), text.coalesce(2)
wide.explain()
narrow.explain()
with measure(session) as run_repartition:
    wide.write.mode("overwrite").text("data/out/repartition")
with measure(session) as run_coalesce:
    narrow.write.mode("overwrite").text("data/out/coalesce")
parts_repartition, parts_coalesce = wide.rdd.getNumPartitions(), narrow.rdd.getNumPartitions()
bytes_repartition, bytes_coalesce = run_repartition.shuffle_write_bytes, run_coalesce.shuffle_write_bytes
print("repartition(2):", run_repartition.summary())
print("coalesce(2):   ", run_coalesce.summary())

# %% tags=["check"]
need("parts_repartition", "parts_coalesce", "bytes_repartition", "bytes_coalesce")
assert parts_repartition == parts_coalesce == 2, "both DataFrames should have 2 partitions"
assert bytes_repartition > 0 and bytes_coalesce == 0, "measure each write: one of them shuffles, one does not"
for folder in ("data/out/repartition", "data/out/coalesce"):
    print(folder, "holds", len(list(Path(folder).glob("part-*"))), "files")

# %% [markdown]
# **Question 4** (`q_coalesce_up`). `text.coalesce(16).rdd.getNumPartitions()` returns:
#
# - a. 16: `coalesce` splits partitions when asked for more.
# - b. The number of partitions `text` already has: `coalesce` only merges, it never adds partitions.
# - c. An error.
#
# Try it, then answer.

# %% tags=["solution"]
print(text.coalesce(16).rdd.getNumPartitions(), text.repartition(16).rdd.getNumPartitions())
q_coalesce_up = "b"

# %% tags=["check"]
need("q_coalesce_up")
assert q_coalesce_up in {"a", "b", "c"}, "answer with one letter: 'a', 'b' or 'c'"

# %% [markdown]
# **Written answer** (`a_coalesce`). You must write a large result as 10 files. When would you pick
# `coalesce(10)`, and when `repartition(10)` although it shuffles?

# %% tags=["solution"]
a_coalesce = ("coalesce(10) when the data only need fewer, bigger partitions: no shuffle at all. But it merges "
              "neighbours, so the files can be uneven, and the work before it also runs in 10 tasks only; "
              "repartition(10) pays a shuffle to get 10 even partitions and keeps the earlier stage parallel.")

# %% tags=["check"]
need("a_coalesce")
assert isinstance(a_coalesce, str) and len(a_coalesce.strip()) >= 40, "a_coalesce: write a sentence or two"

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 6d. A skewed key
#
# A shuffle join sends all the rows of one key to **one** task. In our corpus the most frequent word is about
# 7 % of all words: the task that receives it has far more rows than the others, and the stage ends only when
# its slowest task ends. To see it, `run_join` below runs a query with 64 shuffle partitions, broadcasting
# and adaptive query execution off (AQE would merge our small partitions, and split a skewed one when it is
# large: it would hide what we want to see). It runs the query 3 times and keeps, for each task of the join
# stage, the median of its rows read, its duration (wall-clock: on a busy machine it includes waiting for a
# core) and its CPU time. `task_skew` then divides the figures of the largest task (the one that read the most
# rows) by those of the median task: 1.0 means balanced.

# %%
SKEW_PARTITIONS = 64
SKEW_SETTINGS = {"spark.sql.autoBroadcastJoinThreshold": "-1", "spark.sql.adaptive.enabled": "false",
                 "spark.sql.shuffle.partitions": str(SKEW_PARTITIONS)}
TASK_FIGURES = {"rows": "records_read", "duration": "duration_ms", "cpu": "cpu_ms"}


def join_stage(run):
    """The stage of `run` that joined: among those with one task per partition, the one that read the most."""
    return max((stage for stage in run.ran() if stage.num_tasks == SKEW_PARTITIONS),
               key=lambda stage: stage.shuffle_read_bytes)


def run_join(frame, repeats=3):
    """Collect `frame` `repeats` times under SKEW_SETTINGS. Returns its rows and one dict per task of the join
    stage: the median over the runs of its rows read, duration (ms) and CPU time (ms)."""
    figures = []
    with settings(SKEW_SETTINGS):
        for _ in range(repeats):
            query = frame.toDF(*frame.columns)  # a new query each time: the same one would reuse its shuffle
            with measure(session) as run:
                rows = query.collect()
            figures.append({task.index: task for task in join_stage(run).tasks})
    tasks = [{name: statistics.median(getattr(run[index], field) for run in figures)
              for name, field in TASK_FIGURES.items()} for index in sorted(figures[0])]
    return rows, tasks


def task_skew(tasks):
    """The largest task (the one that read the most rows) over the median task, for each figure: 1.0 means
    balanced."""
    largest = max(tasks, key=lambda task: task["rows"])
    return {name: round(largest[name] / max(statistics.median(t[name] for t in tasks), 1e-9), 1)
            for name in TASK_FIGURES}


def plot_tasks(tasks, title):
    fig, (rows_axis, time_axis) = plt.subplots(1, 2, figsize=(11, 3.2))
    rows_axis.bar(range(len(tasks)), [t["rows"] for t in tasks], color="#2563eb")
    time_axis.bar(range(len(tasks)), [t["duration"] for t in tasks], color="#f97316")
    rows_axis.set(xlabel="task (partition)", ylabel="rows read", title=f"{title}: rows per task")
    time_axis.set(xlabel="task (partition)", ylabel="ms", title=f"{title}: duration per task")
    fig.tight_layout()
    plt.show()


plain_rows, plain_tasks = run_join(tokens.join(lexicon, "word").groupBy("pos").count())
skew_plain = task_skew(plain_tasks)
print("largest / median task of the plain join:", skew_plain)
plot_tasks(plain_tasks, "plain join")

# %% [markdown]
# **Salting** spreads a hot key over several tasks: add to every row of the big table a random number, the
# *salt*, from 0 to `SALTS - 1`, and join on `(word, salt)`. For the join to find every match, the small table
# must then hold each of its rows once per salt value.
#
# **Exercise 12.** With `SALTS = 16`:
#
# - `salted_tokens`: `tokens` with a column `salt` = `(F.rand(seed=SEED) * SALTS).cast("int")`;
# - `salted_lexicon`: `lexicon` with a column `salt` = `F.explode(F.sequence(F.lit(0), F.lit(SALTS - 1)))`
#   (`sequence` makes the array [0, 1, ..., 15], `explode` one row per element);
# - `salted`: the two joined on `["word", "salt"]`, then counted by `pos`.
#
# Run it with `salted_rows, salted_tasks = run_join(salted)`; define **`salted_counts`** (the dict part of speech
# → count), **`skew_salted`** = `task_skew(salted_tasks)`, and draw `plot_tasks(salted_tasks, "salted join")`.

# %% tags=["solution"]
SALTS = 16
salted_tokens = tokens.withColumn("salt", (F.rand(seed=SEED) * SALTS).cast("int"))
salted_lexicon = lexicon.withColumn("salt", F.explode(F.sequence(F.lit(0), F.lit(SALTS - 1))))
salted = salted_tokens.join(salted_lexicon, ["word", "salt"]).groupBy("pos").count()
salted_rows, salted_tasks = run_join(salted)
salted_counts = dict(salted_rows)
skew_salted = task_skew(salted_tasks)
plot_tasks(salted_tasks, "salted join")

# %% tags=["check"]
need("salted_counts", "skew_salted")
assert salted_counts == dict(plain_rows), "salting must not change the result: every word still finds its entry"
assert skew_salted["rows"] < skew_plain["rows"], "after salting, the largest task should hold fewer rows"
for name in TASK_FIGURES:
    print(f"{name:>8}: largest / median task {skew_plain[name]:4.1f}x in the plain join, "
          f"{skew_salted[name]:4.1f}x in the salted join ({os.cpu_count()} cores, median of 3 runs)")

# %% [markdown]
# **Written answer** (`a_skew`). What did salting cost (compare the shuffle bytes of the two joins, and the
# size of `salted_lexicon`)? Why is a skewed key a problem on a cluster even when the total work does not
# change?

# %% tags=["solution"]
a_skew = ("Salting copied the lexicon 16 times and added a column, so the join shuffled more bytes. But a stage "
          "lasts as long as its slowest task: with one hot key, one core works while the others wait, so the "
          "cluster is idle; spreading the key over 16 tasks lets all cores share the work.")

# %% tags=["check"]
need("a_skew")
assert isinstance(a_skew, str) and len(a_skew.strip()) >= 40, "a_skew: write a sentence or two"

# %% [markdown] tags=["instructor"]
# Instructor note: the rows per task do not depend on the machine; durations do, and on a laptop shared with a
# browser the wall-clock ratio wanders, which is why every figure is the median of 3 runs and the CPU time is
# shown too. Spark also has a built-in remedy for joins: AQE's skew join (`spark.sql.adaptive.skewJoin.enabled`,
# on by default) splits a partition that is both 5 times the median and larger than 256 MB
# (`skewedPartitionFactor`, `skewedPartitionThresholdInBytes`), so it acts on real data sizes, not on this
# 4 MB corpus. Salting remains the tool for aggregations, and for engines without such a rule.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Check your answers

# %%
from course.grading import self_check

self_check(globals(), lab="03_spark_mapreduce")
