"""Lab 03 (MapReduce through Spark): the generated corpus keeps its promises, the grader never reveals an
expected value, the blank student notebook runs outside the repository with only its check cells failing
(fast, with a hint), and the executed solution shows the shuffle effects it teaches."""

import collections
import json
import re
import time

import numpy as np
import pytest

from course import corpus
from course.grading.contract import run_checks
from slidebuild import config

pytestmark = pytest.mark.kernel

LAB = config.LABS_DIR / "03_spark_mapreduce.py"
LAB_ID = "03_spark_mapreduce"


def words_of(text: str) -> list:
    return re.findall(r"[a-z]+", text.lower())


# ---------------------------------------------------------------------------------------------- corpus

def test_same_seed_same_text_another_seed_another_text():
    text = corpus.generate_text(50_000, seed=7, part=1)
    assert text == corpus.generate_text(50_000, seed=7, part=1)
    assert text != corpus.generate_text(50_000, seed=8, part=1) != corpus.generate_text(50_000, seed=7, part=2)
    assert 50_000 <= len(text) < 52_000 and text.endswith(".\n")


def test_the_text_reads_like_sentences():
    lines = corpus.generate_text(20_000, seed=1).splitlines()
    sentences = [sentence for line in lines for sentence in line.split(". ")]
    assert all(sentence[0].isupper() for sentence in sentences)
    assert 5 <= np.median([len(sentence.split()) for sentence in sentences]) <= 20
    assert not re.search(r"\ba [aeiou]", " ".join(lines)), "'an' before a vowel"


def test_word_frequencies_are_heavy_tailed_like_real_text():
    counts = collections.Counter(words_of(corpus.generate_text(1_000_000, seed=0)))
    total, ranked = sum(counts.values()), np.array(sorted(counts.values(), reverse=True))
    assert counts.most_common(1)[0][0] == "the"
    assert 0.04 < ranked[0] / total < 0.12, "the most frequent word: a few per cent of all words, as in English"
    assert ranked[:10].sum() / total > 0.2 and len(counts) > 2_000 and (ranked <= 5).sum() > 1_000
    ranks = np.arange(1, len(ranked) + 1)
    slope = np.polyfit(np.log(ranks[4:500]), np.log(ranked[4:500]), 1)[0]
    assert -1.5 < slope < -0.6, f"Zipf-like: count ~ rank^{slope:.2f}"


def test_every_word_has_a_part_of_speech():
    parts = corpus.lexicon()
    assert set(words_of(corpus.generate_text(200_000, seed=4))) <= set(parts)
    assert parts["the"] == parts["an"] == "determiner" and {"noun", "verb", "name"} <= set(parts.values())


def test_write_corpus_writes_files_and_skips_an_up_to_date_folder(tmp_path):
    paths = corpus.write_corpus(tmp_path / "corpus", files=3, megabytes=0.3, seed=5)
    assert [path.name for path in paths] == ["part-000.txt", "part-001.txt", "part-002.txt"]
    assert 0.29e6 < sum(path.stat().st_size for path in paths) < 0.33e6
    assert paths[1].read_text() == corpus.generate_text(100_000, seed=5, part=1)
    stamp = paths[0].stat().st_mtime_ns
    time.sleep(0.01)
    assert corpus.write_corpus(tmp_path / "corpus", files=3, megabytes=0.3, seed=5) == paths
    assert paths[0].stat().st_mtime_ns == stamp, "an up-to-date folder is left alone"
    assert len(corpus.write_corpus(tmp_path / "corpus", files=2, megabytes=0.2, seed=5)) == 2
    assert sorted(path.name for path in (tmp_path / "corpus").glob("part-*")) == ["part-000.txt", "part-001.txt"]


def test_command_line(tmp_path, capsys):
    assert corpus.main([str(tmp_path / "text"), "--files", "2", "--megabytes", "0.1"]) == 0
    assert "2 files, 0.1 MB" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------- grader

def test_wrong_answers_score_zero_and_no_detail_reveals_an_expected_value(tmp_path):
    from sklearn.datasets import load_wine

    paths = corpus.write_corpus(tmp_path / "corpus", files=2, megabytes=0.2, seed=1)
    wine = load_wine(as_frame=True).frame
    wrong = wine[["target", "alcohol", "proline"]].assign(proline_scaled=0.5)
    namespace = {
        "CORPUS": [str(path) for path in paths], "pi_estimate": 3.0, "q_pi_rerun": "a", "q_filter": "b",
        "q_persist_late": "c", "q_coalesce_up": "a", "f_count": lambda game: [0, 0],
        "heads_filter": lambda counts: True, "tails_filter": lambda counts: True, "centroids": [0, 0, 0, 0],
        "ml_centers": [9, 9, 9, 9], "wine_counts": {0: 1}, "n_rich_wines": -1, "class_means": wrong.head(3),
        "wine_scaled": wrong, "top_words": [("spark", 1)] * 10, "avg_by_group": {"a": 1.0},
        "avg_by_reduce": {"a": 1.0}, "bytes_group": 10, "bytes_reduce": 10, "pos_counts": {"noun": 1},
        "join_bytes_shuffle": 5, "join_bytes_broadcast": 5, "parts_repartition": 3, "parts_coalesce": 4,
        "bytes_repartition": 0, "bytes_coalesce": 7, "salted_counts": {"noun": 2}, "plain_rows": [("noun", 3)],
        "skew_plain": {"rows": 8.0}, "skew_salted": {"rows": 8.0},
        **{name: "too short" for name in ("a_combine", "a_broadcast", "a_coalesce", "a_skew")},
    }
    results = run_checks(namespace, LAB_ID)
    assert [r["name"] for r in results if r["points"]] == []
    counts = collections.Counter(words_of(" ".join(path.read_text() for path in paths)))
    secrets = {str(v) for v in wine.target.value_counts()} | {w for w, _ in counts.most_common(10) if len(w) > 2}
    for result in results:
        detail = re.sub(r"at least \d+ characters", "", result["detail"])
        assert not re.search(r"\d", detail), result
        assert not {f"'{secret}'" for secret in secrets} & set(re.findall(r"'[^']*'", detail)), result


# ------------------------------------------------------------------ the student notebook, outside the repo

@pytest.mark.slow
def test_the_blank_notebook_runs_outside_the_repository_with_only_check_cells_failing(tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    from slidebuild.kernels import KERNEL_ARGUMENTS, kernel_environment
    from slidebuild.labs import student_notebook
    from slidebuild.read import read_deck

    for name in ("SPARK_REMOTE", "SPARK_MASTER"):
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "student"
    folder.mkdir()
    assert config.ROOT not in folder.parents
    notebook = nbformat.reads(student_notebook(read_deck(LAB)), as_version=4)
    source = "\n".join(cell.source for cell in notebook.cells)
    assert "../" not in source, "no path into the repository"
    client = NotebookClient(notebook, timeout=60, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(folder)}}, extra_arguments=KERNEL_ARGUMENTS,
                            record_timing=True)
    client.execute(env=kernel_environment())
    failed = {}
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        errors = [output for output in cell.outputs if output.output_type == "error"]
        timing = cell.metadata.get("execution", {})
        started, ended = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
        if started and ended:
            seconds = (np.datetime64(ended[:26]) - np.datetime64(started[:26])) / np.timedelta64(1, "s")
            assert seconds < 60, f"cell {index} ran {seconds:.0f} s"
        if errors:
            failed[index] = (cell.metadata.get("tags", []), errors[0].ename, errors[0].evalue)
    not_checks = {index: error for index, error in failed.items() if "check" not in error[0]}
    assert not_checks == {}, f"cells that are not checks failed: {not_checks}"
    assert failed, "an unanswered notebook fails its checks"
    assert all(ename == "AssertionError" and evalue for _, ename, evalue in failed.values()), failed
    checks = [cell for cell in notebook.cells if "check" in cell.metadata.get("tags", [])]
    assert len(failed) == len(checks), "every check cell of a blank notebook fails"
    score = next(output for output in notebook.cells[-1].outputs if output.output_type == "display_data")
    assert json.loads(json.dumps(score["data"]["application/vnd.course.grading+json"]))["results"][0]["points"] == 0


# ------------------------------------------------------------------ the executed solution, in the built course

@pytest.fixture(scope="module")
def solution_outputs(course):
    from tests.conftest import output_texts

    return output_texts(course / "labs" / "03_spark_mapreduce.html")


def the_line(outputs, marker: str) -> str:
    return next(line for text in outputs for line in text.splitlines() if marker in line)


@pytest.mark.slow
def test_the_solution_shows_each_shuffle_effect(solution_outputs):
    group = the_line(solution_outputs, "groupByKey shuffled")
    assert float(re.search(r"shuffled ([\d.]+)x", group).group(1)) > 3, group
    join = the_line(solution_outputs, "the shuffle join wrote")
    assert float(re.search(r"wrote ([\d,.]+)x", join).group(1).replace(",", "")) > 10, join
    assert "out/coalesce holds 2 files" in "\n".join(solution_outputs)


@pytest.mark.slow
def test_the_solution_shows_the_skewed_task_and_salting_removing_it(solution_outputs):
    skew = {}
    for name in ("rows", "duration", "cpu"):
        line = the_line(solution_outputs, f"{name}: largest / median task")
        skew[name] = tuple(float(value) for value in re.findall(r"([\d.]+)x in the", line))
    assert skew["rows"][0] > 4 and skew["rows"][1] < 2, skew
    assert skew["duration"][0] > max(2, skew["duration"][1]) and skew["cpu"][0] > skew["cpu"][1], skew
