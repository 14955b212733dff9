# The two commands a new user needs (see README.md):
#   make book   set up the environment and build the book strictly into _build/html
#   make test   set up the environment and run the test suite
#   make pdf    build the PDF edition (needs Debian's chromium)
PYTHON ?= python3.11
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: book test data pdf setup clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --require-hashes -r requirements.txt   # every file checked against its sha256
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .   # setuptools from the hashed lock
	touch $@

book: setup
	$(BIN)/python -m minsk2020.prebuild    # execute the notebooks in parallel into the execution cache
	$(BIN)/jupyter-book build . -W -n --keep-going

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

test: setup node_modules/.package-lock.json
	$(BIN)/python -m pytest

pdf: setup
	$(BIN)/python -m minsk2020 pdf

data: setup
	$(BIN)/python -m minsk2020 data

clean:
	rm -rf _build _static/figures
