"""Build the course site: read Jupytext sources, execute them, cache, clean, render reveal.js, publish.

Importing the package changes nothing: the command line (`slidebuild.cli.main`) is the entry point."""
