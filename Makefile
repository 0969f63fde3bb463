# Two commands on a fresh machine with Python 3.11+ and make: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: demo test bench catalog docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/demo.py

# The suite runs on SQLite, then once more on a throw-away PostgreSQL cluster where the server is installed.
# Two workers: the machine has two cores, and both runs must fit in a few minutes.
test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/python -m pytest -n 2
	$(BIN)/python tests/pgserver.py $(BIN)/python -m pytest -n 2

# The benchmark's peers (pandas) are not needed by jpledger itself: they come with the `bench` extra.
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

# On a throw-away PostgreSQL cluster where the server is installed, so the report has both back ends.
bench: $(BENCH_STAMP)
	$(BIN)/python tests/pgserver.py $(BIN)/python benchmarks/run.py

# After adding or changing a message: refresh the template and the Indonesian catalog from the code, translate
# what is new (empty) or changed (marked fuzzy) in the .po, and run it again to compile the .mo. Both are committed.
LOCALE := src/jpledger/locale
catalog: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-default-keywords -k _ -k N_ -k Np_:1,2 -k gettext -k ngettext:1,2 --no-location \
	    --sort-output --project=jpledger --copyright-holder="the jpledger authors" \
	    -o $(LOCALE)/jpledger.pot src/jpledger
	sed -i '/^"POT-Creation-Date: /d' $(LOCALE)/jpledger.pot  # a date in it would change it on every run
	$(BIN)/pybabel update --domain=jpledger --input-file=$(LOCALE)/jpledger.pot --output-dir=$(LOCALE) \
	    --locale=id --init-missing --ignore-obsolete --ignore-pot-creation-date
	$(BIN)/pybabel compile --domain=jpledger --directory=$(LOCALE) --statistics

# After changing what a command prints: write the README's and the guide's console examples as jpledger prints them
# now (tests/test_doc_console.py fails until they match), then read the diff.
docs: $(STAMP)
	$(BIN)/python tests/doc_console.py --fix

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
