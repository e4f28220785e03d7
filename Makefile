# One entry point for people and CI. Every target installs what it needs first.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TORCH  ?= torch==2.13.0
SAMPLE ?= samples/id-startup-funding.txt

.PHONY: install run test test-fast lint bench eval clean

install: $(STAMP)

# The CPU torch wheel goes in first so the `torch>=2.2` range pulls nothing more.
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip show torch >/dev/null 2>&1 || $(PY) -m pip install -q $(TORCH) || $(PY) -m pip install -q torch --index-url https://download.pytorch.org/whl/cpu
	$(PY) -m pip install -q -e '.[dev,ray]'  # CI runs the Ray tests too
	$(PY) -m compileall -q summarise >/dev/null  # as pip does for an installed package
	touch $(STAMP)

run: install
	$(VENV)/bin/summarise $(SAMPLE)

test: install
	$(PY) -m pytest -q

test-fast: install
	$(PY) -m pytest -q -m "not slow"

lint: install
	$(VENV)/bin/ruff check summarise tests bench
	$(VENV)/bin/ruff format --check summarise tests bench

bench: install
	$(PY) -m bench.run

eval: install
	$(PY) -m bench.evaluate

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache bench/work
