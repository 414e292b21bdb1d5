"""The grading contract: checks registered per lab, run inside the notebook's kernel on its globals."""

import math
from dataclasses import dataclass
from typing import Callable

MIME = "application/vnd.course.grading+json"


@dataclass
class Check:
    name: str  # the variables it reads, as the lab names them
    points: int
    run: Callable  # (Context) -> (points earned, detail)


CONTRACTS: dict = {}


class Missing(Exception):
    """A variable the check needs is not defined."""


class Context:
    """The notebook's globals, plus references computed once and shared by the checks."""

    def __init__(self, namespace: dict):
        self.namespace, self.cache = namespace, {}

    def __getitem__(self, name):
        if name not in self.namespace:
            raise Missing(f"`{name}` is not defined")
        return self.namespace[name]

    def reference(self, key: str, compute: Callable):
        if key not in self.cache:
            self.cache[key] = compute(self)
        return self.cache[key]


def check(lab: str, name: str, points: int):
    """Register the decorated function as a check of `lab` worth `points`."""
    def register(function):
        CONTRACTS.setdefault(lab, []).append(Check(name, points, function))
        return function
    return register


def choice(lab: str, name: str, answer):
    """Register a multiple-choice question: a letter, or a set of letters, worth one point."""
    def run(ctx):
        given = ctx[name]
        given = {str(letter).strip().lower() for letter in given} if isinstance(given, (set, frozenset, list, tuple)) \
            else str(given).strip().lower()
        return (1, "right") if given == answer else (0, f"{given!r} is not the expected answer")
    CONTRACTS.setdefault(lab, []).append(Check(name, 1, run))


def close(a, b, tolerance=1e-6) -> bool:
    return math.isclose(float(a), float(b), rel_tol=tolerance, abs_tol=tolerance)


def run_checks(namespace: dict, lab: str) -> list:
    """One result per check: name, points earned, maximum, detail. Never raises."""
    ctx, results = Context(namespace), []
    for item in CONTRACTS[lab]:
        try:
            earned, detail = item.run(ctx)
        except Missing as missing:
            earned, detail = 0, str(missing)
        except Exception as error:  # a student's function may raise anything
            earned, detail = 0, f"{type(error).__name__}: {str(error).splitlines()[0][:120] if str(error) else ''}"
        results.append({"name": item.name, "points": float(earned), "max": item.points, "detail": detail})
    return results


def self_check(namespace: dict, lab: str) -> None:
    """Run the lab's checks on a notebook's globals and display the table (with the results as JSON)."""
    results = run_checks(namespace, lab)
    payload = {"lab": lab, "results": results}
    text = plain_table(results)
    try:
        import pandas as pd
        from IPython.display import display
        table = pd.DataFrame(results).rename(columns={"name": "check"}).set_index("check")
        html = table.to_html() + f"<p><b>{total(results)}</b></p>"
        display({"text/plain": text, "text/html": html, MIME: payload}, raw=True)
    except ImportError:
        print(text)


def total(results: list) -> str:
    earned, best = sum(r["points"] for r in results), sum(r["max"] for r in results)
    return f"total {earned:g} / {best:g} ({100 * earned / best:.0f} %)"


def plain_table(results: list) -> str:
    lines = [f"{r['points']:>4g}/{r['max']:<2} {r['name']:<40} {r['detail']}" for r in results]
    return "\n".join(lines + [total(results)])
