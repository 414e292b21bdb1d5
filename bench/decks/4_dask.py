# ---
# jupyter:
#   course:
#     title: "Benchmark: Dask"
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Dask

# %%
import dask.array as da

from course import dask_client

client = dask_client()
array = da.random.default_rng(0).random((4000, 4000), chunks=(1000, 1000))
float(array.mean().compute())

# %%
import dask.dataframe as dd
import pandas as pd

frame = dd.from_pandas(pd.DataFrame({"k": [i % 3 for i in range(10_000)], "v": range(10_000)}), npartitions=4)
frame.groupby("k").v.sum().compute()
