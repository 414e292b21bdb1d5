# ---
# jupyter:
#   course:
#     title: "Benchmark: a SparkSession of the deck's own"
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Spark, without the course's helper

# %%
from pyspark.sql import SparkSession

session = SparkSession.builder.appName("benchmark").master("local[*]").getOrCreate()
words = session.sparkContext.parallelize("the quick brown fox jumps over the lazy dog the end".split(), 2)
sorted(words.map(lambda word: (word, 1)).reduceByKey(lambda a, b: a + b).collect())

# %%
session.range(100_000).selectExpr("id % 7 AS key").groupBy("key").count().orderBy("key").toPandas()

# %%
session.stop()
