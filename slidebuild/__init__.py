"""Build the course site: read Jupytext sources, execute them, cache, clean, render reveal.js, publish."""

import sys

# jsonschema, which nbformat imports, compiles some forty grammars at import time when rfc3987-syntax is
# installed (jupyter-server brings it). Notebooks never use the IRI formats it checks: the build does without
# it and every build that reads a deck starts seconds sooner.
sys.modules.setdefault("rfc3987_syntax", None)
