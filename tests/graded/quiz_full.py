# ---
# jupyter:
#   course:
#     title: Quiz fixture
#     graded: true
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Quiz fixture

# %%
STUDENT_ID = ""

# %%
import numpy as np

import tests.graded.contract  # noqa: F401  (the fixture's contract)
from course.grading.graded import ask, begin

SEED = begin("99_quiz", STUDENT_ID)
data = np.random.default_rng(SEED).integers(0, 100, 50)
print("your data start with", data[:3])

# %% [markdown]
# **Exercise 1.** `total`: the sum of `data`, as an int.

# %% tags=["solution"]
total = int(data.sum())  # SOLUTION-TOTAL

# %% tags=["check"]
assert isinstance(total, int), "an int"

# %% [markdown]
# **Question** (`q_colour`): which colour is the sea?

# %%
ask("q_colour", ["red", "blue", "green"])

# %% tags=["solution"]
from course.grading.graded import permutation

q_colour = chr(97 + permutation(STUDENT_ID, "99_quiz", "q_colour", 3).index(1))  # SOLUTION-CHOICE

# %% [markdown]
# **Exercise 2.** `double(values)`: twice each value of a NumPy array.

# %% tags=["solution"]
def double(values):
    return values * 2  # SOLUTION-DOUBLE


# %% [markdown]
# **Written** (`w_why`): why is the sea that colour?

# %% tags=["solution"]
w_why = "SOLUTION-WRITTEN: water absorbs red light and scatters blue light back."

# %% [markdown] tags=["instructor"]
# INSTRUCTOR-NOTE: most students forget to convert the sum to an int.

# %%
from course.grading import self_check

self_check(globals(), lab="99_quiz")
