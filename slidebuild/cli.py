"""Command line: `build` (the default), `serve` and `present`. Parse, delegate, and turn the outcome into an exit
status: 0 all built, 1 a deck failed (or the build could not run: one line says why), 2 bad command line."""

import argparse
import os
import sys
from pathlib import Path

from slidebuild import config

COMMANDS = ("build", "serve", "present")
# Modules the build never uses but libraries import when they can: jsonschema (through nbformat) compiles some
# forty grammars at import time when rfc3987-syntax is installed, and a prose edit re-renders in well under a
# second only without jupytext's Jupyter contents managers (jupyter_server, tornado) and jsonschema's duration
# format (arrow). Both libraries expect an ImportError; the stubs are set here, at the entry point, never on import.
UNUSED_MODULES = ("rfc3987_syntax", "isoduration", "jupytext.sync_contentsmanager", "jupytext.async_contentsmanager")


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def build_options() -> argparse.ArgumentParser:
    """The options every command shares: what to build and how."""
    defaults = config.Settings()
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                         help="sources to build (.py percent, .ipynb, .md); default: every deck and lab")
    options.add_argument("--out", type=Path, default=defaults.out, metavar="DIR", help="site folder (default: _site)")
    options.add_argument("--jobs", type=positive, default=defaults.jobs, metavar="N",
                         help=f"decks executed in parallel (default: {defaults.jobs})")
    options.add_argument("--keep-going", action="store_true",
                         help="build every deck it can, report failures at the end")
    options.add_argument("--no-cache", action="store_true", help="execute every deck, ignoring cached outputs")
    options.add_argument("--fresh-kernels", action="store_true",
                         help="a new kernel for every deck (default: one warm kernel per job, its JVM and Dask "
                              "cluster shared by the decks it runs, each deck in a clean namespace)")
    options.add_argument("--timeout", type=positive, default=defaults.timeout, metavar="SECONDS",
                         help=f"per-cell time limit (default: {defaults.timeout}; metadata may raise it)")
    options.add_argument("--cache", type=Path, default=defaults.cache_dir, metavar="DIR",
                         help="execution cache folder (default: .cache/executed)")
    options.add_argument("--no-solutions", action="store_true",
                         help="publish labs as student notebooks only, without their executed solution pages")
    options.add_argument("--no-pdf", action="store_true", help="skip the PDF handouts (printed by headless Chromium)")
    options.add_argument("--instructor", type=Path, default=defaults.instructor, metavar="DIR",
                         help="where graded labs' executed solutions go, with the instructor's key in COURSE_KEY "
                              "(default: instructor/, never published)")
    options.add_argument("--quiet", action="store_true", help="print only failures and the final count")
    return options


def parser() -> argparse.ArgumentParser:
    shared = build_options()
    cli = argparse.ArgumentParser(
        prog="build.py",
        description="Execute the course's Jupytext sources and render them as an offline reveal.js site. "
                    "Without a command, `build`.",
        epilog="Exit status: 0 all built, 1 a deck failed or the build could not run, 2 bad command line.")
    commands = cli.add_subparsers(dest="command", metavar="{build,serve,present}")
    commands.add_parser("build", parents=[shared], help="build the site (the default command)",
                        description="Build the site: execute what changed, render, publish.")
    serve = commands.add_parser("serve", parents=[shared], help="build, serve and rebuild on every save",
                                description="Build, serve the site and rebuild on every save (live reload).")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address (default 127.0.0.1; any other is reachable from the network, unencrypted)")
    present = commands.add_parser(
        "present", parents=[shared], help="present a deck with live code on a local Jupyter server",
        description="Build, serve the site from a local Jupyter server and open the deck: its code cells can be "
                    "edited and run again on a real kernel during the talk.")
    present.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    present.add_argument("--host", default="127.0.0.1",
                         help="address (default 127.0.0.1; any other is reachable from the network, unencrypted)")
    present.add_argument("--no-browser", action="store_true", help="print the deck's address, open no browser")
    present.add_argument("--class", dest="classroom", action="store_true",
                         help="also open a class server on the network: students join with a key, follow the "
                              "slides, see live re-runs and vote on quizzes (the kernels stay on 127.0.0.1)")
    present.add_argument("--class-host", default="", metavar="ADDR",
                         help="address of the class server (default: this machine's network address)")
    present.add_argument("--class-port", type=int, default=0, metavar="N", help="its port (default: a free one)")
    return cli


def settings_of(args) -> config.Settings:
    from course.grading.sealed import key_from_environment

    return config.Settings(out=args.out.resolve(), jobs=args.jobs, keep_going=args.keep_going,
                           use_cache=not args.no_cache, timeout=args.timeout, quiet=args.quiet,
                           cache_dir=args.cache.resolve(), publish_solutions=not args.no_solutions,
                           pdf=not args.no_pdf, fresh_kernels=args.fresh_kernels,
                           instructor=args.instructor.resolve(), key=key_from_environment())


def main(argv: list | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for unused in UNUSED_MODULES:
        sys.modules.setdefault(unused, None)
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help"):
        argv.insert(0, "build")  # a deck named serve.py is built: only the exact names are commands
    cli = parser()
    args = cli.parse_args(argv)
    missing = [str(path) for path in args.paths if not path.exists() and not path.is_symlink()]
    if missing:
        cli.error(f"no such file: {', '.join(missing)}")
    try:
        return run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (RuntimeError, OSError) as error:  # the build could not run at all: say why in one line
        print(f"error: {error}", file=sys.stderr)
        return 1


def run(args) -> int:
    from slidebuild.pipeline import build_and_report

    settings = settings_of(args)
    if args.command == "serve":
        from slidebuild.serve import serve

        serve(args.paths, settings, host=args.host, port=args.port)
        return 0
    if args.command == "present":
        from slidebuild.present import present

        return present(args.paths, settings, host=args.host, port=args.port, browser=not args.no_browser,
                       class_host=args.class_host if args.classroom else None, class_port=args.class_port)
    results = build_and_report(args.paths, settings)
    if not args.quiet and all(not result.error for result in results):
        print(f"Site: {os.path.relpath(settings.out / 'index.html')}")
    return 1 if any(result.error for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
