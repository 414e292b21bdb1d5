"""Publish stage: atomic writes, manifest merging, the index page."""

import json

import pytest

from slidebuild import publish, site


def test_write_atomic_leaves_the_old_file_when_writing_fails(tmp_path):
    page = tmp_path / "page.html"
    site.write_atomic(page, "old")

    class Boom(str):
        def encode(self, *args):
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        site.write_atomic(page, Boom("new"))
    assert page.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary file left behind


def entry(name, number, day, kind="slides"):
    return site.Entry(kind=kind, name=name, number=number, title=name.title(), day=day,
                      page=site.page(kind, name) if kind == "slides" else None,
                      notebook=site.notebook(name) if kind == "labs" else None)


def test_manifest_keeps_other_decks_and_forgets_deleted_pages(tmp_path):
    for name in ("a", "b"):
        site.write_atomic(tmp_path / "slides" / f"{name}.html", "x")
    publish.update_manifest(tmp_path, [entry("a", "01", 1), entry("b", "02", 2)])
    (tmp_path / "slides" / "b.html").unlink()
    manifest = publish.update_manifest(tmp_path, [])
    assert list(manifest) == ["slides/a.html"]


def test_a_manifest_entry_of_the_wrong_shape_is_dropped_not_fatal(tmp_path):
    """An entry an older build wrote with `day: [1, 2]` once broke every later build; it is now rebuilt."""
    site.write_atomic(tmp_path / "slides" / "bad.html", "x")
    site.write_atomic(tmp_path / "slides" / "good.html", "x")
    site.write_atomic(tmp_path / "manifest.json", json.dumps({
        "slides/bad.html": {"kind": "slides", "name": "bad", "day": [1, 2], "page": "slides/bad.html"},
        "slides/good.html": entry("good", "01", 1).as_json()}))
    manifest = publish.read_manifest(tmp_path)
    assert list(manifest) == ["slides/good.html"]
    publish.write_index(tmp_path, manifest)
    assert "good" in (tmp_path / "index.html").read_text()


def test_index_groups_by_day_with_relative_links(tmp_path):
    entries = [entry("03_spark", "03", 1), entry("01_intro", "01", 1), entry("22_dask", "22", 3),
               entry("03_lab", "03", 1, kind="labs")]
    publish.write_index(tmp_path, {e.key: e for e in entries})
    html = (tmp_path / "index.html").read_text()
    assert html.index("Day 1") < html.index("01_intro") < html.index("03_spark") < html.index("Day 3")
    assert 'href="labs/03_lab.ipynb"' in html and 'href="slides/22_dask.html"' in html
    assert "href=\"/" not in html and "http" not in html.replace('xmlns="http', "")
