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

# The notebooks of _toc.yml are executed in parallel into the Jupyter cache first, with the standard
# tools: jupyter-cache's local-parallel executor and MyST-NB's reader for MyST Markdown (measured
# against the hand-written prebuild it replaced: benchmarks/prebuild-vs-jcache.md). The build then
# executes nothing. The timeout is _config.yml's execute.timeout.
CACHE    = _build/.jupyter_cache
JCACHE   = $(BIN)/jcache
book: setup
	echo y | $(JCACHE) notebook -p $(CACHE) clear --force >/dev/null    # "y": create the cache if new
	$(JCACHE) notebook -p $(CACHE) add --reader myst_nb_md $$($(BIN)/python -m minsk2020.book.toc --notebooks) >/dev/null
	$(JCACHE) project -p $(CACHE) execute --executor local-parallel \
	  --timeout $$($(BIN)/python -c "import yaml; print(yaml.safe_load(open('_config.yml'))['execute']['timeout'])")
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
