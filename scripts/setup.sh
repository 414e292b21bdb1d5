#!/usr/bin/env bash
# Set this machine up for the course build: system packages, the Python environment, the browser libraries.
# Idempotent; `make site` and `make test` run it the first time and whenever the pins change.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# 1. System packages: a Java runtime >= 17 for Spark, Graphviz for diagrams, Chromium for PDFs and tests,
#    Node.js/npm for reveal.js and KaTeX.
java_ok() { command -v java >/dev/null && java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])'; }
missing=()
java_ok || missing+=(openjdk-17-jre-headless)
command -v dot >/dev/null || missing+=(graphviz)
command -v chromium >/dev/null || missing+=(chromium)
command -v pdfinfo >/dev/null || missing+=(poppler-utils)
command -v npm >/dev/null || missing+=(nodejs npm)
if ((${#missing[@]})); then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif command -v apt-get >/dev/null && command -v sudo >/dev/null; then
    say "installing ${missing[*]} (sudo)"
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "please install: ${missing[*]} (or use environment.yml with conda), then run this again"
    exit 1
  fi
fi

# 2. Python environment with exact pins (uv when it can be had, pip otherwise).
python=${PYTHON:-python3}
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { say "Python >= 3.11 is needed"; exit 1; }
[ -x .venv/bin/python ] || { say "creating .venv"; "$python" -m venv .venv; }
say "installing Python packages (requirements.txt)"
.venv/bin/python -m pip --version >/dev/null 2>&1 || .venv/bin/python -m ensurepip >/dev/null
.venv/bin/python -m pip install -q --disable-pip-version-check uv==0.13.8
VIRTUAL_ENV=.venv .venv/bin/uv pip install -q --compile-bytecode -r requirements.txt
VIRTUAL_ENV=.venv .venv/bin/uv pip install -q --no-deps -e .

# 3. reveal.js and KaTeX from the npm registry at the pinned versions (no lock file is written).
say "installing reveal.js and KaTeX (assets/package.json)"
npm install --prefix assets --no-package-lock --no-audit --no-fund --loglevel=error >/dev/null
say "installing the live-code client's libraries (assets/live/package.json)"
npm install --prefix assets/live --no-package-lock --no-audit --no-fund --loglevel=error >/dev/null
say "ready"
