# ---
# jupyter:
#   course:
#     title: Reproducible fixture
#     day: 1
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Reproducible fixture
#
# Markdown written without cell ids: the page must not change from build to build.

# %% alt="A line rising from 0 to 9."
import matplotlib.pyplot as plt

figure, axes = plt.subplots(figsize=(4, 2))
axes.plot(range(10))
axes.set_title("A rising line")
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A table

# %%
import pandas as pd

pd.DataFrame({"x": range(3), "y": ["a", "b", "c"]}).style.highlight_max(subset=["x"])

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Dask

# %%
from course import dask_client

client = dask_client()
print(client)
print(client.cluster)
print(client.dashboard_link)

# %%
client

# %%
client.cluster

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Spark

# %%
from course import spark

session = spark()
session.createDataFrame([(1, "a"), (2, "b")], ["n", "letter"]).show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Further reading
#
# - [Reproducible builds](https://reproducible-builds.org/)
