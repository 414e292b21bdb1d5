"""Build the course site: read Jupytext sources, execute them, cache, clean, render reveal.js, publish."""
