"""Deck 03's measured claims, read from the executed deck: what a shuffle moves, measured from Spark's own task
metrics (course.spark_metrics), and a Structured Streaming run that really processed micro-batches."""

import re

import pytest

from tests.conftest import output_texts

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def outputs(course):
    return output_texts(course / "slides" / "03_Spark_Introduction.html")


def the_output(outputs, marker: str) -> str:
    found = [text for text in outputs if marker in text]
    assert found, f"no output of deck 03 contains {marker!r}"
    return found[0]


def byte_counts(text: str, marker: str) -> tuple:
    """The two byte counts of a line like '... fewer shuffle bytes (48,531 vs 301,829 bytes)'."""
    line = next(line for line in text.splitlines() if marker in line)
    fewer, more = re.search(r"\(([\d,]+) vs ([\d,]+) bytes\)", line).groups()
    return int(fewer.replace(",", "")), int(more.replace(",", ""))


def test_reduce_by_key_shuffles_far_fewer_bytes_than_group_by_key(outputs):
    text = the_output(outputs, "reduceByKey wrote")
    reduce, group = byte_counts(text, "reduceByKey wrote")
    assert 0 < 3 * reduce < group, text


def test_a_broadcast_join_shuffles_far_fewer_bytes_than_a_shuffle_join(outputs):
    text = the_output(outputs, "the broadcast join wrote")
    broadcast, shuffle = byte_counts(text, "the broadcast join wrote")
    assert 0 < 20 * broadcast < shuffle, text
    shuffle_plan, broadcast_plan = text.split("broadcast join:", 1)
    assert "SortMergeJoin" in shuffle_plan and shuffle_plan.count("Exchange hashpartitioning(word") == 2
    assert "BroadcastExchange" in broadcast_plan and "BroadcastHashJoin" in broadcast_plan
    assert "hashpartitioning(word" not in broadcast_plan, "the large side of a broadcast join does not move"


def test_the_stream_ran_one_micro_batch_per_file(outputs):
    text = the_output(outputs, "micro-batch 0:")
    batches = re.findall(r"micro-batch (\d+): (\d+) new rows", text)
    assert [number for number, _ in batches] == ["0", "1", "2"] and all(int(rows) > 0 for _, rows in batches)
    assert re.search(r"\|\s*spark\|\s*2\|", text), "the running count saw 'spark' in two of the files"
