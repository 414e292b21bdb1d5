"""Publish stage: atomic writes, manifest merging, the index page."""

import pytest

from slidebuild import publish


def test_write_atomic_leaves_the_old_file_when_writing_fails(tmp_path):
    page = tmp_path / "page.html"
    publish.write_atomic(page, "old")

    class Boom(str):
        def encode(self, *args):
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        publish.write_atomic(page, Boom("new"))
    assert page.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary file left behind


def entry(name, number, day, kind="slides"):
    return {"page": f"{kind}/{name}.html", "kind": kind, "name": name, "number": number, "title": name.title(),
            "day": day}


def test_manifest_keeps_other_decks_and_forgets_deleted_pages(tmp_path):
    for name in ("a", "b"):
        publish.write_atomic(tmp_path / "slides" / f"{name}.html", "x")
    publish.update_manifest(tmp_path, [entry("a", "01", 1), entry("b", "02", 2)])
    (tmp_path / "slides" / "b.html").unlink()
    manifest = publish.update_manifest(tmp_path, [])
    assert list(manifest) == ["slides/a.html"]


def test_index_groups_by_day_with_relative_links(tmp_path):
    manifest = {e["page"]: e for e in (entry("03_spark", "03", 1), entry("01_intro", "01", 1), entry("22_dask", "22", 3))}
    lab = {**entry("03_lab", "03", 1, kind="labs"), "notebook": "labs/03_lab.ipynb"}
    manifest["labs/03_lab.ipynb"] = lab
    publish.write_index(tmp_path, manifest)
    html = (tmp_path / "index.html").read_text()
    assert html.index("Day 1") < html.index("01_intro") < html.index("03_spark") < html.index("Day 3")
    assert 'href="labs/03_lab.ipynb"' in html and 'href="slides/22_dask.html"' in html
    assert "href=\"/" not in html and "http" not in html.replace('xmlns="http', "")
