"""Build the course site: read Jupytext sources, execute them, cache, clean, render reveal.js, publish."""

import sys

# jsonschema, which nbformat imports, compiles some forty grammars at import time when rfc3987-syntax is
# installed (jupyter-server brings it). Notebooks never use the IRI formats it checks: the build does without
# it and every build that reads a deck starts seconds sooner.
#
# A prose edit re-renders its deck in well under a second only if the build also skips what else it never uses:
# jupytext's Jupyter contents managers (they import jupyter_server and tornado) and jsonschema's ISO 8601
# duration format (it imports arrow). An import of any of them raises ImportError, which both libraries expect.
for unused in ("rfc3987_syntax", "isoduration", "jupytext.sync_contentsmanager", "jupytext.async_contentsmanager"):
    sys.modules.setdefault(unused, None)
