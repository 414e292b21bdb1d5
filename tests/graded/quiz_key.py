"""The fixture's grading key."""

import numpy as np

ANSWERS = {"q_colour": 1}  # KEY-ANSWERS
RUBRIC = {"w_why": "KEY-RUBRIC: 2 for absorption and scattering, 1 for either."}


def references(params, folder):
    data = np.random.default_rng(int(params["SEED"])).integers(0, 100, 50)
    probe = np.random.default_rng(int(params["PROBE_SEED"])).integers(0, 10, 20).astype("float64")
    np.save(folder / "probe.npy", probe, allow_pickle=False)
    return {"total": int(data.sum()), "probe": probe}


def score(name, seen, refs):
    if name == "total":
        return (1, "right") if seen["value"] == refs["total"] else (0, "not the sum of your data")
    if name == "double":
        ok = np.array_equal(seen["arrays"]["values"], refs["probe"] * 2)
        return (1, "right") if ok else (0, "not twice each value")
    raise KeyError(name)
