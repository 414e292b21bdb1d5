# ---
# jupyter:
#   course:
#     title: Live code
#     day: 1
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Live code

# %% tags=["remove-cell"]
BASE = 1000  # hidden from the page, yet later slides depend on it

# %%
numbers = list(range(100))
print("count", len(numbers))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Uses the first slide

# %%
total = sum(numbers) + BASE
print("total", total)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Rich outputs

# %% tags=["hide-input"]
import base64
from IPython.display import HTML, Image, display

PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9a"
                         "wAAAABJRU5ErkJggg==")  # a 1x1 PNG

# %%
display(Image(data=PIXEL, format="png"))
HTML("<table class='live-table'><tr><td>rows</td><td>%d</td></tr></table>" % len(numbers))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Errors

# %% slideshow={"slide_type": "skip"}
DIVISOR = 0

# %% tags=["raises-exception"]
total / DIVISOR
