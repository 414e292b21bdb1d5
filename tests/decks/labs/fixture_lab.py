# ---
# jupyter:
#   course:
#     title: Fixture lab
#     day: 1
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Fixture lab
#
# Define `result` as the sum of the first ten integers.

# %% tags=["solution"]
result = sum(range(10))  # SOLUTION-CODE

# %%
print("result is", result)
