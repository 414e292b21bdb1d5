# ---
# jupyter:
#   course:
#     title: Live timeline
#     day: 1
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Live timeline

# %%
from course import dask_client

client = dask_client()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Tasks drawn

# %% tags=["timeline"]
squares = client.gather(client.map(lambda x: x * x, range(6)))
