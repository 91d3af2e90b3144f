# Ovoz: `make run` serves the demo on the embedded defaults; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(PY) -m flask --app wsgi
PORT ?= 5000
export PORT
# Processes the test suite runs in (pytest-xdist); each loads the model and has its own database and Redis db
TEST_WORKERS ?= 2
# More pytest arguments, e.g. TEST_ARGS='-m "not browser"' (.ci/run's second pass)
TEST_ARGS ?=

.PHONY: run test bench install install-dev translations chromium lint clean

$(VENV)/.stamp-run: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Ovoz needs Python 3.11 or newer"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.stamp-dev: $(VENV)/.stamp-run requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.stamp-run
install-dev: $(VENV)/.stamp-dev

translations: install
	$(FLASK) translate compile

## Serve Ovoz with demo data, a worker and the scheduler on http://127.0.0.1:$(PORT)
run: install translations
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	$(FLASK) serve --port $(PORT)

## Browser tests drive Debian's Chromium; install it when we may (root with apt-get).
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install chromium"; fi; }

## Run the whole test suite
test: install-dev translations chromium
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(TEST_ARGS)

bench: install-dev translations
	$(PY) -m benchmarks

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
	find . -name '*.mo' -delete
