# ---
# jupyter:
#   course:
#     title: Basic fixture
#     day: 1
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Basic fixture
#
# Opening text of the basic deck.

# %%
answer = 6 * 7
print(f"the answer is {answer}")

# %% [markdown] slideshow={"slide_type": "notes"}
# NOTE-BASIC: the speaker says this.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Second slide
#
# Inline math $e^{i\pi} + 1 = 0$.

# %%
{"squares": [n * n for n in range(5)]}
