# The two commands: `make site` builds the whole course into _site/, `make test` runs the tests.
# Both set the machine up the first time (scripts/setup.sh) and again when the pins change.
VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test check setup bench clean
site: $(STAMP)  ## build every deck (and lab) into _site/; pass options with ARGS="--jobs 1 ..."
	$(PY) build.py $(ARGS)

test: $(STAMP)  ## the test suite, including a full build of the course in a headless browser
	$(PY) -m pytest $(ARGS)

check: $(STAMP)  ## the fast tier: lint, and the tests that start no kernel and no browser (under a minute)
	$(VENV)/bin/ruff check slidebuild course tests bench build.py
	$(PY) -m pytest -q -m "not kernel and not browser and not slow" $(ARGS)

setup: $(STAMP)

bench: $(STAMP)  ## build-speed benchmark (prints a table, writes bench/results/latest.json); ARGS="--repeat 1"
	$(PY) bench/run.py $(ARGS)

$(STAMP): requirements.txt assets/package.json assets/live/package.json pyproject.toml scripts/setup.sh
	bash scripts/setup.sh
	touch $@

clean:  ## remove the built site and the execution cache
	rm -rf _site .cache
