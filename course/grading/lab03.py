"""Lab 03, MapReduce through Spark: its checks."""

import math
import re
from pathlib import Path

from course.grading.contract import CONTRACTS, Check, check, choice


# Lab 03: MapReduce with Spark --------------------------------------------------------------------------

SPARK = "03_spark_mapreduce"
TRUE_MEANS = [-2.0, 0.0, 1.0, 5.0]


@check(SPARK, "pi_estimate", 1)
def check_pi(ctx):
    error = abs(float(ctx["pi_estimate"]) - math.pi)
    return (1, f"{float(ctx['pi_estimate']):.4f}") if error < 0.02 else (0, f"{error:.3f} away from pi")


choice(SPARK, "q_pi_rerun", "b")
choice(SPARK, "q_filter", "a")
choice(SPARK, "q_persist_late", "b")


def reference_count(game: str) -> list:
    return [game.count("H"), game.count("T")]


@check(SPARK, "f_count, heads_filter, tails_filter", 2)
def check_coin_functions(ctx):
    cases = ["HHHHHHHTTTTT", "H" * 10, "T" * 10, "HT" * 5, "TTTHH"]
    counts_ok = all(list(ctx["f_count"](game)) == reference_count(game) for game in cases)
    splits = [[53, 47], [47, 53], [50, 50], [100, 0], [0, 100]]
    filters_ok = all(bool(ctx["heads_filter"](c)) == (c[0] > c[1]) and bool(ctx["tails_filter"](c)) == (c[1] > c[0])
                     for c in splits)
    return int(counts_ok) + int(filters_ok), f"f_count {'right' if counts_ok else 'wrong'}, " \
                                             f"filters {'right' if filters_ok else 'wrong'}"


@check(SPARK, "n_heads_games, n_tails_games", 1)
def check_games(ctx):
    given = (int(ctx["n_heads_games"]), int(ctx["n_tails_games"]))
    counts = ctx["games"].map(reference_count)
    expected = (counts.filter(lambda c: c[0] > c[1]).count(), counts.filter(lambda c: c[1] > c[0]).count())
    return (1, f"{expected[0]:,} / {expected[1]:,}") if given == expected else (0, f"{given}, expected {expected}")


def centers_check(name: str, points: int, tolerance: float = 0.15):
    """Register a check: four cluster centres, each within `tolerance` of the means the data were drawn from."""
    def run(ctx):
        centers = sorted(float(value) for value in ctx[name])
        error = max(abs(a - b) for a, b in zip(centers, TRUE_MEANS)) if len(centers) == 4 else math.inf
        return (points, f"within {error:.2f} of the true means") if error < tolerance else (0, f"{centers}")
    CONTRACTS[SPARK].append(Check(name, points, run))


centers_check("centroids", 2)
centers_check("ml_centers", 1)


def wine_frame(ctx):
    from sklearn.datasets import load_wine

    return load_wine(as_frame=True).frame


@check(SPARK, "wine_counts", 1)
def check_wine_counts(ctx):
    given = {int(key): int(value) for key, value in dict(ctx["wine_counts"]).items()}
    return (1, "59 / 71 / 48") if given == {0: 59, 1: 71, 2: 48} else (0, f"{given}")


@check(SPARK, "n_rich_wines", 1)
def check_rich_wines(ctx):
    wine = ctx.reference("wine", wine_frame)
    expected = int(((wine.alcohol > 13) & (wine.color_intensity > 5)).sum())
    given = int(ctx["n_rich_wines"])
    return (1, f"{expected}") if given == expected else (0, f"{given}, expected {expected}")


@check(SPARK, "class_means", 1)
def check_class_means(ctx):
    import numpy as np

    wine, given = ctx.reference("wine", wine_frame), ctx["class_means"]
    expected = wine.groupby("target")[["alcohol", "proline"]].mean()
    given = given.set_index("target").sort_index()
    ok = list(given.index) == [0, 1, 2] and all(np.allclose(given[c], expected[c], atol=0.051) for c in expected)
    return (1, "per-class means") if ok else (0, "values differ from the per-class means")


@check(SPARK, "wine_scaled", 1)
def check_scaled(ctx):
    import numpy as np

    wine, given = ctx.reference("wine", wine_frame), ctx["wine_scaled"]
    expected = (wine.proline - wine.proline.min()) / (wine.proline.max() - wine.proline.min())
    ok = np.allclose(np.sort(given["proline_scaled"].to_numpy(float)), np.sort(expected.to_numpy()))
    return (1, "min-max scaled") if ok else (0, "proline_scaled is not (x - min) / (max - min)")


def word_reference(ctx) -> list:
    from collections import Counter

    counts = Counter()
    for path in ctx["CORPUS"]:
        for line in re.split(r"\r\n|\r|\n", Path(path).read_text(encoding="utf-8")):  # Hadoop's line ends
            if not line.startswith("# %%"):
                counts.update(word for word in re.findall(r"[a-z]+", line.lower()) if len(word) >= 5)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:10]


@check(SPARK, "top_words", 2)
def check_words(ctx):
    given = [(str(word), int(count)) for word, count in ctx["top_words"]]
    expected = ctx.reference("words", word_reference)
    if given == expected:
        return 2, f"{expected[0][0]!r} first, {expected[0][1]} times"
    same_words = {word for word, _ in given} == {word for word, _ in expected}
    return (1 if same_words else 0), "right words, wrong counts or order" if same_words else "different words"
