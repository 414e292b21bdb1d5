"""Publish stage: atomic writes, the site's static files, the manifest of decks and the index page."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import jinja2
from jupyter_core.paths import jupyter_path

from slidebuild import config, theme
from slidebuild.site import STATIC, Entry, write_atomic

MANIFEST = "manifest.json"
# What the site serves from the npm packages (source folder in node_modules -> folder under static/).
VENDOR = {
    "reveal.js/dist": "reveal.js/dist",
    "reveal.js/plugin": "reveal.js/plugin",
    "katex/dist": "katex/dist",
}
# The live-code client (`build.py present`): sources bundled by esbuild into assets/live/dist, served as static/live.
LIVE_DIR = config.ASSETS_DIR / "live"
LIVE_ENTRIES = ("live.js", "presenter.js")
LIVE_PLACEHOLDER = "live-code client not bundled"


def install_static(out: Path) -> None:
    """Copy reveal.js, KaTeX and the course theme into the site (only what changed)."""
    missing = [name for name in VENDOR if not (config.NODE_MODULES / name).is_dir()]
    if missing:
        raise RuntimeError(f"{config.NODE_MODULES} lacks {', '.join(missing)}: run `make setup` "
                           f"(or `npm install --no-package-lock --prefix assets`)")
    for source, target in VENDOR.items():
        copy_tree(config.NODE_MODULES / source, out / STATIC / target)
    copy_tree(config.TEMPLATES_DIR / config.TEMPLATE_NAME / "static", out / STATIC / "course")
    jupyter = jupyter_css()
    write_atomic(out / STATIC / "course" / "jupyter.css", jupyter)
    write_atomic(out / STATIC / "course" / "code-colours.css", theme.highlight_css(jupyter))
    install_live_client(out / STATIC / "live")


def install_live_client(target: Path) -> None:
    """The decks' live-code client, bundled again when older than its sources. Without Node.js or esbuild the
    site still builds: its decks then load an empty client (no copy buttons, and `build.py present` refuses)."""
    bundles = [LIVE_DIR / "dist" / name for name in (*LIVE_ENTRIES, "live.css")]
    newest_source = max(path.stat().st_mtime for path in [LIVE_DIR / "package.json", *(LIVE_DIR / "src").iterdir()])
    if any(not bundle.exists() or bundle.stat().st_mtime < newest_source for bundle in bundles):
        try:
            bundle_live_client(LIVE_DIR / "dist")
        except (OSError, subprocess.SubprocessError) as error:
            print(f"warning: the live-code client could not be bundled ({getattr(error, 'stderr', '') or error}); "
                  f"run `npm install --prefix assets/live --no-package-lock`", file=sys.stderr)
    for bundle in bundles:
        destination = target / bundle.name
        if not bundle.exists():
            write_atomic(destination, f"/* {LIVE_PLACEHOLDER} */\n")
        elif not destination.exists() or destination.stat().st_mtime != bundle.stat().st_mtime:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(bundle, destination)


def bundle_live_client(dist: Path) -> None:
    """esbuild into a temporary folder, then rename: a concurrent build never sees half a bundle."""
    dist.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dist, prefix=".bundling-") as temporary:
        subprocess.run([str(LIVE_DIR / "node_modules" / ".bin" / "esbuild"), *(f"src/{name}" for name in LIVE_ENTRIES),
                        "--bundle", "--format=iife", "--target=es2020", "--minify", f"--outdir={temporary}",
                        "--log-level=warning"], cwd=LIVE_DIR, check=True, capture_output=True, text=True, timeout=120)
        for path in Path(temporary).iterdir():
            os.replace(path, dist / path.name)


def jupyter_css() -> str:
    """nbconvert's JupyterLab cell styles, shared by every deck instead of inlined in each page."""
    for folder in jupyter_path("nbconvert", "templates", "lab", "static"):
        if Path(folder, "index.css").exists():
            return "\n".join(Path(folder, name).read_text() for name in ("index.css", "theme-light.css"))
    raise RuntimeError("nbconvert's lab template (static/index.css) is not installed")


def copy_tree(source: Path, target: Path) -> None:
    for path in source.rglob("*"):
        if path.is_file() and not path.name.endswith(".map"):
            destination = target / path.relative_to(source)
            if not destination.exists() or destination.stat().st_mtime < path.stat().st_mtime:
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)


def read_manifest(out: Path) -> dict:
    """Decks and labs published in the site, by key; entries whose files are gone, or that this version would not
    write (a manifest of another version), are dropped: their sources are built again."""
    path = out / MANIFEST
    try:
        saved = json.loads(path.read_text()) if path.exists() else {}
    except ValueError:
        saved = {}
    entries = [Entry.from_json(data) for data in saved.values() if isinstance(data, dict)]
    return {entry.key: entry for entry in entries if entry and all((out / name).exists() for name in entry.files())}


def update_manifest(out: Path, entries: list) -> dict:
    """Merge freshly built decks into the manifest and write it."""
    manifest = read_manifest(out)
    manifest.update({entry.key: entry for entry in entries})
    write_atomic(out / MANIFEST, json.dumps({key: entry.as_json() for key, entry in manifest.items()}, indent=1,
                                            sort_keys=True))
    return manifest


def write_index(out: Path, manifest: dict) -> None:
    """The course home page: each day's modules in the order of the program (decks and labs, from their
    headers), then anything unscheduled. Relative links only."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(config.TEMPLATES_DIR), autoescape=True)
    days = {}
    for entry in manifest.values():
        days.setdefault(entry.day or 99, []).append(entry)
    for entries in days.values():
        entries.sort(key=lambda e: (e.slot or "99", e.number, e.kind, e.name))
    html = environment.get_template("index.html.j2").render(days=sorted(days.items()), static=STATIC)
    write_atomic(out / "index.html", html)
