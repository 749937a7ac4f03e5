# make run   : set up everything and serve the default district on http://127.0.0.1:5000
# make test  : set up everything (Debian's Chromium included) and run the whole suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CONTENT ?= content/services.yaml

.PHONY: setup run test test-a11y eval translations compile-translations catalog chromium postgresql bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

compile-translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d translations -D messages --statistics 2>&1 | tail -n 6 || true

catalog: $(STAMP)
	$(BIN)/finder check $(CONTENT)
	$(BIN)/finder build --content $(CONTENT)

setup: $(STAMP) compile-translations catalog

run: setup
	$(BIN)/finder serve --host 127.0.0.1 --port 5000

chromium:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto sans arabic"; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-noto-core >/dev/null; \
	fi
	@/usr/bin/chromium --version

# the statistics tests run against a real PostgreSQL too: Debian's server, started by the tests themselves
postgresql:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends postgresql >/dev/null \
	  || echo "PostgreSQL could not be installed: its statistics tests will be skipped"; \
	fi

test: setup chromium postgresql
	$(BIN)/pytest -q -p no:cacheprovider -n 2

test-a11y: setup chromium
	FINDER_A11Y_FULL=1 $(BIN)/pytest -q -p no:cacheprovider tests/browser -k axe

eval: setup
	$(BIN)/finder eval ../shared/eval/crotone/questions.yaml --content ../shared/eval/crotone/services.yaml
	$(BIN)/finder eval ../shared/eval/crotone/questions-hard.yaml --content ../shared/eval/crotone/services.yaml
	$(BIN)/finder eval tests/questions-latina.yaml --content $(CONTENT)

translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i translations/messages.pot -d translations -D messages --no-fuzzy-matching --ignore-obsolete

bench: setup
	$(BIN)/python bench/bench_ask.py
	$(BIN)/python bench/bench_pages.py
	$(BIN)/python bench/bench_stats.py

clean:
	rm -rf $(VENV) instance build *.egg-info
