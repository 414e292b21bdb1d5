"""A tiny graded lab's public contract, for the tests: per-student data, a question, a function, a written answer."""

from course.grading.graded import GRADED, Contract, Item

LAB = "99_quiz"


def doubled(namespace, inputs):
    import numpy as np

    return {"values": np.asarray(namespace["double"](np.load(inputs / "probe.npy")), dtype="float64")}


GRADED[LAB] = Contract(LAB, params=("STUDENT_ID", "SEED"), items=[
    Item("total", 1, looks_right=lambda value: "" if isinstance(value, int) else "a whole number"),
    Item("q_colour", 1, kind="choice", options=3),
    Item("double", 1, observe=doubled, looks_right=lambda value: "" if callable(value) else "a function"),
    Item("w_why", 2, kind="written"),
])
