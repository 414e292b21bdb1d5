# ---
# jupyter:
#   course:
#     title: Warm Spark fixture
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Warm Spark fixture
#
# Prints what a deck run before it in the same kernel could have left behind, then leaves all of it behind.

# %%
import os
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

print("cell", get_ipython().execution_count, "| names:", sorted(n for n in globals() if n[0] != "_"))
print("in the deck's folder:", any(name.endswith("warm_spark.py") for name in os.listdir()),
      "| WARM_LEAK:", os.environ.get("WARM_LEAK"))
print("pandas rows:", pd.get_option("display.max_rows"), "| font:", plt.rcParams["font.size"],
      "| numpy precision:", np.get_printoptions()["precision"], "| warning filters:", len(warnings.filters))

# %%
from course import spark

session = spark()
sc = session.sparkContext
print("shuffle partitions:", session.conf.get("spark.sql.shuffle.partitions"))
print("views:", [t.name for t in session.catalog.listTables()], [t.name for t in session.catalog.listTables("global_temp")])
print("job group:", sc.getLocalProperty("spark.jobGroup.id"), "| persisted RDDs:", len(sc._jsc.getPersistentRDDs()))
print("accumulator:", repr(sc.accumulator(0)))
pd.DataFrame({"n": [1, 2, 3]}).to_csv("numbers.csv", index=False)
print("rows Spark reads from a relative path:", session.read.csv("numbers.csv", header=True).count())

# %%
sc.setJobGroup("demo", "fixture")
words = sc.parallelize(["a b", "b c", "c a b"], 2).flatMap(str.split).map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b)
print(sorted(words.collect()))
print(words.toDebugString().decode())
print("jobs of the group:", sc.statusTracker().getJobIdsForGroup("demo"))

# %%
frame = session.createDataFrame([("a", 1), ("b", 2), ("a", 3)], ["key", "value"])
grouped = frame.groupBy("key").sum("value")
grouped.explain()
grouped.orderBy("key").toPandas()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Leaving everything behind

# %%
session.conf.set("spark.sql.shuffle.partitions", "7")
frame.createOrReplaceTempView("leak")
frame.createOrReplaceGlobalTempView("leak")
words.cache().count()
sc.setLogLevel("WARN")
pd.set_option("display.max_rows", 5)
plt.rcParams["font.size"] = 30
np.set_printoptions(precision=2)
warnings.simplefilter("ignore")
os.environ["WARM_LEAK"] = "1"
os.remove("numbers.csv")
os.chdir("/")
leak = 1

# %%
figure, axes = plt.subplots(figsize=(4, 2))
axes.bar(["a", "b", "c"], [2, 3, 1])
plt.show()
