"""Command line: parse, delegate to the pipeline, turn the outcome into an exit status (0 ok, 1 failed, 2 usage)."""

import argparse
import os
import sys
from pathlib import Path

from course.grading.sealed import key_from_environment
from slidebuild import config
from slidebuild.pipeline import build_and_report


def parser() -> argparse.ArgumentParser:
    defaults = config.Settings()
    cli = argparse.ArgumentParser(
        prog="build.py",
        description="Execute the course's Jupytext sources and render them as an offline reveal.js site.",
        epilog="Exit status: 0 all built, 1 a deck failed, 2 bad command line.",
    )
    cli.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                     help="sources to build (.py percent, .ipynb, .md); default: every deck in slides/")
    cli.add_argument("--out", type=Path, default=defaults.out, metavar="DIR", help="site folder (default: _site)")
    cli.add_argument("--jobs", type=positive, default=defaults.jobs, metavar="N",
                     help=f"decks executed in parallel (default: {defaults.jobs})")
    cli.add_argument("--keep-going", action="store_true", help="build every deck it can, report failures at the end")
    cli.add_argument("--no-cache", action="store_true", help="execute every deck, ignoring cached outputs")
    cli.add_argument("--fresh-kernels", action="store_true",
                     help="a new kernel for every deck (default: one warm kernel per job, its JVM and Dask cluster "
                          "shared by the decks it runs, each deck in a clean namespace)")
    cli.add_argument("--timeout", type=positive, default=defaults.timeout, metavar="SECONDS",
                     help=f"per-cell time limit (default: {defaults.timeout}; metadata may raise it)")
    cli.add_argument("--cache", type=Path, default=defaults.cache_dir, metavar="DIR",
                     help="execution cache folder (default: .cache/executed)")
    cli.add_argument("--no-solutions", action="store_true",
                     help="publish labs as student notebooks only, without their executed solution pages")
    cli.add_argument("--no-pdf", action="store_true", help="skip the PDF handouts (printed by headless Chromium)")
    cli.add_argument("--instructor", type=Path, default=defaults.instructor, metavar="DIR",
                     help="where graded labs' executed solutions go, with the instructor's key in COURSE_KEY "
                          "(default: instructor/, never published)")
    cli.add_argument("--quiet", action="store_true", help="print only failures and the final count")
    return cli


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def main(argv: list | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    serving = argv[:1] == ["serve"]
    presenting = argv[:1] == ["present"]
    cli = parser()
    if serving:
        cli.prog = "build.py serve"
        cli.description = "Build, serve the site on 127.0.0.1 and rebuild on every save (live reload)."
        cli.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    if presenting:
        cli.prog = "build.py present"
        cli.description = ("Build, serve the site from a local Jupyter server and open the deck: its code cells can "
                           "be edited and run again on a real kernel during the talk.")
        cli.add_argument("--port", type=int, default=0, help="port (default: a free one)")
        cli.add_argument("--host", default="127.0.0.1",
                         help="address to listen on (default 127.0.0.1; any other is reachable from the network)")
        cli.add_argument("--no-browser", action="store_true", help="print the deck's address, open no browser")
    args = cli.parse_args(argv[1:] if serving or presenting else argv)
    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        cli.error(f"no such file: {', '.join(missing)}")
    settings = config.Settings(out=args.out.resolve(), jobs=args.jobs, keep_going=args.keep_going,
                               use_cache=not args.no_cache, timeout=args.timeout, quiet=args.quiet,
                               cache_dir=args.cache.resolve(), publish_solutions=not args.no_solutions,
                               pdf=not args.no_pdf, fresh_kernels=args.fresh_kernels,
                               instructor=args.instructor.resolve(), key=key_from_environment())
    if serving:
        from slidebuild.serve import serve

        serve(args.paths, settings, port=args.port)
        return 0
    if presenting:
        from slidebuild.present import present

        return present(args.paths, settings, host=args.host, port=args.port, browser=not args.no_browser)
    results = build_and_report(args.paths, settings)
    if not args.quiet and all(not result.error for result in results):
        print(f"Site: {os.path.relpath(settings.out / 'index.html')}")
    return 1 if any(result.error for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
