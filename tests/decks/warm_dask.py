# ---
# jupyter:
#   course:
#     title: Warm Dask fixture
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Warm Dask fixture
#
# Prints what a deck run before it in the same kernel could have left behind, then leaves all of it behind.

# %%
import os
import warnings

import dask
import numpy as np
import pandas as pd

print("cell", get_ipython().execution_count, "| names:", sorted(n for n in globals() if n[0] != "_"))
print("in the deck's folder:", any(name.endswith("warm_dask.py") for name in os.listdir()),
      "| WARM_LEAK:", os.environ.get("WARM_LEAK"))
print("pandas rows:", pd.get_option("display.max_rows"), "| chunk size:", dask.config.get("array.chunk-size"),
      "| numpy precision:", np.get_printoptions()["precision"], "| warning filters:", len(warnings.filters))

# %%
import dask.array as da
from course import dask_client

client = dask_client()
print("workers:", len(client.scheduler_info()["workers"]), "| threads:", sum(client.nthreads().values()))
print("keys held:", len(client.who_has()), "| datasets:", client.list_datasets())
with open("marker.txt", "w") as marker:
    marker.write("here")
print("workers work in the deck's folder:", all(client.run(os.path.exists, "marker.txt").values()))

# %%
x = da.ones((8, 8), chunks=(4, 4))
total = (x + 1).sum()
print(sorted({str(key[0] if isinstance(key, tuple) else key).rsplit("-", 1)[0] for key in total.__dask_graph__()}))
print("total:", total.compute())
pd.DataFrame({"chunk": range(4), "sum": [float(block.sum().compute()) for block in x.blocks.ravel()]})

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Leaving everything behind

# %%
dask.config.set({"array.chunk-size": "1MiB"})
kept = client.persist(x + 2)
client.publish_dataset(leak=kept)
pd.set_option("display.max_rows", 5)
np.set_printoptions(precision=2)
warnings.simplefilter("ignore")
os.environ["WARM_LEAK"] = "1"
os.remove("marker.txt")
os.chdir("/")
leak = 1
