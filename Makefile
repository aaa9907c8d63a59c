# Two commands do everything on a fresh Debian machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DEBIAN_PACKAGES := redis-server antiword catdoc poppler-utils poppler-data tesseract-ocr \
	tesseract-ocr-chi-sim fonts-wqy-zenhei libreoffice-writer-nogui libreoffice-calc-nogui \
	nginx-light chromium
DEMO_ARCHIVE ?= demo-data
# pywb, for the replay tests (tests/replay), in its own virtualenv: it pins redis, werkzeug and an older cryptography
PYWB_VENV := .venv-pywb
PYWB_REQUIREMENTS := tests/replay/requirements-pywb.txt

.PHONY: setup debian venv pywb demo test lint typecheck pytest bench clean

setup: debian venv pywb

debian:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(BIN)/ogi: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/ogi

venv: $(BIN)/ogi

$(PYWB_VENV)/bin/wayback: $(PYWB_REQUIREMENTS)
	test -x $(PYWB_VENV)/bin/python || $(PYTHON) -m venv $(PYWB_VENV)
	$(PYWB_VENV)/bin/pip install -q -r $(PYWB_REQUIREMENTS)
	touch $(PYWB_VENV)/bin/wayback

pywb: $(PYWB_VENV)/bin/wayback

demo: setup
	$(BIN)/python -m scheduler.demo --archive $(DEMO_ARCHIVE)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest -q

test: setup lint typecheck pytest

bench: setup
	for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) $(PYWB_VENV) $(DEMO_ARCHIVE) .mypy_cache .pytest_cache .ruff_cache
