# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Processes that outlive the deck

# %%
import os
import subprocess
import sys

# a child in a session of its own: not in the kernel's process group
own_session = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)  # STRAY-SESSION"],
                               start_new_session=True)

# a daemon: fork, setsid, fork again, the middle process exits (its grandchild is adopted by init)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(600)  # STRAY-DAEMON"])
    os._exit(0)
os.wait()
print("started")
