"""Deck boundaries inside a warm kernel: what one deck changed in the process is undone before the next starts.

The build keeps one kernel per job and runs deck after deck in it, so that Python imports, the Spark JVM and
the Dask LocalCluster are paid for once. It calls, in the kernel:

- `prepare()` once: imports what most decks use and records the process state;
- `begin(folder)` before a deck's first cell: a new IPython namespace and execution count, the recorded
  state back (working folder, environment, sys.path, warnings, root logger, matplotlib, pandas, NumPy, Dask
  config), the deck's own modules forgotten and the random generators reseeded, as in a new process.

After the deck's last cell, `course.runtime.release()` stops its SparkContext and closes its Dask client; the
JVM and the cluster stay up for the next deck.
"""

import copy
import gc
import logging
import os
import random
import sys
import warnings
from pathlib import Path

from course import runtime

PRELOAD = ("numpy", "pandas", "matplotlib.pyplot", "dask", "graphviz", "course.diagrams", "course.tables")
_saved: dict = {}


def prepare() -> None:
    """Import the common libraries, record the state every deck starts from and keep Spark and Dask warm."""
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)
    import matplotlib
    import numpy
    from IPython import get_ipython
    from matplotlib_inline.backend_inline import InlineBackend

    _saved.update(environ=dict(os.environ), path=list(sys.path), warnings=list(warnings.filters),
                  log_handlers=list(logging.root.handlers), log_level=logging.root.level,
                  rc=copy.deepcopy(dict(matplotlib.rcParams)), numpy=numpy.get_printoptions(),
                  numpy_errors=numpy.geterr(), formats=set(InlineBackend.instance().figure_formats),
                  # what a new kernel's __main__ has and IPython's reset() drops (multiprocessing reads __spec__)
                  dunders={k: v for k, v in get_ipython().user_ns.items() if k.startswith("__") and k.endswith("__")})
    runtime.keep_warm = True
    gc.collect()
    gc.freeze()  # the libraries' objects: no collection walks them again, deck after deck


def begin(folder: str) -> None:
    """Start a deck in `folder` from the recorded state, with an empty namespace (cell numbers from 1)."""
    import dask.config
    import matplotlib
    import numpy
    import pandas
    from IPython import get_ipython
    from matplotlib import pyplot
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    if "folder" in _saved:
        forget_modules_under(Path(_saved["folder"]))
    _saved["folder"] = folder
    os.chdir(folder)
    os.environ.clear()
    os.environ.update(_saved["environ"])
    sys.path[:] = _saved["path"]
    warnings.resetwarnings()  # also invalidates the modules' "already warned" registries
    warnings.filters[:] = _saved["warnings"]
    logging.root.handlers[:] = _saved["log_handlers"]  # logging.basicConfig() in a deck
    logging.root.setLevel(_saved["log_level"])
    pyplot.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matplotlib.rcParams.update(_saved["rc"])
        pandas.reset_option("all")
    set_matplotlib_formats(*_saved["formats"])
    numpy.set_printoptions(**_saved["numpy"])
    numpy.seterr(**_saved["numpy_errors"])
    dask.config.refresh()
    random.seed()
    numpy.random.seed()
    shell = get_ipython()
    shell.reset(new_session=True)
    for name, value in _saved["dunders"].items():
        shell.user_ns.setdefault(name, value)
    gc.collect()


def forget_modules_under(folder: Path) -> None:
    """Unload modules a deck imported from its own folder, so that the next deck imports its own copies."""
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)  # cheap tests first: resolving thousands of paths takes 0.2 s
        if (file and "site-packages" not in file and name.partition(".")[0] != "course"
                and Path(file).resolve().is_relative_to(folder)):
            del sys.modules[name]
