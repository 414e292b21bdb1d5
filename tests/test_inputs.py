"""Bad inputs: stray entries in a sources folder, two decks with one name, empty and marker-less sources. Each is
one failed source naming its path, found before any kernel starts; the other decks still build."""

import os
import shutil
import subprocess
import sys
import tempfile

import pytest

from slidebuild import config

MARKDOWN_DECK = '# %% [markdown] slideshow={"slide_type": "slide"}\n# # A deck in {folder}\n'


def stray_entries(folder):
    """A sources folder's worst: a symbolic link loop, a dangling link, a folder named like a deck, a FIFO, a file
    that is not UTF-8 text; {name: what the build must say of it}."""
    (folder / "loop.py").symlink_to("loop.py")
    (folder / "dangling.py").symlink_to("gone.py")
    (folder / "x.py").mkdir()
    os.mkfifo(folder / "fifo.py")
    (folder / "binary.py").write_bytes(b"\x89PNG\r\n\x1a\n")
    return {"loop.py": "a symbolic link loop", "dangling.py": "a dangling symbolic link (to gone.py)",
            "x.py": "a folder, not a deck source", "fifo.py": "not a regular file",
            "binary.py": "not UTF-8 text (byte 0)"}


def test_stray_entries_in_the_sources_folder_are_failed_sources_and_the_others_build(site, capsys, monkeypatch):
    """The default build (every source of slides/ and labs/) once ended in a traceback on any of these."""
    monkeypatch.setattr(config, "SLIDES_DIR", site.sources)
    monkeypatch.setattr(config, "LABS_DIR", site.root / "labs")
    site.add("basic.py")
    expected = stray_entries(site.sources)
    status, output = site.build("--keep-going", capsys=capsys)
    assert status == 1
    for name, message in expected.items():
        assert f"{site.sources / name}: {message}" in output, name
    assert "1 built, 5 failed" in output and "Traceback" not in output
    assert (site.out / "slides/basic.html").exists()
    status, output = site.build(capsys=capsys)  # without --keep-going: refused before any kernel starts
    assert status == 1 and "1 built, 5 failed" in output and "executing" not in output


def test_a_source_that_became_a_stray_entry_is_reported_not_fatal(site, capsys):
    """A deck built once, then replaced by a dangling link: its manifest entry must not make the build crash."""
    deck = site.add("deck.py", MARKDOWN_DECK.replace("{folder}", "src"))
    assert site.build(str(deck), capsys=capsys)[0] == 0
    deck.unlink()
    deck.symlink_to("gone.py")
    status, output = site.build(str(deck), capsys=capsys)
    assert status == 1 and f"{deck}: a dangling symbolic link (to gone.py)" in output


def test_two_decks_with_one_name_are_refused_before_any_kernel_starts(site, capsys):
    """Both would publish slides/deck.html: the last one built used to replace the other silently."""
    first = site.add("a/deck.py", MARKDOWN_DECK.replace("{folder}", "a"))
    second = site.add("b/deck.py", MARKDOWN_DECK.replace("{folder}", "b"))
    other = site.add("basic.py")
    status, output = site.build(str(first), str(second), str(other), capsys=capsys)
    assert status == 1
    assert f"{first}: publishes slides/deck.html, as does {second}: rename one of them" in output
    assert f"{second}: publishes slides/deck.html, as does {first}: rename one of them" in output
    assert not (site.out / "slides").exists() and not (site.cache.parent / "logs").exists()  # nothing executed
    status, output = site.build("--keep-going", str(first), str(second), str(other), capsys=capsys)
    assert status == 1 and "1 built, 2 failed" in output
    assert (site.out / "slides/basic.html").exists() and not (site.out / "slides/deck.html").exists()


def test_the_same_deck_named_twice_is_no_clash(site, capsys):
    deck = site.add("deck.py", MARKDOWN_DECK.replace("{folder}", "src"))
    link = site.sources / "elsewhere"
    link.symlink_to(site.sources)
    status, output = site.build(str(deck), str(link / "deck.py"), capsys=capsys)
    assert status == 0, output


def test_an_empty_source_and_a_plain_script_are_refused_before_any_kernel_starts(site, capsys):
    empty = site.add("empty.py", "")
    script = site.add("script.py", "import this\nprint('no cell markers')\n")
    status, output = site.build(str(empty), str(script), capsys=capsys)
    assert status == 1
    assert f"{empty}:1: no cells: the file is empty" in output
    assert f"{script}:1: no `# %%` cell marker: a percent-format source needs `# %%` cell markers" in output
    assert not (site.cache.parent / "logs").exists()


def as_another_user() -> list:
    """A command prefix that drops root's right to read any file (root reads a file of mode 000)."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: a file of mode 000 stays readable")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_an_unreadable_file_is_one_failed_source():
    folder = tempfile.mkdtemp(prefix="unreadable-")  # not under pytest's folder, which only its owner enters
    try:
        os.chmod(folder, 0o755)
        deck = os.path.join(folder, "secret.py")
        with open(deck, "w") as stream:
            stream.write("# %%\nx = 1\n")
        os.chmod(deck, 0)
        probe = ("import sys; from slidebuild.read import read_deck; from slidebuild.errors import SourceError\n"
                 "try:\n    read_deck(sys.argv[1])\nexcept SourceError as error:\n    print(error)\n")
        result = subprocess.run([*as_another_user(), sys.executable, "-c", probe, deck], cwd=config.ROOT,
                                capture_output=True, text=True, env={**os.environ, "HOME": folder})
        assert result.stdout.strip() == f"{deck}: cannot read: Permission denied", result.stderr
    finally:
        shutil.rmtree(folder)
