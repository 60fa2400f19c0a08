# The project's public interface. Two commands on a fresh machine: `make serve` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

# Reproducible output: dates in the build (sitemap, archives) come from the last commit.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1767225600)
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

TYPE ?=
ID ?=
N ?=
FORMAT ?=
STAMP ?=

.PHONY: help serve site html check test new bench translations audit setup clean

help:
	@echo "make serve         build and preview the site on http://127.0.0.1:8000 (it at /, fr at /fr/)"
	@echo "make site          strict build into ./site: HTML, search index, PDF guides"
	@echo "make html          the same without the PDF guides"
	@echo "make check         check every page and data file (front matter, links, images, allowed HTML, Markdown, translations)"
	@echo "make test          everything the CI runs"
	@echo "make new TYPE=experience ID=my-slug   create a page in both languages"
	@echo "make translations  table of missing and outdated translations"
	@echo "make translations STAMP=docs/fr/x.md   record that docs/fr/x.md is up to date with its original"
	@echo "make bench         benchmark against Hugo (N='100 500 1000' by default)"
	@echo "make audit         Lighthouse scores of the home and a phase page, both languages"

$(VENV_STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes -r requirements.txt
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(VENV_STAMP)

serve: $(VENV_STAMP)
	SITE_URL=http://127.0.0.1:8000/ $(PY) -m mkdocs serve -a 127.0.0.1:8000

html: $(VENV_STAMP)
	$(PY) -m scripts.kb build

site: $(VENV_STAMP)
	$(PY) -m scripts.kb build --pdf

check: $(VENV_STAMP)
	$(PY) -m scripts.kb check $(if $(FORMAT),--format $(FORMAT))

test: $(VENV_STAMP)
	@scripts/setup/ensure-chromium.sh
	@if [ -f package-lock.json ]; then $(MAKE) --no-print-directory $(NODE_STAMP); fi
	$(PY) -m pytest

new: $(VENV_STAMP)
	$(PY) -m scripts.kb new "$(TYPE)" "$(ID)"

translations: $(VENV_STAMP)
	$(PY) -m scripts.kb translations $(if $(STAMP),--stamp $(STAMP))

bench: $(VENV_STAMP)
	$(PY) -m scripts.kb bench $(if $(N),--sizes "$(N)")

audit: $(VENV_STAMP)
	@scripts/setup/ensure-chromium.sh
	@$(MAKE) --no-print-directory $(NODE_STAMP)
	$(PY) -m scripts.kb.audit

clean:
	rm -rf site .pytest_cache
