"""The queue of decks to execute: a deck that measures the machine (`alone: true`) never runs beside another."""

import threading
import time
from pathlib import Path
from types import SimpleNamespace

import nbformat

from course.header import Header
from slidebuild.run import DeckQueue


def deck(name: str, alone: bool = False):
    return SimpleNamespace(name=name, source=Path(f"/course/slides/{name}.py"), header=Header(alone=alone),
                           notebook=nbformat.v4.new_notebook())


def test_a_deck_that_measures_the_machine_runs_alone():
    items = [(deck("a"), "ka"), (deck("measures", alone=True), "km"), (deck("b"), "kb"), (deck("c"), "kc")]
    queue, running, overlaps, lock = DeckQueue(items, jobs=2), set(), [], threading.Lock()

    def job(number):
        while (item := queue.take(number)) is not None:
            with lock:
                running.add(item[0].name)
                if "measures" in running and len(running) > 1:
                    overlaps.append(sorted(running))
            time.sleep(0.05)
            with lock:
                running.discard(item[0].name)
            queue.done()

    threads = [threading.Thread(target=job, args=(number,)) for number in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in threads), "no job waits forever"
    assert overlaps == [], f"the measuring deck ran beside {overlaps}"
    assert queue.items == [] and queue.running == 0
