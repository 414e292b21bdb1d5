"""Cache stage: the key follows code, tags, data and cluster settings, never markdown."""

from nbformat.v4 import new_output

from slidebuild import cache
from slidebuild.read import read_deck

DECK = """# ---
# jupyter:
#   course:
#     data: [input.csv]
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # TEXT

# %% TAGS
x = CODE
"""


def key(tmp_path, text="Title", code="1", tags="", data="a,b\n", monkeypatch=None):
    (tmp_path / "input.csv").write_text(data)
    (tmp_path / "deck.py").write_text(DECK.replace("TEXT", text).replace("CODE", code).replace("TAGS", tags))
    return cache.cache_key(read_deck(tmp_path / "deck.py"))


def test_markdown_edits_keep_the_key(tmp_path):
    assert key(tmp_path, text="Title") == key(tmp_path, text="A completely different title")


def test_code_tags_and_data_change_the_key(tmp_path):
    base = key(tmp_path)
    assert key(tmp_path, code="2") != base
    assert key(tmp_path, tags='tags=["raises-exception"]') != base
    assert key(tmp_path, tags='tags=["hide-input"]') == base  # display only: same outputs
    assert key(tmp_path, data="a,b\n1,2\n") != base


def test_cluster_variables_change_the_key(tmp_path, monkeypatch):
    base = key(tmp_path)
    monkeypatch.setenv("SPARK_MASTER", "spark://cluster:7077")
    cache.environment_fingerprint.cache_clear()
    try:
        assert key(tmp_path) != base
    finally:
        monkeypatch.delenv("SPARK_MASTER")
        cache.environment_fingerprint.cache_clear()


def test_store_then_load_merges_outputs_into_fresh_text(tmp_path):
    (tmp_path / "input.csv").write_text("")
    deck_key = key(tmp_path)
    deck = read_deck(tmp_path / "deck.py")
    executed = deck.notebook.copy()
    executed.cells[1].outputs = [new_output("stream", name="stdout", text="1\n")]
    cache.store(tmp_path / "c", deck, deck_key, executed)
    (tmp_path / "deck.py").write_text((tmp_path / "deck.py").read_text().replace("# # Title", "# # New"))
    fresh = read_deck(tmp_path / "deck.py")
    merged = cache.load(tmp_path / "c", fresh, cache.cache_key(fresh))
    assert merged.cells[0].source == "# New"
    assert merged.cells[1].outputs[0]["text"] == "1\n"
    assert cache.load(tmp_path / "c", fresh, "0" * 64) is None


def test_data_globs_cover_every_matching_file(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("one")
    (tmp_path / "deck.py").write_text('# ---\n# jupyter:\n#   course:\n#     data: ["corpus/*.txt"]\n# ---\n\n# %%\nx = 1\n')
    first = cache.cache_key(read_deck(tmp_path / "deck.py"))
    (tmp_path / "corpus" / "b.txt").write_text("two")
    assert cache.cache_key(read_deck(tmp_path / "deck.py")) != first


def test_storing_a_deck_evicts_only_its_own_entries(tmp_path):
    """`88_x` once evicted `88_x-y`'s entry: the glob `slides-88_x-*` matched both."""
    decks = {}
    for name in ("88_x", "88_x-y", "88_x-yz"):
        (tmp_path / f"{name}.py").write_text(f"# %%\nname = {name!r}\n")
        decks[name] = read_deck(tmp_path / f"{name}.py")
    cache_dir = tmp_path / "c"
    for name, deck in decks.items():
        cache.store(cache_dir, deck, cache.cache_key(deck), deck.notebook)
    others = {path.name for path in cache_dir.iterdir()} - {cache.cache_path(cache_dir, decks["88_x"], cache.cache_key(decks["88_x"])).name}
    cache.store(cache_dir, decks["88_x"], "f" * 64, decks["88_x"].notebook)  # a new key for 88_x
    assert {path.name for path in cache_dir.iterdir()} == others | {f"slides-88_x-{'f' * 20}.ipynb"}
    for name in ("88_x-y", "88_x-yz"):
        assert cache.load(cache_dir, decks[name], cache.cache_key(decks[name])) is not None
