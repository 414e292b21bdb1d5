"""Read stage: line numbers, validation errors that name file and line, pairing, discovery."""

import os
import time

import jupytext
import pytest

from slidebuild.errors import SourceError
from slidebuild.read import read_deck
from slidebuild.site import discover

HEADER = """# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---
"""


def write(tmp_path, body: str, name: str = "deck.py"):
    path = tmp_path / name
    path.write_text(HEADER + body)
    return path


def test_each_cell_knows_the_line_where_its_body_starts(tmp_path):
    path = write(tmp_path, '\n# %% [markdown] slideshow={"slide_type": "slide"}\n# # Title\n\n# %%\nx = 1\ny = 2\n')
    deck = read_deck(path)
    lines = path.read_text().splitlines()
    assert lines[deck.body_lines[1] - 1] == "x = 1"
    assert deck.line_of(1, 2) == deck.body_lines[1] + 1
    assert lines[deck.line_of(1, 2) - 1] == "y = 2"


def test_unknown_slide_type_names_file_line_and_cell(tmp_path):
    path = write(tmp_path, '\n# %% [markdown] slideshow={"slide_type": "slid"}\n# # Title\n')
    with pytest.raises(SourceError) as caught:
        read_deck(path)
    error = caught.value
    assert "unknown slide_type 'slid'" in error.message
    assert error.line == 9 and error.cell == 1
    assert str(error).startswith(f"{path}:9 (cell 1):") or ":9 (cell 1):" in str(error)


def test_unknown_tag_is_an_error(tmp_path):
    path = write(tmp_path, '\n# %% tags=["hide_input"]\nx = 1\n')
    with pytest.raises(SourceError, match=r"unknown tag\(s\) \['hide_input'\]"):
        read_deck(path)


def test_malformed_cell_metadata_is_an_error_with_its_line(tmp_path):
    path = write(tmp_path, '\n# %%\nx = 1\n\n# %% [markdown] slideshow={"slide_type": "slide"\n# text\n')
    with pytest.raises(SourceError, match="malformed cell metadata") as caught:
        read_deck(path)
    assert caught.value.line == 12


def test_malformed_header_is_an_error(tmp_path):
    path = tmp_path / "deck.py"
    path.write_text("# ---\n# jupyter:\n#   course: [unclosed\n# ---\n\n# %%\nx = 1\n")
    with pytest.raises(SourceError, match="cannot read"):
        read_deck(path)


def test_unknown_course_key_and_missing_data_file(tmp_path):
    header = HEADER.replace("# jupyter:\n", "# jupyter:\n#   course:\n#     titel: Oops\n")
    (tmp_path / "a.py").write_text(header + "\n# %%\nx = 1\n")
    with pytest.raises(SourceError, match=r"unknown key\(s\) \['titel'\]"):
        read_deck(tmp_path / "a.py")
    header = HEADER.replace("# jupyter:\n", "# jupyter:\n#   course:\n#     data: [missing.csv]\n")
    (tmp_path / "b.py").write_text(header + "\n# %%\nx = 1\n")
    with pytest.raises(SourceError, match="missing.csv"):
        read_deck(tmp_path / "b.py")


def test_title_number_and_kind(tmp_path):
    deck = read_deck(write(tmp_path, '\n# %% [markdown]\n# # Spark Introduction\n', "03_Spark.py"), kind="slides")
    assert (deck.number, deck.title, deck.name) == ("03", "Spark Introduction", "03_Spark")


def test_newer_paired_notebook_that_differs_is_refused(tmp_path):
    path = write(tmp_path, "\n# %%\nx = 1\n")
    notebook = jupytext.read(path)
    notebook.cells[0].source = "x = 2  # edited in JupyterLab"
    jupytext.write(notebook, tmp_path / "deck.ipynb")
    future = time.time() + 10
    os.utime(tmp_path / "deck.ipynb", (future, future))
    with pytest.raises(SourceError, match="jupytext --sync"):
        read_deck(path)
    jupytext.write(jupytext.read(path), tmp_path / "deck.ipynb")  # in sync again: accepted
    os.utime(tmp_path / "deck.ipynb", (future, future))
    assert read_deck(path).notebook.cells[0].source == "x = 1"


def test_discover_prefers_the_py_source_over_its_paired_notebook(tmp_path):
    for name in ("01_a.py", "01_a.ipynb", "02_b.ipynb", "_draft.py", ".hidden.py", "notes.txt"):
        (tmp_path / name).write_text("")
    assert [p.name for p in discover(tmp_path)] == ["01_a.py", "02_b.ipynb"]


def test_a_shebang_in_a_markdown_code_block_keeps_its_hash(tmp_path):
    deck = tmp_path / "deck.py"
    deck.write_text('# %% [markdown]\n# ```bash\n# #!/bin/bash\n# #SBATCH --time=00:30:00\n# ```\n')
    assert read_deck(deck).notebook.cells[0].source == "```bash\n#!/bin/bash\n#SBATCH --time=00:30:00\n```"


def test_a_deck_asking_for_another_kernel_is_refused(tmp_path):
    deck = tmp_path / "deck.py"
    deck.write_text("# ---\n# jupyter:\n#   kernelspec:\n#     display_name: R\n#     language: R\n#     name: ir\n# ---\n\n"
                    "# %%\nprint(1)\n")
    with pytest.raises(SourceError, match="kernelspec 'ir': the course's decks run on 'python3'"):
        read_deck(deck)


def test_an_empty_file_has_no_cells(tmp_path):
    for text in ("", "\n\n", HEADER):
        (tmp_path / "empty.py").write_text(text)
        with pytest.raises(SourceError, match="no cells|no `# %%` cell marker"):
            read_deck(tmp_path / "empty.py")
    (tmp_path / "empty.py").write_text("")
    with pytest.raises(SourceError, match="no cells: the file is empty"):
        read_deck(tmp_path / "empty.py")
    (tmp_path / "empty.ipynb").write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    with pytest.raises(SourceError, match="no cells"):
        read_deck(tmp_path / "empty.ipynb")


def test_a_py_source_without_percent_cell_markers_is_refused(tmp_path):
    path = write(tmp_path, "\nimport this\nprint('a plain script, not a deck')\n")
    with pytest.raises(SourceError, match=r"a percent-format source needs `# %%` cell markers") as caught:
        read_deck(path)
    assert str(caught.value).startswith(f"{path}:1: no `# %%` cell marker")


def test_cell_ids_come_from_position_and_content_not_chance(tmp_path):
    body = '\n# %% [markdown]\n# # Title\n\n# %%\nx = 1\n\n# %% [markdown]\n# # Title\n'
    first, second = read_deck(write(tmp_path, body)), read_deck(write(tmp_path, body))
    ids = [cell.id for cell in first.notebook.cells]
    assert ids == [cell.id for cell in second.notebook.cells]
    assert len(set(ids)) == 3  # two equal cells, two ids
    edited = read_deck(write(tmp_path, body.replace("x = 1", "x = 2")))
    assert [cell.id for cell in edited.notebook.cells][::2] == ids[::2] and edited.notebook.cells[1].id != ids[1]
    import nbformat

    nbformat.validate(first.notebook)


def test_entries_that_are_not_readable_files_say_what_they_are(tmp_path):
    (tmp_path / "loop.py").symlink_to("loop.py")
    (tmp_path / "dangling.py").symlink_to("missing.py")
    (tmp_path / "x.py").mkdir()
    (tmp_path / "binary.py").write_bytes(b"# %%\n\xff\xfe\x00")
    os.mkfifo(tmp_path / "fifo.py")  # opening it would wait for a writer forever
    expected = {"loop.py": "a symbolic link loop", "dangling.py": "a dangling symbolic link (to missing.py)",
                "x.py": "a folder, not a deck source", "binary.py": "not UTF-8 text (byte 5)",
                "fifo.py": "not a regular file"}
    for name, message in expected.items():
        with pytest.raises(SourceError) as caught:
            read_deck(tmp_path / name)
        assert str(caught.value) == f"{tmp_path / name}: {message}"


def test_data_given_as_one_glob_string_is_a_list_of_one(tmp_path):
    deck = tmp_path / "deck.py"
    deck.write_text('# ---\n# jupyter:\n#   course:\n#     data: "*.csv"\n# ---\n\n# %%\nprint(1)\n')
    with pytest.raises(SourceError, match=r"deck.py:4: declared data file '\*.csv' does not exist"):
        read_deck(deck)
    (tmp_path / "a.csv").write_text("x\n1\n")
    assert read_deck(deck).header.data == ("*.csv",)
