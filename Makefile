# Two commands on a fresh clone:  make book  |  make test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NOTEBOOKS := $(shell find book -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' | sort)

.PHONY: all book test unit figures notebooks readme-map bench clean distclean

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

clean:
	rm -rf _build

distclean: clean
	rm -rf $(VENV) *.egg-info
