# ---
# jupyter:
#   course:
#     title: Play with MapReduce through Spark
#     day: 1
#     slot: 14:15-17:15
#     summary: "MapReduce with Spark: Monte Carlo, caching, k-means, DataFrames and SQL, word count, joins and the shuffle"
#     data: ["../slides/*.py"]
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Play with MapReduce through Spark
#
# **How to run this notebook**
#
# - **On your laptop**: create the course environment described in the README (`make setup`, or
#   `pip install -r requirements.txt` then `pip install -e .` from the repository root; Spark 4 needs a Java
#   runtime 17 or newer), start `jupyter lab` and open `labs/03_spark_mapreduce.ipynb`. Spark runs inside the
#   notebook's machine (`local[*]`): no cluster, no download.
# - **On Binder**: the repository's `environment.yml` builds the same environment, Java included.
# - **Against a real cluster**: set `SPARK_MASTER=spark://host:7077` (or `yarn`, `k8s://...`) before starting
#   Jupyter and `spark()` submits there. `SPARK_REMOTE=sc://host:15002` (Spark Connect) also works for the
#   DataFrame parts 4 and 5, but Spark Connect has no RDD API, so parts 1 to 3 need `SPARK_MASTER`.
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
# | `top_words` | the 10 most frequent words of the course's slides, as (word, count) pairs | 2 |

# %% [markdown] slideshow={"slide_type": "notes"}
# Instructor note: plan about two and a half hours. Parts 1 and 2 are about the execution model (lazy
# transformations, actions, lineage, caching); part 3 is a real iterative MapReduce; parts 4 and 5 move to
# DataFrames.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 0. Start Spark
#
# `spark()` returns the course's `SparkSession`; its `sparkContext` is the entry point of the RDD API.
# Every random draw in this notebook is seeded, so that your numbers match the solution's.

# %%
import random
import re
import time
from pathlib import Path

import pandas as pd

from course import spark

SEED = 42
PARTS = 4  # partitions of every RDD we create
session = spark()
sc = session.sparkContext
print("Spark", session.version, "| master:", sc.master, "| default parallelism:", sc.defaultParallelism)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Monte-Carlo estimate of π
#
# Throw points uniformly in the square [-1, 1] × [-1, 1]. The fraction that lands inside the unit circle tends
# to (area of the circle) / (area of the square) = π / 4. Every throw is independent of the others: the job is
# *embarrassingly parallel*.
#
# Randomness in a distributed job needs care: each partition is computed by a different Python worker, and
# workers forked from the same process start with the **same** random state. So we give every partition its
# own generator, seeded with the partition number (`mapPartitionsWithIndex`).

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

# %%
assert abs(pi_estimate - 3.14159) < 0.02
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

# %%
assert q_pi_rerun in {"a", "b", "c"}

# %% [markdown] slideshow={"slide_type": "notes"}
# Instructor note: once question 1 is answered, ask what would change if `random_points` used the module-level
# `random.random()` instead of a generator seeded per partition, and why that is a trap on a cluster.

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

# %%
assert q_filter in {"a", "b"} and q_persist_late in {"a", "b", "c"}

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

# %%
assert f_count("HHHHHHHTTTTT") == [7, 5] and f_count("HHHH") == [4, 0]
assert heads_filter([53, 47]) and not tails_filter([53, 47]) and not heads_filter([50, 50])
assert 0 < n_heads_games < GAMES and 0 < n_tails_games < GAMES

# %% [markdown] slideshow={"slide_type": "notes"}
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

# %%
assert len(centroids) == 4

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

# %%
assert len(ml_centers) == 4
print("largest gap between the two results:",
      round(max(abs(a - b) for a, b in zip(sorted(centroids), ml_centers)), 4))

# %% [markdown] slideshow={"slide_type": "notes"}
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
# Then, with the DataFrame API (`filter` on columns), define **`n_rich_wines`**: the number of wines with
# `alcohol > 13` **and** `color_intensity > 5`.

# %% tags=["solution"]
from pyspark.sql import functions as F

wine.groupBy("target").count().orderBy("target").show()
wine_counts = {row["target"]: row["count"] for row in wine.groupBy("target").count().collect()}
n_rich_wines = wine.filter((F.col("alcohol") > 13) & (F.col("color_intensity") > 5)).count()
print(n_rich_wines, "rich wines")

# %%
assert sum(wine_counts.values()) == 178

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

# %%
assert list(class_means.columns) == ["target", "alcohol", "proline"]

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

# %%
assert wine_scaled.proline_scaled.between(0, 1).all()

# %% [markdown] slideshow={"slide_type": "notes"}
# Instructor note: a Python UDF sends every row to a Python worker and back; `pyspark.ml.feature.MinMaxScaler`,
# or plain column arithmetic, stays in the JVM and is much faster. The UDF is here to show the mechanism.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Word count: the "hello world" of MapReduce
#
# The corpus is this course's own slide sources (`../slides/*.py`). We drop the cell markers (lines that start
# with `# %%`, which only carry slide metadata), split each other line into words, lower-case, letters `a` to
# `z` only (`re.findall(r"[a-z]+", line.lower())`), and keep the words of **at least 5 letters**.

# %%
CORPUS = sorted(str(path) for path in Path("../slides").glob("*.py")) or [str(Path("../README.md"))]
lines = sc.textFile(",".join(CORPUS)).filter(lambda line: not line.startswith("# %%"))
print(f"{len(CORPUS)} files, {lines.count():,} lines of text and code")

# %% [markdown]
# **Exercise 8.** With `flatMap` (line → words), `map` (word → `(word, 1)`), `reduceByKey` and
# `takeOrdered(10, key=...)`, define **`top_words`**: the 10 most frequent words as `(word, count)` pairs,
# most frequent first, ties broken alphabetically.

# %% tags=["solution"]
words = lines.flatMap(lambda line: [w for w in re.findall(r"[a-z]+", line.lower()) if len(w) >= 5])
word_counts = words.map(lambda word: (word, 1)).reduceByKey(lambda a, b: a + b)
top_words = word_counts.takeOrdered(10, key=lambda pair: (-pair[1], pair[0]))
top_words

# %% [markdown]
# The same count with the DataFrame API: `split` and `explode` play the part of `flatMap`, `groupBy().count()`
# that of `reduceByKey`, and Spark's optimiser plans the job.

# %%
text = session.read.text(CORPUS).filter(~F.col("value").startswith("# %%"))
tokens = text.select(F.explode(F.regexp_extract_all(F.lower("value"), F.lit(r"([a-z]+)"), 1)).alias("word"))
frame_top = (tokens.filter(F.length("word") >= 5).groupBy("word").count()
             .orderBy(F.desc("count"), "word").limit(10))
frame_top.show()
assert [tuple(row) for row in frame_top.collect()] == [tuple(pair) for pair in top_words]

# %% [markdown] slideshow={"slide_type": "notes"}
# Instructor note: a good extension for fast students is an inverted index (word → the files that contain it)
# with `wholeTextFiles`, or a join of the word counts of two decks.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Check your answers

# %%
from course.grading import self_check

self_check(globals(), lab="03_spark_mapreduce")
