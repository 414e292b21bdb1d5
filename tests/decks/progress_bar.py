# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # A progress bar

# %%
import time

print("start")
for percent in range(20, 101, 20):
    print(f"\rloading {percent}%", end="", flush=True)
    time.sleep(0.05)  # each state its own message, as a real progress bar sends them
print("\ndone")
