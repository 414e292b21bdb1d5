# ---
# jupyter:
#   course:
#     title: Spark Introduction
#     day: 1
#     slot: 13:15-14:15
#     summary: "RDDs, DataFrames and SQL, lazy evaluation, jobs, stages and shuffles, joins, streaming"
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Spark Introduction
#
# ### From MapReduce to a unified engine for large-scale data
#
# Every output in this deck comes from a real Spark 4 session, started when the deck was built.

# %% [markdown] slideshow={"slide_type": "notes"}
# This deck introduces Apache Spark: why it was created, how a Spark program runs on a cluster, its three
# APIs, and its libraries. All the code runs on a local Spark session, so the lineage, plans and timings you
# see are real, and so are the shuffle bytes, measured from Spark's own task metrics. Lab 03, on the
# afternoon of day 1, uses exactly the same calls.

# %% tags=["remove-cell"]
import contextlib
import io
import json
import logging
import os
import random
import re
import tempfile
import time
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib_inline.backend_inline import set_matplotlib_formats

from course import corpus, digraph, table
from course.diagrams import PALETTE, timeline
from course.spark_metrics import format_bytes, measure

set_matplotlib_formats("svg")
logging.getLogger("SQLQueryContextLogger").disabled = True  # errors are shown on the slide, not logged


TEXT = [
    "Spark keeps intermediate data in memory",
    "MapReduce writes intermediate data to disk",
    "a Spark job is split into stages",
    "a stage is split into tasks",
    "one task processes one partition of the data",
    "a shuffle moves data between partitions",
    "the driver plans the job and the executors run the tasks",
    "Spark recomputes a lost partition from its lineage",
]
WORK = Path(tempfile.mkdtemp(prefix="deck03-"))  # files the streaming demo writes
# 1 MB of generated English-like text (course.corpus), one paragraph per line: kept in the driver and
# parallelized, so that the demos need no folder shared with the executors of a cluster
CORPUS_LINES = corpus.generate_text(1_000_000, seed=3).splitlines()
LEXICON = sorted(corpus.lexicon().items())  # (word, part of speech) for every word of the vocabulary


def sentence_pairs(line):
    """(word, number of words of its sentence) for every word of a line of the corpus."""
    for sentence in line.split(". "):
        words = re.findall(r"[a-z]+", sentence.lower())
        for word in words:
            yield word, len(words)


def plan_steps(frame):
    """The joins and exchanges of a DataFrame's physical plan, as explain() prints them, without ids."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        frame.explain()
    steps = []
    for line in printed.getvalue().splitlines():
        if "Join" in line or "Exchange" in line:
            step = re.sub(r"#\d+|, \[plan_id=\d+\]|, ENSURE_REQUIREMENTS|, (Inner|BuildRight|false).*|\(List.*", "",
                          line.strip(" :+-"))
            steps.append(step.replace("HashedRelationBroadcastMode", "(a copy to every executor)"))
    return steps

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why Spark? The limits of MapReduce
#
# - A MapReduce job is **one map and one reduce**; every job reads its input from, and writes its result
#   to, the distributed file system (HDFS).
# - Fine for a single pass over the data. Slow for work that passes over the **same data many times**:
#   - **iterative algorithms**: most of machine learning (gradient descent, k-means), graph algorithms;
#   - **interactive exploration**: every new query reads everything from disk again;
#   - **streaming**: state kept over time, updated every few seconds.
# - Spark's goal (UC Berkeley, 2009): a more general model, **any graph of operations**, with the same
#   **automatic fault tolerance**, and the working data **kept in memory** between steps.

# %% [markdown] slideshow={"slide_type": "notes"}
# Recall the MapReduce model from deck 02 (Big Data platforms). Its strength is simplicity and fault tolerance; its
# weakness is that chaining jobs means writing to and re-reading from HDFS each time. Machine learning is the
# typical victim: fifty iterations of gradient descent become fifty MapReduce jobs. Spark keeps the
# programming model simple but lets a program chain many operations and keep data in memory.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Chained jobs: MapReduce vs Spark

# %% tags=["hide-input"]
dot = digraph(rankdir="LR", nodesep="0.3", ranksep="0.35")
for engine, steps in {
    "Spark": ["HDFS", "filter", "map", "reduceByKey", "join", "HDFS"],
    "MapReduce": ["HDFS", "map", "reduce", "HDFS", "map", "reduce", "HDFS"],
}.items():
    with dot.subgraph(name=f"cluster_{engine}") as row:
        row.attr(label=engine, fontsize="18", style="rounded", color="#94a3b8")
        names = [f"{engine}{i}" for i in range(len(steps))]
        for name, step in zip(names, steps):
            colour = PALETTE["storage"] if step == "HDFS" else PALETTE["compute"]
            row.node(name, step, shape="cylinder" if step == "HDFS" else "box", fillcolor=colour, fontsize="16")
        for a, b, before, after in zip(names, names[1:], steps, steps[1:]):
            label = "read" if before == "HDFS" else "write" if after == "HDFS" else (
                "memory" if engine == "Spark" and after not in ("reduceByKey", "join") else "shuffle")
            row.edge(a, b, label=label, color="#dc2626" if "HDFS" in (before, after) else "#475569")
dot

# %% [markdown] slideshow={"slide_type": "fragment"}
# The often quoted "**up to 100x faster** than MapReduce" comes from early benchmarks of *iterative, in-memory*
# workloads (e.g. logistic regression). For a single pass over data on disk the gain is much smaller: treat
# it as a historic marketing figure.

# %% [markdown] slideshow={"slide_type": "notes"}
# Top: two chained MapReduce jobs, with a round trip to HDFS between them. Bottom: a Spark program chains
# four operations and touches the storage only at the start and the end; intermediate results stay in the
# memory of the executors. The 100x figure is real but specific; be critical of benchmark numbers in general.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A short history

# %% tags=["hide-input"]
HISTORY = [
    (2009, "research project\nat UC Berkeley AMPLab"),
    (2010, "open-sourced\n(BSD licence)"),
    (2013, "donated to Apache;\nDatabricks founded"),
    (2014, "Spark 1.0, Apache\ntop-level project"),
    (2015, "DataFrame API\n(Spark 1.3)"),
    (2016, "Spark 2.0: SparkSession,\nStructured Streaming"),
    (2020, "Spark 3.0: adaptive\nquery execution"),
    (2023, "Spark 3.4:\nSpark Connect"),
    (2025, "Spark 4.0 (May),\n4.1 (Dec)"),
    (2026, "4.2, 4.3\n(used here)"),
]
timeline(HISTORY, span=(2008, 2027.2), ylim=6.2, heights=(1.0, 3.3), size=(12, 4.9), fontsize=12.5)
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"}
# Spark started as a research project at Berkeley's AMPLab in 2009 and was open-sourced the year after. It
# joined the Apache Software Foundation in 2013, the year its creators founded Databricks, and became a
# top-level Apache project in 2014. The DataFrame API arrived in 2015, Spark 2 unified it with Datasets,
# Spark 3 added adaptive execution, and Spark 4 (2025) is the current major line; this deck runs 4.3.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The Spark ecosystem

# %% tags=["hide-input"]
LAYERS = {
    "APIs": ["Python (PySpark)", "SQL", "Scala / Java", "R (deprecated\nin 4.0)", "Spark Connect\nthin clients"],
    "libraries": ["Spark SQL\nDataFrames", "Structured\nStreaming", "MLlib\n(pyspark.ml)", "pandas API\non Spark",
                  "GraphX /\nGraphFrames"],
    "engine": ["Catalyst optimiser + Tungsten execution", "Spark Core: RDDs, scheduler, memory, fault tolerance"],
    "runs on": ["local", "standalone", "YARN", "Kubernetes", "managed services\n(Databricks, EMR, Dataproc)"],
    "data": ["Parquet / ORC", "CSV / JSON", "JDBC databases", "Kafka", "Delta Lake / Iceberg",
             "HDFS / S3 / GCS"],
}
COLOURS = {"APIs": "neutral", "libraries": "compute", "engine": "control", "runs on": "storage",
           "data": "data"}
rows = []
for layer, items in LAYERS.items():  # one HTML-like table: a row per layer, a rounded cell per item
    cells = "".join(f'<TD BGCOLOR="{PALETTE[COLOURS[layer]]}" STYLE="rounded" CELLPADDING="7">'
                    f'{item.replace(chr(10), "<BR/>")}</TD>' for item in items)
    rows.append(f'<TR><TD ALIGN="RIGHT"><I>{layer}</I></TD><TD><TABLE BORDER="0" CELLSPACING="5"><TR>{cells}'
                f'</TR></TABLE></TD></TR>')
dot = digraph()
dot.node("stack", f'<<TABLE BORDER="0" CELLSPACING="2">{"".join(rows)}</TABLE>>', shape="plaintext",
         style="", fontsize="16")
dot

# %% [markdown] slideshow={"slide_type": "notes"}
# Spark is one engine with several libraries on top: SQL and DataFrames, streaming, machine learning, a
# pandas-compatible API and graph processing. The same engine is driven from Python, SQL, Scala or Java;
# SparkR is deprecated since 4.0. It runs on a laptop, on its own cluster manager, on Hadoop YARN or on
# Kubernetes, and reads almost any storage format; it does not come with its own storage system.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: Spark vs Hadoop MapReduce
#
# What is the main difference between Spark and Hadoop MapReduce?
#
# A. Spark is written in Python, MapReduce in Java
#
# B. Spark chains many operations in one program and keeps intermediate data in memory
#
# C. Spark cannot read data stored in HDFS
#
# D. Spark gives up fault tolerance to go faster

# %% [markdown] slideshow={"slide_type": "fragment"}
# <p class="quiz-answer">Answer: B.</p>
#
# Spark is written in Scala, reads HDFS happily, and recovers lost data from its lineage. Its richer, higher
# level APIs (SQL, DataFrames, MLlib) are the other big difference.

# %% [markdown] slideshow={"slide_type": "notes"}
# Let the students vote, then reveal. Option D is a common misconception: keeping data in memory does not
# mean losing fault tolerance, because Spark can recompute a lost partition from the recipe that produced it.
# We will see that recipe, the lineage, in a few slides.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Starting Spark from Python
#
# In a plain script you would write:
#
# ```python
# from pyspark.sql import SparkSession
# session = SparkSession.builder.master("local[*]").appName("demo").getOrCreate()
# ```
#
# The course helper does the same, with quiet logs and few partitions (or connects to a cluster if asked):

# %%
from course import spark

session = spark()               # the SparkSession: entry point for DataFrames and SQL
sc = session.sparkContext       # the SparkContext: entry point for RDDs
print("Spark", session.version, "| master:", sc.master, "| default parallelism:", sc.defaultParallelism)

# %% [markdown] slideshow={"slide_type": "notes"}
# A Spark program starts by creating a SparkSession, which starts or connects to the driver. Here the master
# is local with all cores: driver and executors live in one Java process on this machine. The default
# parallelism is the number of partitions Spark uses when we do not say otherwise.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Anatomy of a Spark application

# %% tags=["hide-input"]
WORKERS, SLOTS = 3, 2
dot = digraph(rankdir="TB", nodesep="0.5", ranksep="0.9")
dot.node("driver", "Driver program\nyour Python code, SparkSession\nplans jobs, schedules tasks",
         fillcolor=PALETTE["control"], fontsize="16")
dot.node("manager", "Cluster manager\nstandalone, YARN or Kubernetes", fillcolor=PALETTE["neutral"], fontsize="16")
with dot.subgraph() as top:
    top.attr(rank="same")
    top.edge("driver", "manager", label="  1. ask for executors  ")
for w in range(WORKERS):
    with dot.subgraph(name=f"cluster_worker{w}") as node:
        node.attr(label="worker node", style="rounded", color="#94a3b8", fontsize="15")
        slots = "|".join("task" for _ in range(SLOTS))
        node.node(f"exec{w}", f"{{executor (JVM)|{{{slots}}}|cache}}", shape="record",
                  style="filled", fillcolor=PALETTE["compute"], fontsize="15")
    dot.edge("manager", f"exec{w}", label=" 2. start" if w == WORKERS - 1 else "", style="dashed")
    dot.edge("driver", f"exec{w}", label=" 3. tasks" if w == 0 else "", color="#2563eb", penwidth="1.6")
dot

# %% [markdown] slideshow={"slide_type": "notes"}
# The driver runs your program, turns it into jobs and tasks, and sends the tasks to executors. The cluster
# manager only allocates resources: it starts the executors on worker nodes. Executors are Java processes
# that run tasks in parallel, one per core slot, and keep cached partitions in memory. In local mode all of
# this lives in a single process, which is why the same code runs unchanged on a laptop and on a cluster.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Three APIs over one engine

# %% tags=["hide-input"]
table(pd.DataFrame({
    "": ["since", "data", "schema", "optimised by Spark", "languages", "use it for"],
    "RDD": ["the start (2010)", "distributed collection of any objects", "none", "no: your functions are opaque",
            "Python, Scala, Java", "low-level control, legacy code"],
    "DataFrame": ["1.3 (2015)", "distributed table of rows", "named, typed columns",
                  "yes: Catalyst + Tungsten", "Python, SQL, Scala, Java, R", "almost everything"],
    "Dataset": ["1.6 (2016)", "distributed collection of typed JVM objects", "a JVM class",
                "yes", "Scala, Java only", "type-checked JVM code"],
}), size=21)

# %% [markdown] slideshow={"slide_type": "notes"}
# Spark has three user APIs. RDDs came first and are still the foundation underneath. DataFrames add a
# schema, which lets the optimiser understand and rewrite your query. Datasets are typed DataFrames for
# Scala and Java; in Python a DataFrame is all you need. We start with RDDs because they show the mechanics.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## RDD: Resilient Distributed Dataset
#
# - **Distributed**: a collection split into **partitions**, spread over the executors and processed in
#   parallel, one task per partition.
# - **Immutable**: an operation never modifies an RDD, it describes a **new** one.
# - **Resilient**: each RDD remembers how it was built from its parents (its **lineage**); a lost partition
#   is recomputed, not restored from a copy.
# - Elements are arbitrary objects (strings, tuples, dicts): flexible, but Spark cannot look inside your
#   functions, so it cannot optimise them.
# - A functional API: you pass functions (often `lambda`s) to `map`, `filter`, `reduceByKey`...

# %% [markdown] slideshow={"slide_type": "notes"}
# Keep the three words of the acronym in mind: each one answers a question about distributed computing.
# Immutability is what makes lineage possible: since nothing is modified in place, Spark can always replay
# the recipe. The price of flexibility is that Spark treats your lambdas as black boxes.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Word count with RDDs
#
# `TEXT` is a Python list of 8 short sentences about Spark.

# %%
lines = sc.parallelize(TEXT, 4)                         # an RDD with 4 partitions
counts = (lines.flatMap(lambda line: line.lower().split())   # each line -> its words
               .map(lambda word: (word, 1))                  # each word -> (word, 1)
               .reduceByKey(lambda a, b: a + b))             # add the 1s of each word
counts.takeOrdered(6, key=lambda pair: (-pair[1], pair[0]))  # action: the work happens here

# %% [markdown] slideshow={"slide_type": "notes"}
# This is the MapReduce word count in four lines. flatMap is the map phase, producing many words per line;
# map builds key-value pairs; reduceByKey is the reduce phase, and implies a shuffle so that all pairs of one
# word meet in the same partition. Only the last line, an action, actually starts a computation.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The lineage: Spark remembers the recipe

# %%
print(counts.toDebugString().decode())   # bytes in PySpark: decode to print

# %% [markdown] slideshow={"slide_type": "fragment"}
# - `(4)`: number of partitions. Each line is an RDD; indentation goes back towards the source.
# - `+-`: a **shuffle dependency**: `ShuffledRDD` needs data from *all* partitions of its parent. This is
#   where the job is cut into **two stages**.
# - Our `flatMap` and `map` do not appear separately: PySpark fuses consecutive Python functions into one
#   `PythonRDD` step.

# %% [markdown] slideshow={"slide_type": "notes"}
# Read the lineage from the bottom: the parallelized collection, the Python functions, the pairs prepared for
# the shuffle, then the shuffled RDD and the final Python step. If an executor dies, Spark uses exactly this
# description to recompute the missing partitions. The indentation change marks the shuffle boundary.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Transformations and actions

# %% tags=["hide-input"]
table(pd.DataFrame({
    "": ["what it does", "returns", "runs anything?", "examples"],
    "transformation": ["describes a new dataset from an existing one", "an RDD / DataFrame",
                       "no: lazy, only recorded in the lineage",
                       "map, flatMap, filter, distinct, groupByKey, reduceByKey, join"],
    "action": ["asks for a result", "a Python value, or writes to storage",
               "yes: builds and runs a job", "count, collect, take, first, reduce, saveAsTextFile"],
}), size=21)

# %% [markdown] slideshow={"slide_type": "-"}
# Transformations are **narrow** (each output partition needs one input partition: `map`, `filter`) or
# **wide** (an output partition needs data from many: `reduceByKey`, `groupByKey`, `join`). Wide means a
# **shuffle**: the "reduce" step of MapReduce.

# %% [markdown] slideshow={"slide_type": "notes"}
# This distinction is the key to reading any Spark program. Transformations only build a plan; an action
# triggers the work. Among transformations, the wide ones are expensive because data moves across the
# network and is written to local disk; the narrow ones are cheap and are chained inside a single task.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Laziness, measured

# %%
def seconds(action):                  # run action(), return (its result, elapsed seconds)
    start = time.perf_counter()
    return action(), time.perf_counter() - start

def digit_sum(x):                     # a little real Python work per element
    return sum(int(digit) for digit in str(x))

numbers = sc.parallelize(range(400_000), 4)
evens, took = seconds(lambda: numbers.map(lambda x: digit_sum(x * x)).filter(lambda s: s % 2 == 0))
print(f"map + filter (transformations): {took:.4f} s -> {evens}")
n, took = seconds(evens.count)
print(f"count (action):                 {took:.4f} s -> {n:,} elements")

# %% [markdown] slideshow={"slide_type": "notes"}
# Defining the transformations takes a fraction of a millisecond whatever the data size: Spark only records
# them. The count is where 400,000 Python function calls really happen, in parallel tasks. Laziness lets
# Spark see the whole chain before running it, and pipeline the steps without materialising anything.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Partitions: the unit of parallelism

# %%
small = sc.parallelize(range(1, 13), 4)
print("partitions:", small.getNumPartitions())
print("glom (one list per partition):", small.glom().collect())
pairs = small.map(lambda x: (x % 3, x))                    # narrow: stays in its partition
sums = pairs.reduceByKey(lambda a, b: a + b, numPartitions=3)  # wide: regroups by key
print("after map:        ", pairs.glom().collect())
print("after reduceByKey:", sums.glom().collect())

# %% [markdown] slideshow={"slide_type": "notes"}
# glom turns each partition into a list, so we can see how the data is split: 12 numbers in 4 partitions of
# 3. The map keeps every element in its partition. After reduceByKey, each key lives in exactly one of the 3
# output partitions, chosen by hashing the key: every input partition had to send data to every output.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Narrow vs wide, drawn from the partitions above

# %% tags=["hide-input"]
def partition_label(items):
    return " ".join(str(item) for item in items) or "(empty)"


inputs, middles, outputs = small.glom().collect(), pairs.glom().collect(), sums.glom().collect()
dot = digraph(rankdir="LR", nodesep="0.2", ranksep="1.3", ordering="out")
for column, parts, colour in (("in", inputs, "storage"), ("mid", middles, "compute"), ("out", outputs, "data")):
    for i, items in enumerate(parts):
        dot.node(f"{column}{i}", f"P{i}: {partition_label(items)}", fillcolor=PALETTE[colour], fontsize="15")
for i in range(len(inputs)):
    dot.edge(f"in{i}", f"mid{i}", label="map" if i == 0 else "")
    for j, items in enumerate(outputs):
        if {key for key, _ in middles[i]} & {key for key, _ in items}:
            dot.edge(f"mid{i}", f"out{j}", color="#dc2626", label="shuffle" if i == j == 0 else "")
dot

# %% [markdown] slideshow={"slide_type": "-"}
# **Narrow** (`map`): one input partition per output partition, no data moves. **Wide** (`reduceByKey`):
# every output partition collects pieces from every input partition.

# %% [markdown] slideshow={"slide_type": "notes"}
# The edges of this picture were computed from the real partitions: an arrow from a middle partition to an
# output partition means at least one key had to travel between them. Narrow dependencies are pipelined in
# one task per partition; wide dependencies need the shuffle, and therefore a new stage.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Jobs, stages and tasks of our word count

# %% tags=["timeline"]
top = (lines.flatMap(lambda line: line.lower().split()).map(lambda word: (word, 1))  # the word count again,
            .reduceByKey(lambda a, b: a + b).takeOrdered(6, key=lambda pair: (-pair[1], pair[0])))  # from scratch

# %% [markdown] slideshow={"slide_type": "-"}
# One **action** → one **job**; each **shuffle** → a new **stage**; each stage → **one task per partition**.

# %% [markdown] slideshow={"slide_type": "notes"}
# The cell is tagged `timeline`: beneath it the course draws what Spark recorded while it ran, from the
# driver's own status store (the data behind the Spark UI, switched off while the slides are built). The top
# row is the job, started by the action takeOrdered; below, one lane per core of the local executor, one bar
# per task, coloured by stage: the first stage runs flatMap and map and writes the shuffle (its bytes are in the
# legend), the second reads it and adds the counts. Count the bars of each colour: one task per partition.
# Ask: why does the second stage start only when the first has finished? (Every reduce task needs a piece from
# every map task.) The table behind "Data of this figure" has the numbers. On a cluster, the Spark UI (port 4040
# of the driver) shows the same for every job.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Caching a dataset that is used twice

# %%
_, took = seconds(evens.count)
print(f"count again, no cache:       {took:.2f} s   (the lineage is replayed)")
evens.cache()                                        # a transformation-like mark: nothing runs yet
_, took = seconds(evens.count)
print(f"1st count after cache():     {took:.2f} s   (computes and keeps the partitions)")
_, took = seconds(evens.count)
print(f"2nd count after cache():     {took:.2f} s   (reads the partitions from memory)")
print("storage level:", evens.getStorageLevel())
evens.unpersist();

# %% [markdown] slideshow={"slide_type": "notes"}
# Without caching, every action replays the whole lineage, Python functions included. cache, which is
# persist with the default memory level, keeps the computed partitions in the executors, but only once an
# action has computed them. That is why you cache before the first of several actions on the same data, and
# unpersist when you are done, to give the memory back.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What a shuffle moves: `groupByKey` vs `reduceByKey`
#
# For each word of a 1 MB generated text (`CORPUS_LINES`): the mean length of the sentences it appears in.

# %%
length_pairs = sc.parallelize(CORPUS_LINES, 2).flatMap(sentence_pairs)  # (word, length of its sentence)
with measure(session) as by_group:                    # Spark's own metrics of the stages run in the block
    length_pairs.groupByKey().mapValues(lambda lengths: sum(lengths) / len(lengths)).collect()
with measure(session) as by_reduce:
    (length_pairs.mapValues(lambda n: (n, 1)).reduceByKey(lambda a, b: (a[0] + b[0], a[1] + b[1]))
                 .mapValues(lambda total: total[0] / total[1]).collect())
print("groupByKey: ", by_group.summary())
print("reduceByKey:", by_reduce.summary())
print(f"reduceByKey wrote {by_group.shuffle_write_bytes / by_reduce.shuffle_write_bytes:.1f}x fewer shuffle bytes "
      f"({by_reduce.shuffle_write_bytes:,} vs {by_group.shuffle_write_bytes:,} bytes)")

# %% [markdown] slideshow={"slide_type": "fragment"}
# `reduceByKey` adds the pairs **inside each map task first** (a *combiner*, as in MapReduce): one small
# `(sum, count)` per word and partition crosses the shuffle. `groupByKey` ships every value.

# %% [markdown] slideshow={"slide_type": "notes"}
# The figures are not timings: they are the bytes each map task wrote to its shuffle files, read from Spark's
# own task metrics (the same records the Spark UI shows), so they are the same on every machine. Ask the
# students why a median could not use the same trick: it needs all the values of a word together. PySpark's
# groupByKey also groups locally into lists before the shuffle, but it still ships every value; with a word
# count, where every value is 1, those lists compress so well that the two would look alike, which is why this
# example averages sentence lengths.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Warm-up of the lab: estimate π with darts

# %%
N = 100_000

def dart(i):
    """Throw dart number i into the unit square, with its own generator seeded by its number."""
    rng = random.Random(f"dart-{i}")   # a string seed is hashed: well-mixed, repeatable
    return rng.random(), rng.random()

inside = (sc.parallelize(range(N), 4)
            .map(dart)
            .filter(lambda p: p[0] ** 2 + p[1] ** 2 <= 1.0)   # inside the quarter circle
            .count())
print(f"pi ~ 4 x {inside:,} / {N:,} = {4 * inside / N:.4f}")

# %% [markdown] slideshow={"slide_type": "notes"}
# The fraction of darts inside the quarter circle approximates its area, pi over 4. Each dart is independent,
# so the problem is embarrassingly parallel. Seeding per dart matters. Spark forks its Python workers, and
# CPython reseeds the random module in every forked child: with unseeded draws, each worker draws different
# numbers, but so does a task that is re-executed, so a recomputed partition would not hold the same data.
# NumPy's legacy global generator, np.random, is not reseeded: workers forked after it was used repeat the same
# numbers. Lab 03 shows both with two forked processes; the remedy is one seeded generator per task.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## The darts, and how the estimate converges

# %% tags=["hide-input"]
points = [dart(i) for i in range(20_000)]                  # the same darts, thrown locally
hits = [x * x + y * y <= 1.0 for x, y in points]
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5), dpi=90, gridspec_kw={"width_ratios": [1, 1.6]})
left.scatter(*zip(*points[:1500]), s=5, c=["#2563eb" if h else "#f97316" for h in hits[:1500]])
left.add_patch(plt.Circle((0, 0), 1, fill=False, color="#0f172a", lw=1.5))
left.set(aspect="equal", xlim=(0, 1), ylim=(0, 1), title="the first 1,500 darts")
running, inside_so_far = [], 0
for n, hit in enumerate(hits, 1):
    inside_so_far += hit
    running.append(4 * inside_so_far / n)
right.plot(range(1, len(running) + 1), running, color="#2563eb", lw=1.2, label="4 x inside / thrown")
right.axhline(3.141592653589793, color="#dc2626", ls="--", label="pi")
right.set(xscale="log", ylim=(2.8, 3.5), xlabel="darts thrown", title="estimate vs number of darts")
right.legend()
fig.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"}
# The same dart function, called locally for the first 20,000 darts. The estimate wanders a lot at first
# and settles slowly: the error shrinks like one over the square root of the number of darts, so each extra
# digit of precision costs a hundred times more darts. That is why Monte Carlo methods want parallelism.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## DataFrames: distributed tables with a schema
#
# - Rows with **named, typed columns**, like a pandas DataFrame or a SQL table, but partitioned over the
#   cluster and **lazy**, like an RDD (they are built on RDDs).
# - Operations are **declarative** (`select`, `filter`, `groupBy`, `join`), written with column
#   expressions from `pyspark.sql.functions` instead of opaque lambdas.
# - So Spark understands the query and the **Catalyst** optimiser can rewrite it: push filters down to the
#   reader, prune unused columns, pick join strategies; **Tungsten** generates compact code and memory layouts.
# - Same engine from Python, Scala, Java and SQL: a Python DataFrame job runs at JVM speed, as long as it
#   avoids Python UDFs.

# %% [markdown] slideshow={"slide_type": "notes"}
# DataFrames are the API to use in practice. Because Spark knows the columns and the operations, it can plan
# the query much better than with RDDs, where it only sees black-box functions. A nice consequence for us:
# Python is no longer slower than Scala, since no Python code runs on the data.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Word count with the DataFrame API

# %%
from pyspark.sql import functions as F

lines_df = session.createDataFrame([(line,) for line in TEXT], ["line"])
words = lines_df.select(F.explode(F.split(F.lower("line"), " ")).alias("word"))
grouped = words.groupBy("word").count()
grouped.orderBy(F.desc("count"), "word").show(6)

# %% [markdown] slideshow={"slide_type": "notes"}
# split turns each line into an array of words, explode gives one row per word, and groupBy with count does
# the reduce. No lambda anywhere: every step is a column expression that Spark understands. The result is
# the same as with RDDs, computed by generated JVM code.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What Spark will really run: `explain()`

# %%
grouped.explain()   # the physical plan, read from the bottom up

# %% [markdown] slideshow={"slide_type": "fragment"}
# - `Generate explode(...)`: the "map" side. `HashAggregate(... partial_count)`: counts **inside each
#   partition first**, like a MapReduce combiner.
# - `Exchange hashpartitioning(word, 4)`: the **shuffle** (4 = `spark.sql.shuffle.partitions`), then the
#   final `HashAggregate` adds the partial counts.
# - `AdaptiveSparkPlan`: adaptive query execution may still change the plan at run time.

# %% [markdown] slideshow={"slide_type": "notes"}
# The plan shows the optimiser's work: Spark decided by itself to pre-aggregate before the shuffle, which our
# RDD version only did because reduceByKey combines locally too. Exchange is the word to look for in any plan:
# each one is a shuffle, and usually the most expensive part of the query.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## From your query to tasks: Catalyst

# %% tags=["hide-input"]
PHASES = [
    ("sql", "SQL", "data"), ("df", "DataFrame", "data"), ("unresolved", "unresolved\nplan", "neutral"),
    ("logical", "logical\nplan", "neutral"), ("optimised", "optimised\nplan", "compute"),
    ("physical", "physical\nplan", "compute"), ("code", "Java code\non RDDs", "control"),
]
dot = digraph(rankdir="LR", nodesep="0.3", ranksep="0.45")
for name, label, colour in PHASES:
    dot.node(name, label, fillcolor=PALETTE[colour], fontsize="17")
dot.edge("sql", "unresolved")
dot.edge("df", "unresolved")
for (a, *_), (b, *_) in zip(PHASES[2:], PHASES[3:]):
    dot.edge(a, b, label={"logical": "analysis", "optimised": "rules", "physical": "cost-based\nchoice",
                          "code": "codegen"}.get(b, ""))
dot.node("catalog", "catalog", shape="cylinder", fillcolor=PALETTE["storage"], fontsize="15")
dot.edge("catalog", "logical", style="dashed")
dot

# %% [markdown] slideshow={"slide_type": "-"}
# SQL and DataFrame code end in the **same plan**: pick whichever reads better, the speed is the same.

# %% [markdown] slideshow={"slide_type": "notes"}
# Catalyst takes the query, resolves names against the catalog, applies rewriting rules such as pushing
# filters down or removing unused columns, then chooses among physical strategies using cost estimates.
# Finally Tungsten generates Java code for whole stages. Because both SQL and DataFrames enter at the same
# point, there is no performance reason to prefer one over the other.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The same word count in Spark SQL

# %%
lines_df.createOrReplaceTempView("lines")     # give the DataFrame a table name
session.sql("""
    SELECT word, count(*) AS n
    FROM (SELECT explode(split(lower(line), ' ')) AS word FROM lines)
    GROUP BY word
    ORDER BY n DESC, word
    LIMIT 6
""").show()

# %% [markdown] slideshow={"slide_type": "notes"}
# A temporary view makes a DataFrame visible to SQL for the session. The query is the word count again, with
# the same functions as before. Try calling explain on it in the lab: you will find the same HashAggregate,
# Exchange, HashAggregate pattern.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Joining a large table with a small one

# %% tags=["hide-input"]
dot = digraph(rankdir="TB", nodesep="0.2", ranksep="0.7", ordering="out")
for strategy, label in (("shuffle", "shuffle join: both sides move"), ("broadcast", "broadcast join: the small side only")):
    with dot.subgraph(name=f"cluster_{strategy}") as side:
        side.attr(label=label, fontsize="18", style="rounded", color="#94a3b8")
        small = f"{strategy}_small"
        with side.subgraph() as top, side.subgraph() as bottom:  # two rows, in this order from the left
            top.attr(rank="same")
            bottom.attr(rank="same")
            top.node(small, "small table", shape="cylinder", fillcolor=PALETTE["storage"], fontsize="15")
            for part in range(3):
                top.node(f"{strategy}_big{part}", f"large table\npartition {part}", fillcolor=PALETTE["data"],
                         fontsize="15")
                task = "join task" if strategy == "shuffle" else f"join task {part}"  # shuffle: keys hashed
                bottom.node(f"{strategy}_task{part}", task, fillcolor=PALETTE["compute"], fontsize="15")
            for row, names in ((top, [small] + [f"{strategy}_big{p}" for p in range(3)]),
                               (bottom, [f"{strategy}_task{p}" for p in range(3)])):
                for left, right in zip(names, names[1:]):
                    row.edge(left, right, style="invis", weight="20")
        for part in range(3):
            big, task = f"{strategy}_big{part}", f"{strategy}_task{part}"
            if strategy == "shuffle":  # every partition sends rows to every task; so does the small table
                for target in range(3):
                    side.edge(big, f"{strategy}_task{target}", color="#dc2626", arrowsize="0.6")
                side.edge(small, task, color="#dc2626", arrowsize="0.6")
            else:  # the large partitions stay where they are; the small table is copied to every task
                side.edge(big, task, color="#475569")
                side.edge(small, task, color="#2563eb", style="dashed", arrowsize="0.6")
dot

# %% [markdown] slideshow={"slide_type": "-"}
# - **Shuffle join**: both sides hash-partitioned by the key (`Exchange`), then sorted and merged.
# - **Broadcast join**: the small table copied to every executor (`BroadcastExchange`); automatic below
#   `spark.sql.autoBroadcastJoinThreshold` (10 MB), or asked for with `F.broadcast(df)`.

# %% [markdown] slideshow={"slide_type": "notes"}
# Red arrows are shuffled data. In the shuffle join every partition of the large table sends a piece to every
# join task; in the broadcast join the large table does not move at all, and only the small one travels, once
# per executor. The price is memory: every executor holds the whole small table, and the driver collects it
# first, so it only works when the small side really is small. Adaptive query execution, on by default since
# Spark 3.2, can also switch to a broadcast join at run time when a side turns out to be small.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Shuffle join vs broadcast join, measured

# %%
tokens = session.createDataFrame([(line,) for line in CORPUS_LINES], ["line"]).select(   # one row per word
    F.explode(F.regexp_extract_all(F.lower("line"), F.lit(r"([a-z]+)"), 1)).alias("word"))
lexicon = session.createDataFrame(LEXICON, ["word", "pos"])      # word -> part of speech, 4,500 rows
by_pos = lambda small: tokens.join(small, "word").groupBy("pos").count()

session.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")   # no automatic broadcast: a shuffle join
with measure(session) as shuffle_join:
    by_pos(lexicon).collect()
shuffle_plan = plan_steps(by_pos(lexicon))
session.conf.unset("spark.sql.autoBroadcastJoinThreshold")
with measure(session) as broadcast_join:
    by_pos(F.broadcast(lexicon)).collect()                       # the hint: copy the small side
broadcast_plan = plan_steps(by_pos(F.broadcast(lexicon)))
for name, run, plan in (("shuffle join", shuffle_join, shuffle_plan),
                        ("broadcast join", broadcast_join, broadcast_plan)):
    print(f"{name}: {format_bytes(run.shuffle_write_bytes)} shuffled; its plan:", *plan, sep="\n    ")
print(f"the broadcast join wrote {shuffle_join.shuffle_write_bytes / broadcast_join.shuffle_write_bytes:,.0f}x "
      f"fewer shuffle bytes ({broadcast_join.shuffle_write_bytes:,} vs {shuffle_join.shuffle_write_bytes:,} bytes)")

# %% [markdown] slideshow={"slide_type": "notes"}
# The plan lines are filtered from explain(): the shuffle join has an Exchange hashpartitioning on the word for
# each side, the broadcast join a BroadcastExchange of the lexicon only. Both end with the small exchange of the
# groupBy on the part of speech, which is all the broadcast version shuffles. The bytes are Spark's own
# figures, read with the course helper that the lab uses too. A quick question: what if the lexicon had a
# hundred million rows? Then broadcasting it would exhaust the executors' memory, and the shuffle join is the
# only option.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The two plans, drawn: what crossed each exchange

# %% tags=["hide-input"]
from course import plan

session.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
shuffled, broadcast = by_pos(lexicon), by_pos(F.broadcast(lexicon))
shuffled.collect()                                               # a plan's figures exist once it has run
session.conf.unset("spark.sql.autoBroadcastJoinThreshold")
broadcast.collect()
display(plan(shuffled), plan(broadcast))

# %% [markdown] slideshow={"slide_type": "notes"}
# The same two queries as on the previous slide, drawn by the course's plan helper from the physical plans
# that ran (adaptive execution's final plans), read from left to right. Orange boxes are the shuffle
# boundaries, labelled with the rows and bytes Spark's SQL metrics report crossing them: in the shuffle join
# both sides cross an Exchange, the large one with most of the bytes; in the broadcast join only the
# lexicon's rows cross, in a BroadcastExchange that copies them to every executor, and the large table stays
# where it is. Both end with the small Exchange of the groupBy on the part of speech.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Bytes through the shuffle, four ways

# %% tags=["hide-input"]
MOVED = {"groupByKey": by_group, "reduceByKey": by_reduce, "shuffle join": shuffle_join,
         "broadcast join": broadcast_join}
fig, ax = plt.subplots(figsize=(11, 4.2))
bars = ax.barh(list(MOVED)[::-1], [run.shuffle_write_bytes for run in MOVED.values()][::-1],
               color=["#16a34a", "#dc2626", "#16a34a", "#dc2626"])
ax.bar_label(bars, labels=[format_bytes(run.shuffle_write_bytes) for run in MOVED.values()][::-1], padding=4,
             fontsize=14)
ax.set_xscale("log")
ax.set_xlim(right=max(run.shuffle_write_bytes for run in MOVED.values()) * 8)
ax.set_xlabel("bytes written to the shuffle (log scale), from Spark's task metrics", fontsize=14)
ax.tick_params(labelsize=14)
fig.tight_layout()
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# Same results, very different traffic. On a cluster these bytes cross the network: reducing them is a large
# part of tuning a Spark job (combine early, broadcast small tables, filter and select before a shuffle).

# %% [markdown] slideshow={"slide_type": "notes"}
# A log scale, because the broadcast join moves thousands of times fewer bytes than the shuffle join. Both
# comparisons come from the same 1 MB text, generated when the deck was built. In lab 03 the students measure
# the same four figures on a 4 MB text, then repartition against coalesce, and a skewed key.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Spark 4: ANSI SQL mode is on by default

# %%
print("spark.sql.ansi.enabled =", session.conf.get("spark.sql.ansi.enabled"))
try:
    session.sql("SELECT CAST('twelve' AS INT) AS n").collect()
except Exception as error:                       # Spark 3 returned NULL here, silently
    print(type(error).__name__, error.getCondition())
    print(str(error)[:96], "...")
session.sql("SELECT try_cast('twelve' AS INT) AS bad, CAST('12' AS INT) AS good").show()

# %% [markdown] slideshow={"slide_type": "notes"}
# Spark 4 follows the SQL standard by default: an invalid cast, an overflow or a division by zero is an error
# instead of a silent NULL. This catches dirty data early, but old code that relied on NULLs may now fail.
# The try_ functions, such as try_cast and try_divide, give the old tolerant behaviour where you want it.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## MLlib: machine learning on DataFrames
#
# - `pyspark.ml` works on DataFrames (the older RDD-based `pyspark.mllib` is in maintenance mode).
# - A **Transformer** turns a DataFrame into another (adds columns): a tokenizer, a fitted model.
# - An **Estimator** learns from a DataFrame with `fit()` and returns a Transformer (a model).
# - A **Pipeline** chains them; fitting the pipeline gives a **PipelineModel** applied with `transform()`.

# %% tags=["hide-input"]
LABELLED = [
    ("spark caches data in memory", 1.0), ("the driver schedules tasks on executors", 1.0),
    ("a shuffle moves data between executors", 1.0), ("dataframes are optimised by catalyst", 1.0),
    ("the cat sleeps on the sofa", 0.0), ("we had pasta for dinner", 0.0),
    ("the weather is sunny today", 0.0), ("my cat likes the sunny garden", 0.0),
]
train = session.createDataFrame(LABELLED, ["text", "label"])
table(train.toPandas().astype({"label": int}), size=16)

# %% [markdown] slideshow={"slide_type": "notes"}
# The vocabulary of pyspark.ml is borrowed from scikit-learn: transformers, estimators and pipelines. Our toy
# training set has eight sentences, labelled 1 when they talk about Spark and 0 otherwise. The goal is only
# to see the mechanics; real pipelines have thousands of rows and cross-validation.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A tiny text-classification pipeline

# %%
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.feature import HashingTF, Tokenizer
from pyspark.ml.functions import vector_to_array

pipeline = Pipeline(stages=[Tokenizer(inputCol="text", outputCol="words"),
                            HashingTF(inputCol="words", outputCol="features", numFeatures=256),
                            LogisticRegression(maxIter=10, regParam=0.01)])
model = pipeline.fit(train)                      # Estimator.fit -> PipelineModel
test = session.createDataFrame([("executors cache partitions",), ("the cat had dinner",)], ["text"])
(model.transform(test).select("text", "prediction",
 F.round(vector_to_array("probability")[1], 3).alias("P(about Spark)")).toPandas())

# %% [markdown] slideshow={"slide_type": "notes"}
# The tokenizer splits sentences into words, HashingTF maps words to a fixed-size vector of counts, and
# logistic regression learns weights. fit runs Spark jobs on the training DataFrame, and the result is a model
# that adds prediction and probability columns to any DataFrame with a text column, here two new sentences.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The fitted pipeline, drawn from `model.stages`

# %% tags=["hide-input"]
dot = digraph(rankdir="LR", nodesep="0.3", ranksep="0.4")
dot.node("text", "text", shape="note", fillcolor=PALETTE["data"], fontsize="15")
column = "text"
for stage in model.stages:
    name = stage.__class__.__name__      # not stage.uid: random on every run, it would change the picture
    kind = "Model (fitted estimator)" if name.endswith("Model") else "Transformer"
    dot.node(name, f"{name}\n{kind}", fillcolor=PALETTE["compute"], fontsize="15")
    dot.edge(column, name)
    outputs = ([stage.getOutputCol()] if stage.hasParam("outputCol")
               else [stage.getPredictionCol(), stage.getProbabilityCol()])
    for out in outputs:
        dot.node(out, out, shape="note", fillcolor=PALETTE["data"], fontsize="15")
        dot.edge(name, out)
    column = outputs[0]
dot

# %% [markdown] slideshow={"slide_type": "-"}
# What the model learnt: the weight of each training word, found back with `HashingTF.indexOf`.

# %% tags=["hide-input"]
hashing, classifier = model.stages[1], model.stages[-1]
vocabulary = sorted({word for text, _ in LABELLED for word in text.split()})
weights = pd.Series({word: classifier.coefficients[hashing.indexOf(word)] for word in vocabulary})
top, bottom = weights.nlargest(5), weights.nsmallest(5)
table(pd.DataFrame({"towards 'Spark'": top.index, "weight ": top.round(2).values,
                  "towards 'other'": bottom.index, "weight": bottom.round(2).values}), size=18)

# %% [markdown] slideshow={"slide_type": "notes"}
# This picture was generated by walking through the stages of the fitted PipelineModel and reading their
# input and output columns. The tokenizer and HashingTF are plain transformers; the logistic regression
# estimator has become a fitted model. Saving this PipelineModel saves every step, so the same preprocessing
# is applied at prediction time.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Structured Streaming: a table that keeps growing

# %% tags=["hide-input"]
dot = digraph(rankdir="LR", nodesep="0.3", ranksep="0.45")
for name, label, colour in [
    ("source", "source\nKafka, files,\nsockets", "storage"),
    ("input", "unbounded\ninput table\n(new rows appended)", "data"),
    ("query", "your DataFrame\nquery\n(same API)", "compute"),
    ("result", "result table\n(updated each\nmicro-batch)", "data"),
    ("sink", "sink\nfiles, Kafka,\ndatabase", "storage"),
]:
    dot.node(name, label, fillcolor=PALETTE[colour], fontsize="15")
for a, b in [("source", "input"), ("input", "query"), ("query", "result"), ("result", "sink")]:
    dot.edge(a, b)
dot.node("state", "checkpoint\n(offsets, state)", shape="cylinder", fillcolor=PALETTE["neutral"], fontsize="14")
dot.edge("query", "state", dir="both", style="dashed")
dot

# %% [markdown] slideshow={"slide_type": "-"}
# - The same DataFrame query as for a batch, run incrementally on **micro-batches**; checkpoints give
#   **exactly-once** results after a failure.
# - The older **DStream** API (Spark Streaming, RDD-based) is legacy: do not start new code with it.

# %% [markdown] slideshow={"slide_type": "notes"}
# Structured Streaming treats a stream as a table to which rows keep being appended. You write the same
# DataFrame query as for batch data, and Spark runs it incrementally on each micro-batch, keeping state such
# as running counts in a checkpoint. Older material shows DStreams; they are no longer developed. The next
# slide runs a real stream.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A real stream: files arriving in a folder

# %%
inbox = WORK / "inbox"
inbox.mkdir()
for number, line in enumerate(TEXT[:3]):                         # three files land in the folder
    (inbox / f"batch-{number}.json").write_text("\n".join(json.dumps({"word": w}) for w in line.lower().split()))
events = session.readStream.schema("word STRING").option("maxFilesPerTrigger", 1).json(str(inbox))
live_counts = events.groupBy("word").count()                     # the same code as for a batch DataFrame
query = (live_counts.writeStream.format("memory").queryName("word_counts").outputMode("complete")
         .option("checkpointLocation", str(WORK / "checkpoint"))
         .trigger(availableNow=True).start())                    # process what is there, then stop
query.awaitTermination()
for progress in query.recentProgress:
    print(f"micro-batch {progress['batchId']}: {progress['numInputRows']} new rows")
session.sql("SELECT * FROM word_counts ORDER BY count DESC, word LIMIT 4").show()

# %% [markdown] slideshow={"slide_type": "notes"}
# A file source watches a folder; maxFilesPerTrigger makes each file its own micro-batch, so we see three of
# them. The query is an ordinary groupBy count; in complete mode the memory sink holds the whole result table,
# updated after each micro-batch, and we query it with SQL like any table. availableNow processes what is in
# the folder and stops, which is how a stream runs as a scheduled job; without it the query would keep
# watching the folder. The checkpoint folder records which files were processed: restart the query and it
# would skip them. On a cluster the watched folder must be storage every executor reads (HDFS, S3...).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Where Spark runs

# %% tags=["hide-input"]
table(pd.DataFrame([
    ("local", "local[*]", "one process on your machine: development, tests, these slides"),
    ("standalone", "spark://host:7077", "Spark's own simple cluster manager"),
    ("YARN", "yarn", "Hadoop clusters: the historic default"),
    ("Kubernetes", "k8s://https://host:6443", "driver and executors in pods (GA since Spark 3.1)"),
    ("Spark Connect", "sc://host:15002", "a thin client talks to a remote Spark server"),
], columns=["mode", "master / remote URL", "typical use"]), size=21)

# %% [markdown] slideshow={"slide_type": "-"}
# Programs are launched with `spark-submit`, from a notebook, or through a managed service (Databricks,
# Amazon EMR, Google Dataproc...). The course helper reads `SPARK_MASTER` or `SPARK_REMOTE`, so these slides
# run unchanged on a cluster.

# %% [markdown] slideshow={"slide_type": "notes"}
# The code does not change between these modes; only the master URL does. Local mode is for development.
# YARN was the standard on Hadoop clusters; today Kubernetes is the common choice for new platforms, and day 2
# covers it. Most companies actually use a managed Spark service that hides the cluster manager entirely.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Spark Connect: Spark as a remote service

# %% tags=["hide-input"]
dot = digraph(rankdir="LR", nodesep="0.3", ranksep="0.8")
dot.node("client", "your application\nnotebook, IDE, service\n\npip install pyspark-client\n(pure Python, no JVM)",
         fillcolor=PALETTE["data"], fontsize="15")
with dot.subgraph(name="cluster_server") as server:
    server.attr(label="Spark cluster", style="rounded", color="#94a3b8", fontsize="15")
    server.node("connect", "Spark Connect server\n(inside the driver)\nport 15002", fillcolor=PALETTE["control"],
                fontsize="15")
    for i in (1, 2):
        server.node(f"e{i}", "executor", fillcolor=PALETTE["compute"], fontsize="15")
        server.edge("connect", f"e{i}")
dot.edge("client", "connect", label="gRPC: unresolved\nlogical plans", color="#2563eb")
dot.edge("connect", "client", label="results as\nArrow batches", color="#16a34a")
dot

# %% [markdown] slideshow={"slide_type": "-"}
# - Introduced in Spark 3.4, mature in 4.x: `SparkSession.builder.remote("sc://host:15002").getOrCreate()`.
# - DataFrame and SQL code is unchanged; the low-level **RDD API and `SparkContext` are not available**.

# %%
from pyspark.sql.utils import is_remote
print(f"this deck: {type(session).__module__}.SparkSession, through Spark Connect: {is_remote()}")

# %% [markdown] slideshow={"slide_type": "notes"}
# With Spark Connect the client only builds query plans and sends them over gRPC; the server, inside the
# driver, plans and runs them and streams results back in Arrow format. The client is a small pure-Python
# package, upgrades of client and server are decoupled, and one crashing notebook cannot take the driver down.
# Another reason to prefer DataFrames: RDD code does not run over Spark Connect.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What changed with Spark 4 (2025-2026)
#
# - Runs on **Java 17 or 21** and Scala 2.13 only; Java 8 and 11 are gone.
# - **ANSI SQL mode** on by default (previous slide): errors instead of silent NULLs.
# - **Spark Connect** everywhere, with the thin `pyspark-client` package.
# - New **VARIANT** type for semi-structured (JSON) data, SQL **pipe syntax** (`FROM t |> WHERE ... |> ...`).
# - **Python data source API**: write a connector in pure Python; `DataFrame.plot` for quick charts.
# - **Structured logging** (JSON logs); SparkR deprecated.
#
# Older tutorials (Spark 2-3, Java 8, DStreams, `pyspark.mllib`) still work in spirit, but check the details.

# %% [markdown] slideshow={"slide_type": "notes"}
# These are the changes you are most likely to notice when following older tutorials. The Java requirement is
# the first stumbling block on a personal laptop. ANSI mode changes results on dirty data, which matters for
# the evaluation. The rest are additions that make Spark easier to use from Python.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: which API for new PySpark code?
#
# A. RDDs: they are the foundation of everything
#
# B. DataFrames and Spark SQL
#
# C. Datasets
#
# D. DStreams

# %% [markdown] slideshow={"slide_type": "fragment"}
# <p class="quiz-answer">Answer: B.</p>
#
# RDDs are the foundation but are not optimised and do not work over Spark Connect; Datasets exist only in
# Scala and Java; DStreams are the legacy streaming API.

# %% [markdown] slideshow={"slide_type": "notes"}
# This is a good discussion question because the honest answer has two parts: RDDs are what Spark is built
# on and what explains its behaviour, which is why we studied them; DataFrames are what you should write.
# Ask who would pick RDDs and why, before revealing.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Lab 03 (day 1, afternoon): Play with MapReduce through Spark
#
# A notebook with a local Spark session, like the one used for these slides:
#
# 1. **Monte Carlo π** with RDDs, and the random-seed pitfall of parallel workers.
# 2. **Transformations, actions and `persist()`**: timing the same work with and without caching.
# 3. **k-means by hand**: an iterative MapReduce with `map` and `reduceByKey`.
# 4. **DataFrames and Spark SQL** on the wine data set: grouping, filtering, a user-defined function.
# 5. **Word count**, the "hello world" of MapReduce, on a generated text.
# 6. **The shuffle, measured**: `groupByKey` vs `reduceByKey`, shuffle vs broadcast join, `repartition` vs
#    `coalesce`, a skewed key and salting.
#
# Spark UI: every driver serves one on port 4040 (the course helper turns it off); in your own
# `SparkSession`, open `http://localhost:4040` while a job runs to see its stages and tasks.

# %% [markdown] slideshow={"slide_type": "notes"}
# The lab follows the order of this deck. Work in pairs, and read the error messages: most problems in the
# first hour are about laziness, an error only appears when an action runs, far from the line that caused it.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - Spark generalises MapReduce: **any graph of operations**, data kept **in memory**, fault tolerance by
#   **lineage**.
# - **Transformations are lazy**, **actions** run **jobs**; **shuffles** cut jobs into **stages**; a stage
#   runs **one task per partition**.
# - **DataFrames / SQL** are the API to use: Catalyst optimises them, `explain()` shows the plan and its
#   `Exchange` shuffles.
# - A shuffle costs the **bytes it moves**: combine before it (`reduceByKey`), broadcast small tables.
# - One engine for SQL, streaming and ML, from local mode to **Kubernetes** and **Spark Connect**.

# %% [markdown] slideshow={"slide_type": "notes"}
# If the students remember one sentence: transformations describe, actions execute, shuffles cost. Everything
# else, caching, partitioning, reading plans, follows from it. Next: lab 03, then on day 2 containers and
# Kubernetes.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Further reading
#
# - M. Zaharia et al., [Resilient Distributed Datasets: A Fault-Tolerant Abstraction for In-Memory Cluster
#   Computing](https://www.usenix.org/conference/nsdi12/technical-sessions/presentation/zaharia), NSDI 2012
# - M. Armbrust et al., [Spark SQL: Relational Data Processing in Spark](https://doi.org/10.1145/2723372.2742797),
#   SIGMOD 2015
# - M. Armbrust et al., [Structured Streaming: A Declarative API for Real-Time Applications in Apache
#   Spark](https://doi.org/10.1145/3183713.3190664), SIGMOD 2018
# - J. Dean, S. Ghemawat, [MapReduce: Simplified Data Processing on Large
#   Clusters](https://www.usenix.org/legacy/events/osdi04/tech/dean.html), OSDI 2004
# - Spark docs: [RDD guide, shuffle operations](https://spark.apache.org/docs/latest/rdd-programming-guide.html#shuffle-operations),
#   [SQL performance tuning: join hints, AQE](https://spark.apache.org/docs/latest/sql-performance-tuning.html),
#   [Structured Streaming](https://spark.apache.org/docs/latest/streaming/index.html),
#   [monitoring and task metrics](https://spark.apache.org/docs/latest/monitoring.html)

# %% [markdown] slideshow={"slide_type": "notes"}
# The RDD paper is the best short explanation of lineage and of why Spark keeps data in memory; the Spark SQL
# paper introduces DataFrames and Catalyst; the Structured Streaming paper explains the table-that-grows model
# of the streaming slides. The performance-tuning page lists the join hints and the adaptive execution settings
# used in lab 03, and the monitoring page documents the task metrics our shuffle figures come from.
