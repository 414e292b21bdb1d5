"""Lab 03, MapReduce through Spark: its checks. Details say right or wrong with a hint, never the expected value."""

import math
import re
from pathlib import Path

from course.grading.contract import CONTRACTS, Check, check, choice

# Lab 03: MapReduce with Spark --------------------------------------------------------------------------

SPARK = "03_spark_mapreduce"
TRUE_MEANS = [-2.0, 0.0, 1.0, 5.0]
MIN_ANSWER = 40  # characters of a written answer


@check(SPARK, "pi_estimate", 1)
def check_pi(ctx):
    error = abs(float(ctx["pi_estimate"]) - math.pi)
    return (1, "right") if error < 0.02 else (0, "too far from pi: check the factor four and the division by N")


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
    detail = ", ".join([f"f_count {'right' if counts_ok else 'wrong (a game may be all heads or all tails)'}",
                        f"filters {'right' if filters_ok else 'wrong (a game with as many heads as tails is a draw)'}"])
    return int(counts_ok) + int(filters_ok), detail


@check(SPARK, "n_heads_games, n_tails_games", 1)
def check_games(ctx):
    given = (int(ctx["n_heads_games"]), int(ctx["n_tails_games"]))
    counts = ctx["games"].map(reference_count)
    expected = (counts.filter(lambda c: c[0] > c[1]).count(), counts.filter(lambda c: c[1] > c[0]).count())
    if given == expected:
        return 1, "right"
    return 0, "wrong: count the games of `games` won by each side, draws excluded"


def centers_check(name: str, points: int, tolerance: float = 0.15):
    """Register a check: four cluster centres, each within `tolerance` of the means the data were drawn from."""
    def run(ctx):
        centers = sorted(float(value) for value in ctx[name])
        if len(centers) != 4:
            return 0, "wrong: four centres are expected"
        error = max(abs(a - b) for a, b in zip(centers, TRUE_MEANS))
        return (points, "right") if error < tolerance else (0, "wrong: the centres are far from the clusters")
    CONTRACTS[SPARK].append(Check(name, points, run))


centers_check("centroids", 2)
centers_check("ml_centers", 1)


def wine_frame(ctx):
    from sklearn.datasets import load_wine

    return load_wine(as_frame=True).frame


@check(SPARK, "wine_counts", 1)
def check_wine_counts(ctx):
    wine = ctx.reference("wine", wine_frame)
    given = {int(key): int(value) for key, value in dict(ctx["wine_counts"]).items()}
    expected = {int(key): int(value) for key, value in wine.target.value_counts().items()}
    return (1, "right") if given == expected else (0, "wrong: one entry per class, its number of wines")


@check(SPARK, "n_rich_wines", 1)
def check_rich_wines(ctx):
    wine = ctx.reference("wine", wine_frame)
    expected = int(((wine.alcohol > 13) & (wine.color_intensity > 5)).sum())
    if int(ctx["n_rich_wines"]) == expected:
        return 1, "right"
    return 0, "wrong: both conditions, strictly greater, combined with &"


@check(SPARK, "class_means", 1)
def check_class_means(ctx):
    import numpy as np

    wine, given = ctx.reference("wine", wine_frame), ctx["class_means"]
    expected = wine.groupby("target")[["alcohol", "proline"]].mean()
    given = given.set_index("target").sort_index()
    ok = list(given.index) == [0, 1, 2] and all(np.allclose(given[c], expected[c], atol=0.051) for c in expected)
    return (1, "right") if ok else (0, "values differ from the per-class means")


@check(SPARK, "wine_scaled", 1)
def check_scaled(ctx):
    import numpy as np

    wine, given = ctx.reference("wine", wine_frame), ctx["wine_scaled"]
    expected = (wine.proline - wine.proline.min()) / (wine.proline.max() - wine.proline.min())
    ok = np.allclose(np.sort(given["proline_scaled"].to_numpy(float)), np.sort(expected.to_numpy()))
    return (1, "right") if ok else (0, "proline_scaled is not (x - min) / (max - min)")


def corpus_lines(ctx):
    """The lines of the lab's corpus files, split as Hadoop's text input splits them."""
    lines = []
    for path in ctx["CORPUS"]:
        lines += [line for line in re.split(r"\r\n|\r|\n", Path(path).read_text(encoding="utf-8")) if line]
    return lines


def corpus_figures(ctx) -> dict:
    """One pass over the corpus, in plain Python: word counts, and per word the sum and count of the lengths
    of its sentences (as the lab's `sentence_pairs` splits them)."""
    from collections import Counter

    counts, lengths = Counter(), {}
    for line in corpus_lines(ctx):
        for sentence in line.split(". "):
            words = re.findall(r"[a-z]+", sentence.lower())
            counts.update(words)
            for word in set(words):
                total, seen = lengths.get(word, (0, 0))
                times = words.count(word)
                lengths[word] = (total + times * len(words), seen + times)
    return {"counts": counts, "means": {word: total / seen for word, (total, seen) in lengths.items()}}


def word_reference(ctx) -> list:
    counts = ctx.reference("corpus", corpus_figures)["counts"]
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:10]


@check(SPARK, "top_words", 2)
def check_words(ctx):
    given = [(str(word), int(count)) for word, count in ctx["top_words"]]
    expected = ctx.reference("words", word_reference)
    if given == expected:
        return 2, "right"
    same_words = {word for word, _ in given} == {word for word, _ in expected}
    return (1, "right words, wrong counts or order") if same_words else (0, "wrong: not the ten most frequent words")


@check(SPARK, "avg_by_group, avg_by_reduce", 1)
def check_sentence_means(ctx):
    answers = {name: dict(ctx[name]) for name in ("avg_by_group", "avg_by_reduce")}
    expected = ctx.reference("corpus", corpus_figures)["means"]
    for name, given in answers.items():
        if given.keys() != expected.keys() or not all(math.isclose(given[w], expected[w]) for w in expected):
            return 0, f"{name} is wrong: one mean per distinct word"
    return 1, "right"


def measured_bytes(ctx, *names) -> list:
    values = [ctx[name] for name in names]
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in values):
        raise ValueError(f"{', '.join(names)}: integers, the shuffle_write_bytes of measured runs")
    return values


@check(SPARK, "bytes_group, bytes_reduce", 1)
def check_group_bytes(ctx):
    group, reduce = measured_bytes(ctx, "bytes_group", "bytes_reduce")
    if reduce > 0 and group > 3 * reduce:
        return 1, "right"
    return 0, "wrong: measure each way in its own block and read run.shuffle_write_bytes"


@check(SPARK, "pos_counts", 1)
def check_pos_counts(ctx):
    from collections import Counter

    from course.corpus import lexicon

    given = {str(key): int(value) for key, value in dict(ctx["pos_counts"]).items()}
    parts, expected = lexicon(), Counter()
    for word, count in ctx.reference("corpus", corpus_figures)["counts"].items():
        expected[parts[word]] += count
    return (1, "right") if given == dict(expected) else (0, "wrong: join tokens with lexicon, count by pos")


@check(SPARK, "join_bytes_shuffle, join_bytes_broadcast", 1)
def check_join_bytes(ctx):
    shuffle, broadcast = measured_bytes(ctx, "join_bytes_shuffle", "join_bytes_broadcast")
    if shuffle > 10 * max(broadcast, 1):
        return 1, "right"
    return 0, "wrong: turn auto-broadcast off for the shuffle join, use F.broadcast for the other"


@check(SPARK, "parts_repartition, parts_coalesce", 1)
def check_parts(ctx):
    ok = int(ctx["parts_repartition"]) == 2 and int(ctx["parts_coalesce"]) == 2
    return (1, "right") if ok else (0, "wrong: both DataFrames should have the number of partitions asked for")


@check(SPARK, "bytes_repartition, bytes_coalesce", 1)
def check_coalesce_bytes(ctx):
    repartition, coalesce = measured_bytes(ctx, "bytes_repartition", "bytes_coalesce")
    if repartition > 0 and coalesce == 0:
        return 1, "right"
    return 0, "wrong: measure each write in its own block and read run.shuffle_write_bytes"


choice(SPARK, "q_coalesce_up", "b")


@check(SPARK, "salted_counts", 1)
def check_salted(ctx):
    given = {str(key): int(value) for key, value in dict(ctx["salted_counts"]).items()}
    expected = {str(key): int(value) for key, value in dict(ctx["plain_rows"]).items()}
    return (1, "right") if given == expected else (0, "wrong: the salted join must find every word's entry")


@check(SPARK, "skew_salted", 1)
def check_skew(ctx):
    salted, plain = dict(ctx["skew_salted"]), dict(ctx["skew_plain"])
    if float(salted["rows"]) < float(plain["rows"]) / 2:
        return 1, "right"
    return 0, "wrong: task_skew(salted_tasks), with a salt drawn for every row of tokens"


def written(name: str):
    """A written answer: any answer of a sentence or more earns the point (the instructor reads them)."""
    def run(ctx):
        answer = ctx[name]
        if isinstance(answer, str) and len(answer.strip()) >= MIN_ANSWER:
            return 1, "answered"
        return 0, f"write a sentence or two (at least {MIN_ANSWER} characters)"
    CONTRACTS[SPARK].append(Check(name, 1, run))


for answer in ("a_combine", "a_broadcast", "a_coalesce", "a_skew"):
    written(answer)
