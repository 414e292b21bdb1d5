# ---
# jupyter:
#   course:
#     title: Figures fixture
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Figures fixture

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A chart

# %%
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(10, 4))
ax.plot([2020, 2022, 2024], [10, 30, 20], label="trips")
ax.set_title("Trips per year")
ax.set_xlabel("year")
ax.set_ylabel("trips (millions)")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A diagram

# %%
from course import digraph

dot = digraph()
dot.edge("driver", "executor", label="tasks")
dot

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A Dask array

# %%
import dask.array as da

da.ones((600, 400), chunks=(200, 200))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## An image from elsewhere, described by its author

# %% alt="A red square: the author's own description."
from IPython.display import SVG

SVG('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40"><rect width="40" height="40" fill="#b91c1c"/></svg>')

# %% [markdown] slideshow={"slide_type": "slide"}
# ## An image nobody described

# %%
SVG('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40"><circle r="20" cx="20" cy="20"/></svg>')
