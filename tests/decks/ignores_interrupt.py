# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # A cell that ignores Ctrl+C

# %%
import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
while True:
    pass
