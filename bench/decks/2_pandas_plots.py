# ---
# jupyter:
#   course:
#     title: "Benchmark: pandas and plots"
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # pandas and matplotlib

# %%
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
frame = pd.DataFrame({"group": rng.integers(0, 5, 100_000), "value": rng.normal(size=100_000)})
frame.groupby("group")["value"].agg(["mean", "std", "count"])

# %%
import matplotlib.pyplot as plt

figure, axis = plt.subplots(figsize=(8, 3))
frame.groupby("group")["value"].mean().plot.bar(ax=axis)
plt.show()
