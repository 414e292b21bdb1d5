"""Graded labs, the student's side: per-student data and questions, format self-checks, and the export of
observations that the instructor's grader scores in its own process.

Nothing here knows an answer. A graded lab's public contract (e.g. `course.grading.lab30`) lists its items;
each item says how to *observe* a student's answer as plain data (numbers, letters, text, NumPy arrays): a
value is converted, a function is applied to probe data the grader provides, a model predicts on inputs the
grader provides. The grader (course.grading.batch) runs the student's notebook in its own kernel, then this
module's `export()` in that kernel; it reads back only JSON and `.npy` files and scores them with the sealed
key, which never enters the student's process.
"""

import hashlib
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

PRACTICE_ID = "practice"
_session = {"lab": None, "student": PRACTICE_ID}


@dataclass
class Item:
    """One graded answer: a variable (or function) the lab asks for, by its fixed name."""

    name: str
    points: int
    observe: Callable = None  # (namespace, inputs folder) -> plain data; default: the value itself
    looks_right: Callable = None  # (value) -> hint or "" : a format check the student may run, never the answer
    kind: str = "value"  # value, choice (options shuffled per student) or written (marked by hand)
    options: int = 0  # for a choice: how many options
    several: bool = False  # for a choice: a set of letters


@dataclass
class Contract:
    """A graded lab's public side: its items, and how the data of a student are generated."""

    lab: str
    items: list = field(default_factory=list)
    params: tuple = ("STUDENT_ID", "SEED")  # the notebook variables its data are made from

    def item(self, name: str) -> Item:
        return next(item for item in self.items if item.name == name)


GRADED: dict = {}  # lab -> Contract


def student_seed(student_id: str, lab: str) -> int:
    """The seed of a student's data for a lab: the same id always gets the same data, two ids differ."""
    text = f"{lab}:{str(student_id).strip().lower() or PRACTICE_ID}"
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big") & 0x7FFF_FFFF


def permutation(student_id: str, lab: str, name: str, options: int) -> list:
    """The order in which a student sees a question's options: permutation[shown position] = option index."""
    order = list(range(options))
    random.Random(f"{student_seed(student_id, lab)}:{name}").shuffle(order)
    return order


def begin(lab: str, student_id: str) -> int:
    """Start a graded lab for a student; return the seed of their data."""
    student_id = str(student_id).strip()
    _session.update(lab=lab, student=student_id or PRACTICE_ID)
    if not student_id:
        print("STUDENT_ID is empty: you get the practice data set. Set your id before the graded work.")
    return student_seed(student_id, lab)


def ask(name: str, options: list, several: bool = False) -> None:
    """Show a multiple-choice question's options, in this student's order, lettered a, b, c..."""
    from IPython.display import Markdown, display

    order = permutation(_session["student"], _session["lab"], name, len(options))
    lines = [f"- **{chr(97 + shown)}.** {options[index]}" for shown, index in enumerate(order)]
    how = "a set of letters, for instance {\"a\", \"c\"}" if several else "one letter"
    display(Markdown("\n".join(lines) + f"\n\nSet `{name}` to {how}."))


def self_check(namespace: dict, lab: str) -> list:
    """Format checks of a graded lab's answers, as a table: defined, right type, plausible. Never whether an
    answer is right: the instructor's grader decides that."""
    contract, results = GRADED[lab], []
    for item in contract.items:
        if item.name not in namespace:
            results.append((item.name, "missing", f"define `{item.name}`"))
            continue
        hint = (item.looks_right or (lambda value: ""))(namespace[item.name])
        results.append((item.name, "to fix" if hint else "ok", hint or "defined, in the expected form"))
    width = max(len(name) for name, _, _ in results)
    print("Format of your answers (the instructor grades the answers themselves):")
    for name, state, hint in results:
        print(f"  {name:<{width}}  {state:<7} {hint}")
    return results


def export_params(namespace: dict, lab: str, path: str) -> None:
    """In the student's kernel: the values their data were made from (id, seed, sizes), as JSON."""
    params = {name: plain(namespace.get(name)) for name in GRADED[lab].params}
    Path(path).write_text(json.dumps(params))


def export_item(namespace: dict, lab: str, name: str, inputs: str, outputs: str) -> None:
    """In the student's kernel, after their notebook ran: one item's observation as plain data, written to
    `outputs/<name>.json` (and `<name>.<key>.npy` for arrays). An error is recorded, never raised."""
    import numpy as np

    item, out = GRADED[lab].item(name), Path(outputs)
    out.mkdir(parents=True, exist_ok=True)
    try:
        if name not in namespace:
            raise NameError(f"`{name}` is not defined")
        value = item.observe(namespace, Path(inputs)) if item.observe else plain(namespace[name])
        arrays = {key: value.pop(key) for key in list(value) if isinstance(value[key], np.ndarray)} \
            if isinstance(value, dict) else {}
        for key, array in arrays.items():
            np.save(out / f"{name}.{key}.npy", np.asarray(array, dtype="float64"), allow_pickle=False)
        found = {"value": plain(value), "arrays": sorted(arrays)}
    except Exception as error:  # a student's function may raise anything
        found = {"error": f"{type(error).__name__}: {str(error).splitlines()[0][:200] if str(error) else ''}"}
    (out / f"{name}.json").write_text(json.dumps(found, default=str))


def plain(value):
    """A value as JSON-able plain data: numbers, strings, lists, dicts of them."""
    import numpy as np

    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if isinstance(value, (set, frozenset)):
        return sorted(str(item) for item in value)
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if hasattr(value, "to_dict"):  # a pandas Series
        return {str(key): plain(item) for key, item in value.to_dict().items()}
    return repr(value)[:200]
