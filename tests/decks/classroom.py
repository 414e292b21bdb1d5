# ---
# jupyter:
#   course:
#     title: The classroom
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # The classroom

# %%
values = [3, 4]
print("sum", sum(values))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Steps
#
# First step

# %% [markdown] slideshow={"slide_type": "fragment"}
# Second step

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: how much is 3 + 4?
#
# - A. 5
# - B. 7
# - C. 12

# %% [markdown] slideshow={"slide_type": "fragment"}
# <p class="quiz-answer">Answer: B.</p>

# %% [markdown] slideshow={"slide_type": "notes"}
# Wait for most votes before showing the answer.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: which are even?
#
# Several answers are right.
#
# A. 2
#
# B. 3
#
# C. 4

# %% [markdown] slideshow={"slide_type": "fragment"}
# <p class="quiz-answer">Answer: A and C.</p>
