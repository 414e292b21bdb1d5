# ---
# jupyter:
#   course:
#     title: "Benchmark: prose only"
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Prose only
#
# A deck with text and no code, to measure the fixed cost of a deck.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Second slide
#
# - one
# - two
