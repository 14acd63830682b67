# Two commands on a fresh clone:  make book  |  make test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(shell find book -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' | sort)

.PHONY: all book test unit figures notebooks readme-map bench clean distclean pdf dist lab test-artifacts

all: book

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	touch $(STAMP)

## book: execute every chapter and build the HTML book into _build/html (strict: warnings fail)
book: $(STAMP)
	$(BIN)/jupyter-book build --all -W -n --keep-going .
	$(BIN)/python -m replication.core.toc --check-built _build/html

## test: unit tests and nbval over every chapter, then the strict build, then the HTML in Chromium
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval --nbval-current-env -m "not book" tests book
	$(MAKE) book
	$(BIN)/python -m pytest -m book tests

## unit: the unit tests alone (fast)
unit: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not book" tests

## figures: every figure, table and claim into _build/replication/
figures: $(STAMP)
	$(BIN)/python -m replication all --out _build/replication

## notebooks: refresh figure metadata from the registry and re-execute every chapter in place
notebooks: $(STAMP)
	$(BIN)/python -m replication.core.notebooks --execute $(NOTEBOOKS)

## readme-map: regenerate the figure/table map in README.md from the registry
readme-map: $(STAMP)
	$(BIN)/python -m replication.core.readme

## bench: build time against bare notebook execution, solver and study timings
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_book.py
	for b in benchmarks/bench_*.py; do [ "$$b" = benchmarks/bench_book.py ] || $(BIN)/python "$$b"; done

## pdf: the whole book as one PDF, _build/pdf/replication-<version>.pdf (runs `make book` first if there is no _build/html)
pdf: $(STAMP)
	@test -f _build/html/index.html || $(MAKE) book
	$(BIN)/python -m replication.artifacts.pdf --html _build/html --out _build/pdf

## dist: the release archive in dist/: sdist, wheel, HTML book, PDF, every output, CITATION.cff, lock, SHA256SUMS
dist: pdf
	$(BIN)/python -m replication.artifacts.release --html _build/html --pdf _build/pdf --out dist

## lab: JupyterLab on 127.0.0.1 in this environment, with the chapters open
lab: $(STAMP)
	$(BIN)/python -m replication.artifacts.lab

## test-artifacts: the PDF read back, the release archive built twice and compared, JupyterLab started and a chapter run in it
test-artifacts: pdf
	REPLICATION_ARTIFACT_TESTS=1 $(BIN)/python -m pytest -p no:xdist tests/test_artifacts.py

clean:
	rm -rf _build

distclean: clean
	rm -rf $(VENV) *.egg-info dist
