# ---
# jupyter:
#   course:
#     title: Every slide type and tag
#     day: 2
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Features

# %% [markdown] slideshow={"slide_type": "fragment"}
# FRAGMENT-TEXT appears later.

# %% [markdown] slideshow={"slide_type": "notes"}
# NOTES-TEXT for the speaker only.

# %% [markdown] slideshow={"slide_type": "skip"}
# SKIPPED-TEXT never shown.

# %% slideshow={"slide_type": "skip"}
print("SKIPPED-OUTPUT")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Tags

# %% tags=["hide-input"]
HIDDEN_INPUT_MARKER = "HIDE-INPUT-OUTPUT"
print(HIDDEN_INPUT_MARKER)

# %% tags=["hide-output"]
print("HIDE-OUTPUT" + "-OUTPUT")

# %% tags=["remove-cell"]
REMOVED_MARKER = "REMOVED-CELL-CODE"
print("REMOVED-CELL-OUTPUT")

# %% tags=["raises-exception"]
raise ValueError("EXPECTED-ERROR-SHOWN")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## After the error
#
# The build went on.

# %%
import sys
import pathlib
print("cwd is the deck's folder:", pathlib.Path.cwd().name)
print("NOISY-LINE", file=sys.stderr)
print("WARNING: Using incubator modules: jdk.incubator.vector", file=sys.stderr)
print(pathlib.Path.cwd().resolve())
