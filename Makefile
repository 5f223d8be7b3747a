# qcode: `make run` opens the app on the demo project; `make test` runs every test headless.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEMO_DIR ?= .demo
DEMO_SCALE ?= 1.0

.PHONY: run test fuzz faults demo lint bench clean venv dist test-dist

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP) $(DEMO_DIR)/demo.qcode
	$(VENV)/bin/qcode gui $(DEMO_DIR)/demo.qcode

demo: $(DEMO_DIR)/demo.qcode

$(DEMO_DIR)/demo.qcode: | $(STAMP)
	$(VENV)/bin/qcode demo $(DEMO_DIR) --scale $(DEMO_SCALE)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

# The property tests with many randomised examples (plain `make test` replays fixed ones).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=deep QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider \
		$$(grep -rl --include='test_*.py' '^from hypothesis' tests)

# Real qcode processes killed at many random moments of every long action (about 10 minutes).
faults: $(STAMP)
	QCODE_FAULTS=deep QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider -s \
		tests/faults

lint: $(STAMP)
	$(VENV)/bin/ruff check qcode tests bench
	$(VENV)/bin/mypy

bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; QT_QPA_PLATFORM=offscreen $(PY) $$script || exit 1; done

# The one-folder application (dist/qcode/) built by PyInstaller from packaging/qcode.spec.
dist: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,dist]'
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/qcode.spec
	@du -sh dist/qcode

# Builds the frozen app in a temporary folder and runs it headless (tests/packaging/test_frozen.py).
test-dist: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,dist]'
	QCODE_TEST_FROZEN=1 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -s -p no:cacheprovider \
		tests/packaging/test_frozen.py

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache
