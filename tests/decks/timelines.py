# ---
# jupyter:
#   course:
#     title: Timelines fixture
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Timelines fixture
#
# A tagged Dask groupby with a shuffle and a tagged Spark join: each prints what its engine counted.

# %%
import dask
import dask.dataframe as dd
import pandas as pd
from distributed import get_task_stream

from course import dask_client, spark
from course.spark_metrics import measure

client = dask_client()
frame = dd.from_pandas(pd.DataFrame({"key": [i % 50 for i in range(40_000)], "value": range(40_000)}),
                       npartitions=6)
session = spark()
session.conf.set("spark.sql.autoBroadcastJoinThreshold", -1)  # a shuffle join, not a broadcast

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Dask: a groupby that shuffles

# %% tags=["timeline"]
with dask.config.set({"dataframe.shuffle.method": "tasks"}), get_task_stream() as stream:
    sums = frame.groupby("key").value.sum(split_out=3).compute()
print(f"engine: dask {len(stream.data)} tasks, {sum(client.nthreads().values())} threads, {len(sums)} groups")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Spark: a join

# %% tags=["timeline"]
left = session.range(60_000).selectExpr("id % 500 as key", "id as value")
right = session.range(500).selectExpr("id as key", "id * 2 as label")
with measure(session) as run:
    joined = left.join(right, "key").count()
ran = run.ran()
backend = session.sparkContext._jsc.sc().schedulerBackend()  # task slots: the driver's (local), the executors'
cores = backend.totalCores() if session.sparkContext.master.startswith("local") else backend.totalCoreCount()
print(f"engine: spark {sum(s.num_tasks for s in ran)} tasks, {cores} cores, "
      f"{len(ran)} stages, shuffle {run.shuffle_write_bytes} written, {run.shuffle_read_bytes} read, {joined} rows")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Untagged: no timeline

# %%
frame.value.sum().compute()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The join's plan

# %%
from course import plan

shuffled = left.join(right, "key")
shuffled.collect()
plan(shuffled)
