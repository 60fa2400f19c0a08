# The project's public interface. Two commands on a fresh machine: `make serve` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed-site
TEST_STAMP := $(VENV)/.installed-test
NODE_STAMP := node_modules/.installed
# editor: the web editor's npm project (editor/): the deploy installs its dependencies only, `make edit`
# and `make test` also decap-server, the local backend (a development dependency).
EDITOR_STAMP := editor/node_modules/.installed
EDITOR_DEV_STAMP := editor/node_modules/.installed-dev

# Reproducible output: dates in the build (sitemap, archives) come from the last commit.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1767225600)
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

TYPE ?=
ID ?=
N ?=
FORMAT ?=
STAMP ?=

.PHONY: help serve site html check test test-fast new bench translations audit setup clean edit

help:
	@echo "make serve         build and preview the site on http://127.0.0.1:8000 (it at /, fr at /fr/); PORT= to choose"
	@echo "make site          strict build into ./site: HTML, search index, PDF guides"
	@echo "make html          the same without the PDF guides"
	@echo "make check         check every page and data file (front matter, links, images, allowed HTML, Markdown, translations)"
	@echo "make edit          the web editor on this checkout: http://127.0.0.1:8001/admin/ (fr: /fr/admin/); PORT= to choose"
	@echo "make test          everything the CI runs"
	@echo "make test-fast     the tests that need neither a site build nor a browser (seconds)"
	@echo "make new TYPE=experience ID=my-slug   create a page in both languages"
	@echo "make translations  table of missing and outdated translations"
	@echo "make translations STAMP=docs/fr/x.md   record that docs/fr/x.md is up to date with its original"
	@echo "make bench         benchmark against Hugo (N='100 500 1000' by default)"
	@echo "make audit         Lighthouse scores (mobile) of every reader template, both languages; the offline copies"

# Locks by use (requirements/README.md): the site's lock for every target, the tests' lock on top.
$(VENV_STAMP): requirements/site.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes -r requirements/site.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

$(TEST_STAMP): $(VENV_STAMP) requirements/test.txt
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes -r requirements/test.txt
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# editor: `npm ci` in editor/ on first use, like the root one (dev: with decap-server)
$(EDITOR_STAMP): editor/package.json editor/package-lock.json
	@if [ -f $(EDITOR_DEV_STAMP) ] && [ $(EDITOR_DEV_STAMP) -nt editor/package-lock.json ]; then touch $@; \
	else cd editor && npm ci --omit=dev --no-audit --no-fund --loglevel=error && touch node_modules/.installed; fi

$(EDITOR_DEV_STAMP): editor/package.json editor/package-lock.json
	cd editor && npm ci --no-audit --no-fund --loglevel=error
	@touch $@ $(EDITOR_STAMP)

setup: $(VENV_STAMP)

# `make serve` on port 8000 and `make edit` on 8001 run together; PORT= chooses another
# (`make serve PORT=8010`); a port already taken is said in one sentence.
PORT ?=
SERVE_PORT ?= 8000

serve: $(VENV_STAMP)
	@$(PY) -m kb serve $(if $(PORT),--port $(PORT))

# The build writes the offline service worker with Workbox (npm, package.json): node modules first.
html: $(VENV_STAMP) $(NODE_STAMP)
	$(PY) -m kb build

# DRAFTS=1: the drafts too, each with its banner (a pull request's preview, .github/workflows/preview.yml)
DRAFTS ?=

site: $(VENV_STAMP) $(EDITOR_STAMP) $(NODE_STAMP)
	$(PY) -m kb build --pdf $(if $(DRAFTS),--drafts)

check: $(VENV_STAMP)
	$(PY) -m kb check $(if $(FORMAT),--format $(FORMAT))

test: $(TEST_STAMP)
	@scripts/setup/ensure-chromium.sh
	@if [ -f package-lock.json ]; then $(MAKE) --no-print-directory $(NODE_STAMP); fi
	@$(MAKE) --no-print-directory $(EDITOR_DEV_STAMP)
	$(PY) -m pytest

test-fast: $(TEST_STAMP)
	$(PY) -m pytest -q -n 2 -m "not build and not browser and not slow"

edit: $(VENV_STAMP) $(EDITOR_DEV_STAMP)
	@$(PY) -m kb.editor.serve $(if $(PORT),--port $(PORT)) --serve-port $(SERVE_PORT)

new: $(VENV_STAMP)
	$(PY) -m kb new "$(TYPE)" "$(ID)"

translations: $(VENV_STAMP)
	$(PY) -m kb translations $(if $(STAMP),--stamp $(STAMP))

bench: $(TEST_STAMP) $(NODE_STAMP)
	$(PY) -m kb bench $(if $(N),--sizes "$(N)")

audit: $(TEST_STAMP)
	@scripts/setup/ensure-chromium.sh
	@$(MAKE) --no-print-directory $(NODE_STAMP)
	$(PY) -m kb.tools.audit

clean:
	rm -rf site .pytest_cache
