# Shortlist: `make run` serves the app with demo data; `make test` runs the whole suite.
# Both work on a machine with only Python 3.11+ and make.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

.PHONY: run test test-e2e test-faults screenshots vendor-axe install lint format typecheck audit stop clean

run: install
	$(BIN)/python -m config.run_local

test: install
	DJANGO_ENV=test $(BIN)/python -m pytest $(PYTEST_ARGS)

# The browser tests alone (Chromium with Playwright; also part of `make test`).
test-e2e: install
	DJANGO_ENV=test $(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

# Full-page PNGs of the main pages, desktop and phone, from the demo data, into docs/screenshots/.
# Not a test (its file name keeps it out of `make test`); run it after a layout change.
screenshots: install
	DJANGO_ENV=test $(BIN)/python -m pytest -q tests/e2e/screenshots.py $(PYTEST_ARGS)

# axe-core for the accessibility tests, refetched from npm and checked against SHA256SUMS (only
# for bumping it: the checked-in copy is what the tests use). Change AXE_VERSION and the digest
# together.
AXE_VERSION := 4.14.1
AXE_DIR := tests/e2e/vendor/axe-core
vendor-axe:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  (cd "$$tmp" && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && tar xzf axe-core-$(AXE_VERSION).tgz) && \
	  (cd "$$tmp/package" && sha256sum -c "$(CURDIR)/$(AXE_DIR)/SHA256SUMS") && \
	  cp "$$tmp/package/axe.min.js" "$$tmp/package/LICENSE" "$$tmp/package/LICENSE-3RD-PARTY.txt" $(AXE_DIR)/

# The fault-injection cases alone: each starts its own Redis, SMTP server and workers.
test-faults: install
	DJANGO_ENV=test $(BIN)/python -m pytest -m faults tests/faults $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: install
	$(BIN)/mypy .

# Known vulnerabilities in the pinned runtime dependencies. Needs internet access to PyPI's and
# OSV's vulnerability data, which CI machines don't have, so CI doesn't run it. Its own venv
# keeps pip-audit's dependencies out of the project's pinned one.
AUDIT_VENV ?= .venv-audit
audit:
	test -x $(AUDIT_VENV)/bin/pip-audit || ($(PYTHON) -m venv $(AUDIT_VENV) && $(AUDIT_VENV)/bin/pip install -q pip-audit==2.10.1)
	$(AUDIT_VENV)/bin/pip-audit --strict -r requirements.txt

stop: install
	$(BIN)/python -m config.embedded stop

install: $(STAMP)

$(STAMP):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Shortlist needs Python 3.11 or newer; run make PYTHON=python3.12 (or similar).")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

clean:
	rm -rf $(VENV) $(AUDIT_VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
