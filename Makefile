# Two commands on a fresh clone:  make book  |  make test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements.lock
# The Jupyter cache the build renders from (execute_notebooks: cache in _config.yml).
JUPYTER_CACHE := _build/.jupyter_cache
NOTEBOOKS := $(shell find book -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' | sort)

.PHONY: all book html test lint unit figures notebooks readme-map bench mutation lock clean distclean pdf dist lab test-artifacts

all: book

## the environment: exactly the lock (every package pinned and hashed), then this package without
## dependencies.  pip installs uv from its own hashed lines of the lock, and uv the rest (it
## downloads in parallel: about 10 s instead of 80 s); pip does it all where uv cannot.  Every
## module is compiled to bytecode here, once: where the environment forbids Python to write
## bytecode as it imports (PYTHONDONTWRITEBYTECODE), each process of the tests (every notebook's
## kernel, every command-line run) would otherwise compile its imports again (about 3.5 s each).
$(STAMP): $(LOCK) pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	awk '/^uv==/ {keep = 1; print; next} keep && /^[[:space:]]/ {print; next} {keep = 0}' $(LOCK) > $(VENV)/uv.txt
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(VENV)/uv.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode --require-hashes --no-deps -r $(LOCK) \
	  || $(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e . \
	  || $(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m compileall -q -j 0 replication tools > /dev/null
	touch $(STAMP)

## lock: resolve pyproject.toml and requirements.in into requirements.lock, with hashes (rerun after changing a pin)
lock: $(STAMP)
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	  --no-emit-find-links --output-file $(LOCK) pyproject.toml requirements.in

## book: execute every chapter and build the HTML book into _build/html (strict: warnings fail)
book: $(STAMP)
	rm -rf $(JUPYTER_CACHE)
	$(MAKE) html

## html: the strict build, rendering the executions in the Jupyter cache (a chapter not in it is executed)
html: $(STAMP)
	$(BIN)/jupyter-book build --all -W -n --keep-going .
	$(BIN)/python -m tools.toc --check-built _build/html

## test: lint, unit tests, the docstrings' examples (doctests of the package) and nbval over every
## chapter (each executed once; the build renders nbval's executions), the strict build, then the
## HTML in Chromium
test: $(STAMP)
	$(MAKE) lint
	rm -rf $(JUPYTER_CACHE)
	$(BIN)/python -m pytest -n 2 --dist loadfile --doctest-modules --nbval --nbval-current-env \
	  --executed-cache $(JUPYTER_CACHE) -m "not book and not slow" tests replication book
	$(MAKE) html
	$(BIN)/python -m pytest -n 2 --dist loadfile -m book tests

## lint: ruff (lint and format check) over the package, tests and notebooks; mypy over the package
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## unit: the unit tests and the docstrings' examples alone (fast)
unit: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile --doctest-modules -m "not book and not slow" tests replication

## figures: every figure, table and claim into _build/replication/
figures: $(STAMP)
	$(BIN)/python -m replication all --out _build/replication

## notebooks: refresh figure metadata from the registry and re-execute every chapter in place
notebooks: $(STAMP)
	$(BIN)/python -m tools.notebooks --execute $(NOTEBOOKS)

## readme-map: regenerate the figure/table map in README.md from the registry
readme-map: $(STAMP)
	$(BIN)/python -m tools.readme

## bench: measure (a fresh clone's install and `make test` step by step, then every benchmark
## but the mutation score) and rewrite the README's timing table (between its timings markers)
bench: $(STAMP)
	$(BIN)/python benchmarks/timings.py --fresh-clone --skip mutation

## mutation: the mutation score of the claim checks (about N cold ledgers: tens of minutes)
mutation: $(STAMP)
	$(BIN)/python benchmarks/bench_mutation.py

## pdf: the whole book as one PDF, _build/pdf/replication-<version>.pdf (runs `make book` first if there is no _build/html)
pdf: $(STAMP)
	@test -f _build/html/index.html || $(MAKE) book
	$(BIN)/python -m tools.pdf --html _build/html --out _build/pdf

## dist: the release archive in dist/: the complete source archive, sdist, wheel, HTML book, PDF, every output, CITATION.cff, lock, SHA256SUMS
dist: pdf
	$(BIN)/python -m tools.release --html _build/html --pdf _build/pdf --out dist

## lab: JupyterLab on 127.0.0.1 in this environment, with the chapters open
lab: $(STAMP)
	$(BIN)/python -m tools.lab

## test-artifacts: the PDF read back, the release archive built twice and compared, JupyterLab started and a chapter
## run in it, then the tests marked slow (every figure drawn twice, the source archive unpacked and run, every chapter
## through nbval with the oldest x86-64 BLAS kernel and NumPy without its SIMD paths)
test-artifacts: pdf
	REPLICATION_ARTIFACT_TESTS=1 $(BIN)/python -m pytest -p no:xdist tests/repository/test_artifacts.py
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "slow and not book" tests

clean:
	rm -rf _build

distclean: clean
	rm -rf $(VENV) *.egg-info dist
