# ---
# jupyter:
#   course:
#     title: "Benchmark: Spark"
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Spark

# %%
from course import spark

session = spark()
words = session.sparkContext.parallelize("the quick brown fox jumps over the lazy dog the end".split(), 2)
sorted(words.map(lambda word: (word, 1)).reduceByKey(lambda a, b: a + b).collect())

# %%
session.range(100_000).selectExpr("id % 7 AS key").groupBy("key").count().orderBy("key").toPandas()
