# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Failing fixture

# %%
values = [1, 2, 3]
total = sum(values)

# %%
def helper():
    return missing_name


# %%
print(total)
helper()
