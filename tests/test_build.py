"""The whole pipeline on tiny real decks: real kernels, real nbconvert, HTML parsed and checked."""

import json
import re
import sys

import nbformat
import pytest
from bs4 import BeautifulSoup

from slidebuild import cli, config

ASSET_REFERENCE = re.compile(r'(?:src|href)\s*=\s*["\'](https?:)?//', re.I)


def soup(html):
    return BeautifulSoup(html, "html.parser")


def test_basic_deck_embeds_outputs_notes_and_local_assets(site, capsys):
    site.add("basic.py")
    status, output = site.build(str(site.sources / "basic.py"), capsys=capsys)
    assert status == 0, output
    page = soup(site.page("slides/basic.html"))
    slides = page.select(".reveal .slides > section")
    assert len(slides) == 2
    assert "the answer is 42" in slides[0].get_text()
    assert "'squares': [0, 1, 4, 9, 16]" in slides[1].get_text()
    notes = slides[0].select("aside.notes")
    assert [n.get_text(strip=True) for n in notes] == ["NOTE-BASIC: the speaker says this."]
    for reference in page.select("[src], link[href], script[src]"):
        target = reference.get("src") or reference.get("href")
        assert not target.startswith(("http:", "https:", "//")), target
        assert (site.out / "slides" / target).resolve().exists(), target
    assert (site.out / "static/reveal.js/plugin/notes/notes.js").exists()
    assert "basic" in (site.out / "index.html").read_text()


def test_slide_types_and_tags_are_honoured(site, capsys):
    site.add("features.py")
    status, output = site.build(str(site.sources / "features.py"), capsys=capsys)
    assert status == 0, output
    html = site.page("slides/features.html")
    page = soup(html)
    top = page.select(".reveal .slides > section")
    assert len(top) == 2 and len(top[0].select(":scope > section")) == 2  # slide + subslide, then a slide
    assert "FRAGMENT-TEXT" in top[0].select_one(".fragment").get_text()
    assert [n.get_text(strip=True) for n in page.select("aside.notes")] == ["NOTES-TEXT for the speaker only."]
    for absent in ("SKIPPED-TEXT", "SKIPPED-OUTPUT", "HIDE-OUTPUT-OUTPUT", "REMOVED-CELL-CODE",
                   "REMOVED-CELL-OUTPUT", "HIDDEN_INPUT_MARKER ="):
        assert absent not in html, absent
    stderr = [box.get_text() for box in page.select('[data-mime-type="application/vnd.jupyter.stderr"]')]
    assert any("NOISY-LINE" in text for text in stderr) and not any("incubator" in text for text in stderr)
    assert "HIDE-INPUT-OUTPUT" in html
    assert "-OUTPUT&quot;" in html or '"-OUTPUT"' in html  # hide-output keeps the code
    assert "EXPECTED-ERROR-SHOWN" in html and "The build went on." in html
    assert "cwd is the deck&#39;s folder: src" in html or "cwd is the deck's folder: src" in html
    assert str(site.root) not in html and str(config.ROOT) not in html


def test_failing_cell_names_deck_line_and_cell_and_keeps_the_last_good_page(site, capsys):
    deck = site.add("failing.py")
    deck.write_text(deck.read_text().replace("helper()\n", "#helper()\n"))
    assert site.build(str(deck), capsys=capsys)[0] == 0
    good = site.page("slides/failing.html")
    deck.write_text(deck.read_text().replace("#helper()\n", "helper()\n"))
    status, output = site.build(str(deck), capsys=capsys)
    assert status == 1
    line = deck.read_text().splitlines().index("helper()") + 1
    assert f"failing.py:{line} (cell 4): NameError: name 'missing_name' is not defined" in output
    assert "Traceback" in output
    assert site.page("slides/failing.html") == good
    assert not list((site.out / "slides").glob(".*tmp"))


def test_one_broken_deck_does_not_hide_the_others_with_keep_going(site, capsys):
    site.add("failing.py")
    site.add("basic.py")
    status, output = site.build("--keep-going", str(site.sources / "failing.py"), str(site.sources / "basic.py"),
                                capsys=capsys)
    assert status == 1
    assert (site.out / "slides/basic.html").exists()
    assert "1 built, 1 failed" in output


def test_invalid_source_fails_before_any_kernel_starts(site, capsys):
    bad = site.add("bad.py", '# %% [markdown] slideshow={"slide_type": "slide"}\n# # A\n\n# %% tags=["oops"]\nx = 1\n')
    site.add("basic.py")
    status, output = site.build(str(site.sources / "basic.py"), str(bad), capsys=capsys)
    assert status == 1
    assert "bad.py:4 (cell 2): unknown tag(s) ['oops']" in output
    assert not (site.out / "slides/basic.html").exists()  # nothing executed
    assert not (site.cache.parent / "logs").exists()


def test_hanging_cell_hits_the_timeout(site, capsys):
    deck = site.add("sleepy.py")
    status, output = site.build("--timeout", "2", str(deck), capsys=capsys)
    assert status == 1
    assert "sleepy.py:13 (cell 2): timed out after 2 s" in output


def test_second_build_runs_no_kernel_and_prose_edits_rerender_without_executing(site, capsys):
    deck = site.add("basic.py")
    assert site.build(str(deck), capsys=capsys)[0] == 0
    log = site.cache.parent / "logs" / "kernel-1.log"
    log.unlink()
    status, output = site.build(str(deck), capsys=capsys)
    assert status == 0 and "up to date" in output and "executing" not in output
    deck.write_text(deck.read_text().replace("Opening text of the basic deck.", "EDITED prose."))
    status, output = site.build(str(deck), capsys=capsys)
    assert status == 0 and "cached" in output and "executing" not in output and not log.exists()  # no kernel
    assert "EDITED prose." in site.page("slides/basic.html")
    assert "the answer is 42" in site.page("slides/basic.html")
    deck.write_text(deck.read_text().replace("6 * 7", "6 * 8"))
    status, output = site.build(str(deck), capsys=capsys)
    assert "executing" in output and "the answer is 48" in site.page("slides/basic.html")
    status, output = site.build("--no-cache", str(deck), capsys=capsys)
    assert "executing" in output


def test_building_one_deck_keeps_the_rest_of_the_site_in_the_index(site, capsys):
    site.add("basic.py")
    site.add("features.py")
    assert site.build(str(site.sources / "basic.py"), str(site.sources / "features.py"), capsys=capsys)[0] == 0
    assert site.build(str(site.sources / "basic.py"), capsys=capsys)[0] == 0
    index = soup((site.out / "index.html").read_text())
    assert sorted(a["href"] for a in index.select("a.deck")) == ["slides/basic.html", "slides/features.html"]
    assert [h.get_text() for h in index.select("h2")] == ["Day 1", "Day 2"]


def test_lab_publishes_student_notebook_without_solutions_and_the_executed_solution(site, capsys):
    lab = site.add("labs/fixture_lab.py")
    status, output = site.build(str(lab), capsys=capsys)
    assert status == 0, output
    student = nbformat.read(site.out / "labs/fixture_lab.ipynb", as_version=4)
    text = json.dumps(student)
    assert "SOLUTION-CODE" not in text and "# your code here" in text
    assert all(not cell.get("outputs") for cell in student.cells if cell.cell_type == "code")
    solution = site.page("labs/fixture_lab.html")
    assert "SOLUTION-CODE" in solution and "result is 45" in solution
    assert not ASSET_REFERENCE.search(solution)
    assert 'href="labs/fixture_lab.ipynb"' in (site.out / "index.html").read_text()
    assert site.build("--no-solutions", str(lab), capsys=capsys)[0] == 0
    assert not (site.out / "labs/fixture_lab.html").exists()
    assert (site.out / "labs/fixture_lab.ipynb").exists()


def test_command_line_errors_exit_with_status_2(capsys):
    for argv in (["--jobs", "0"], ["--timeout", "soon"], ["--no-such-option"], ["no/such/deck.py"]):
        with pytest.raises(SystemExit) as caught:
            cli.main(argv)
        assert caught.value.code == 2, argv
    assert "usage: build.py" in capsys.readouterr().err


def test_build_py_help_lists_the_commands_and_each_has_its_help():
    import subprocess

    def run(*args):
        return subprocess.run([sys.executable, str(config.ROOT / "build.py"), *args], capture_output=True, text=True)

    top = run("--help")
    assert top.returncode == 0 and all(command in top.stdout for command in ("build", "serve", "present"))
    assert "--keep-going" in run("build", "--help").stdout
    assert "--host" in run("serve", "--help").stdout and "--no-browser" in run("present", "--help").stdout


def test_a_deck_named_like_a_command_is_built(site, capsys):
    deck = site.add("serve.py", "# %% [markdown]\n# # Serve\n")
    status, _ = site.build(str(deck), capsys=capsys)
    assert status == 0 and (site.out / "slides" / "serve.html").exists()


def test_a_build_that_cannot_run_says_why_in_one_line(site, capsys, monkeypatch):
    from slidebuild import config as build_config

    monkeypatch.setattr(build_config, "NODE_MODULES", site.root / "no-node-modules")
    deck = site.add("basic.py")
    status, _ = site.build(str(deck))
    errors = capsys.readouterr().err.strip().splitlines()
    assert status == 1 and len(errors) == 1 and errors[0].startswith("error: ") and "make setup" in errors[0]


def test_files_a_deck_declares_in_publish_land_beside_its_page_even_from_cache(site, capsys):
    deck = site.add("report.py", "# ---\n# jupyter:\n#   course:\n#     publish: [reports/out.html]\n# ---\n\n"
                                 "# %%\nimport pathlib\npathlib.Path('reports').mkdir(exist_ok=True)\n"
                                 "pathlib.Path('reports/out.html').write_text('<p>REPORT</p>' + str(pathlib.Path.cwd()))\n")
    assert site.build(str(deck), capsys=capsys)[0] == 0
    published = (site.out / "slides/reports/out.html").read_text()
    assert published.startswith("<p>REPORT</p><tmp>/") and str(site.sources) not in published  # scrubbed
    (site.sources / "reports/out.html").unlink()
    (site.out / "slides/reports/out.html").unlink()
    (site.out / "slides/report.html").unlink()  # so that the page is published again, from the cache
    status, output = site.build(str(deck), capsys=capsys)
    assert status == 0 and "cached" in output and "executing" not in output
    assert (site.out / "slides/reports/out.html").read_text() == published


def test_a_declared_file_the_deck_did_not_write_fails_the_deck(site, capsys):
    deck = site.add("noreport.py", "# ---\n# jupyter:\n#   course:\n#     publish: [never.html]\n# ---\n\n# %%\nx = 1\n")
    status, output = site.build(str(deck), capsys=capsys)
    assert status == 1 and "did not write them" in output


def test_a_build_with_nothing_to_do_loads_no_jupyter(site, capsys):
    import subprocess

    deck = site.add("basic.py")
    assert site.build(str(deck), capsys=capsys)[0] == 0
    probe = ("import sys; from slidebuild import cli; status = cli.main(sys.argv[1:]); "
             "print('LOADED', sorted(m for m in ('jupytext', 'nbformat', 'nbconvert', 'nbclient') if m in sys.modules)); "
             "sys.exit(status)")
    result = subprocess.run([sys.executable, "-c", probe, str(deck), "--out", str(site.out), "--cache", str(site.cache),
                             "--no-pdf"], capture_output=True, text=True, cwd=config.ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout and "LOADED []" in result.stdout


def test_a_prose_edit_renders_without_loading_jupyter_server_or_the_printer(site, capsys):
    import subprocess

    deck = site.add("basic.py")
    assert site.build(str(deck), capsys=capsys)[0] == 0
    deck.write_text(deck.read_text().replace("\n# # ", "\n# # Edited ", 1))
    unused = ("jupyter_server", "arrow", "pandas", "playwright", "slidebuild.pdf")  # what kept a prose edit above 1 s
    probe = ("import sys; from slidebuild import cli; status = cli.main(sys.argv[1:]); "
             f"print('LOADED', sorted(m for m in {unused!r} if m in sys.modules)); sys.exit(status)")
    result = subprocess.run([sys.executable, "-c", probe, str(deck), "--out", str(site.out), "--cache", str(site.cache),
                             "--no-pdf"], capture_output=True, text=True, cwd=config.ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "cached" in result.stdout and "LOADED []" in result.stdout
    assert "Edited" in (site.out / "slides/basic.html").read_text()


def test_unchanged_decks_are_rebuilt_when_their_data_or_paired_notebook_changes(site, capsys):
    import os
    import time

    import jupytext

    (site.sources / "words.txt").write_text("alpha beta\n")
    deck = site.add("uses_data.py", '# ---\n# jupyter:\n#   course:\n#     data: ["*.txt"]\n# ---\n\n'
                                    "# %%\nprint(open('words.txt').read().split())\n")
    assert site.build(str(deck), capsys=capsys)[0] == 0
    (site.sources / "more.txt").write_text("gamma\n")  # a new file matching the pattern
    status, output = site.build(str(deck), capsys=capsys)
    assert status == 0 and "executing" in output
    notebook = jupytext.read(deck)
    notebook.cells[0].source = "print('edited in JupyterLab')"
    jupytext.write(notebook, deck.with_suffix(".ipynb"))
    future = time.time() + 5
    os.utime(deck.with_suffix(".ipynb"), (future, future))
    status, output = site.build(str(deck), capsys=capsys)
    assert status == 1 and "jupytext --sync" in output
