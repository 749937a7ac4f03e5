# make run   : set up everything and serve the default district on http://127.0.0.1:5000
# make test  : set up everything (Debian's Chromium included), lint, and run the whole suite
# make translations : extract the UI strings (messages) and the editors' messages (editor) into their .po
# make test-fast : lint and every test but the browser ones (no Chromium needed)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CONTENT ?= content/services.yaml

MODEL := finder/assistant/model/needs.joblib

.PHONY: model setup run lint test test-fast test-a11y eval translations compile-translations catalog chromium editor-server postgresql bench fuzz drill drill-tools clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

compile-translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d translations -D messages --statistics 2>&1 | tail -n 6 || true
	$(BIN)/pybabel compile -d translations -D editor -l it --statistics

catalog: $(STAMP)
	$(BIN)/finder check $(CONTENT)
	$(BIN)/finder build --content $(CONTENT)

# the needs model is versioned; it is trained again only when the corpus, the taxonomy or the training
# code differ from what it was built from (its own record of their digest)
model: $(STAMP)
	$(BIN)/finder model --corpus corpus --out $(MODEL) --if-changed

setup: $(STAMP) compile-translations model catalog

run: setup
	$(BIN)/finder serve --host 127.0.0.1 --port 5000

chromium:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto sans arabic"; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-noto-core >/dev/null; \
	fi
	@/usr/bin/chromium --version

lint: $(STAMP)
	$(BIN)/ruff check .

# Red Hat's YAML language server (VS Code's YAML extension): the tests check what it underlines
EDITOR_SERVER := tools/editor/node_modules/.bin/yaml-language-server
$(EDITOR_SERVER): tools/editor/package.json tools/editor/package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; }
	npm ci --prefix tools/editor --no-audit --no-fund --loglevel=error
	touch $@

editor-server: $(EDITOR_SERVER)

# the statistics tests run against a real PostgreSQL too: Debian's server, started by the tests themselves
postgresql:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends postgresql >/dev/null \
	  || echo "PostgreSQL could not be installed: its statistics tests will be skipped"; \
	fi

test: setup chromium editor-server postgresql lint
	OMP_NUM_THREADS=1 $(BIN)/pytest -q -p no:cacheprovider -n 2

test-fast: setup editor-server postgresql lint
	OMP_NUM_THREADS=1 $(BIN)/pytest -q -p no:cacheprovider -n 2 --ignore=tests/browser

test-a11y: setup chromium
	FINDER_A11Y_FULL=1 $(BIN)/pytest -q -p no:cacheprovider tests/browser -k axe

eval: setup
	$(BIN)/finder eval ../shared/eval/crotone/questions.yaml --content ../shared/eval/crotone/services.yaml
	$(BIN)/finder eval ../shared/eval/crotone/questions-hard.yaml --content ../shared/eval/crotone/services.yaml
	$(BIN)/finder eval tests/questions-latina.yaml --content $(CONTENT)
	$(BIN)/finder eval tests/questions-latina-i18n.yaml --content $(CONTENT)
	$(BIN)/finder eval tests/questions-probe.yaml --content tests/fixtures/assistant-probe.yaml
	$(BIN)/finder eval tests/questions-probe2.yaml --content tests/fixtures/assistant-probe2.yaml
	$(BIN)/finder eval tests/questions-danger.yaml --content tests/fixtures/assistant-danger.yaml
	$(BIN)/finder eval tests/questions-caltagirone.yaml --content tests/fixtures/district-caltagirone.yaml
	$(BIN)/finder eval tests/questions-bassano.yaml --content tests/fixtures/district-bassano.yaml
	$(BIN)/python bench/lodo.py

translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i translations/messages.pot -d translations -D messages --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel extract -F babel-editor.cfg -k _ --no-default-keywords -o translations/editor.pot --no-location \
	  --sort-output --project "Finder (editors' messages)" .
	$(BIN)/pybabel update -i translations/editor.pot -d translations -D editor -l it --no-fuzzy-matching --ignore-obsolete

fuzz: setup
	FINDER_FUZZ_EXAMPLES=10000 $(BIN)/pytest -q -p no:cacheprovider -n 2 --hypothesis-show-statistics tests/test_fuzz.py tests/test_fuzz_content.py

drill-tools:
	@if ! command -v wrk >/dev/null || [ ! -x /usr/sbin/nginx ] || ! command -v openssl >/dev/null; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends nginx wrk openssl >/dev/null; \
	fi

drill: setup drill-tools
	$(BIN)/python deploy/drill.py

LIGHTHOUSE := bench/.lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE):
	npm install --no-audit --no-fund --silent --prefix bench/.lighthouse lighthouse@12

bench: setup drill-tools chromium $(LIGHTHOUSE)
	$(BIN)/python bench/bench_ask.py
	$(BIN)/python bench/bench_pages.py
	$(BIN)/python bench/bench_limits.py
	$(BIN)/python bench/bench_editors.py
	$(BIN)/python bench/bench_stats.py
	$(BIN)/python bench/bench_http.py
	$(BIN)/python bench/bench_lighthouse.py
	$(BIN)/python bench/bench_national.py

clean:
	rm -rf $(VENV) instance build *.egg-info
