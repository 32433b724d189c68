# 公开年报 portal — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# SEARCH=opensearch: `make run` starts the local OpenSearch node (scripts/opensearch.sh) and
# serves the portal on it; the default stays the embedded SQLite search.
SEARCH ?= embedded
ifeq ($(SEARCH),opensearch)
export OPENSEARCH_URL := $(shell scripts/opensearch.sh start)
ifeq ($(OPENSEARCH_URL),)
$(error 本地 OpenSearch 节点未能启动（日志：var/opensearch/logs/node.log）)
endif
endif

.DEFAULT_GOAL := help
.PHONY: help run test lint format bench bench-quick migrate demo worker check clean install install-dev opensearch opensearch-stop

help: ## list the targets
	@echo "公开年报 portal"
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 以上（可用 make PYTHON=python3.11 …）")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed-base: requirements/base.txt | $(PY)
	$(PIP) install --quiet -r requirements/base.txt
	@touch $@

$(VENV)/.installed-dev: requirements/base.txt requirements/dev.txt | $(PY)
	$(PIP) install --quiet -r requirements/dev.txt
	@touch $@ $(VENV)/.installed-base

install: $(VENV)/.installed-base ## create .venv and install the runtime requirements

install-dev: $(VENV)/.installed-dev ## create .venv and install the development requirements

migrate: $(VENV)/.installed-base ## apply database migrations
	$(PY) manage.py migrate --noinput

demo: migrate ## load the demo admin, staff, demo region and the sample reports
	$(PY) manage.py load_demo --base-url http://$(HOST):$(PORT)

run: demo ## set everything up and serve http://127.0.0.1:8000/ (admin at /admin/, API docs at /api/docs)
	@if [ "$(SEARCH)" = opensearch ]; then echo "搜索：OpenSearch $(OPENSEARCH_URL)（重建索引…）"; $(PY) manage.py rebuild_search_index; fi
	@echo "打开 http://$(HOST):$(PORT)/ · 管理后台 http://$(HOST):$(PORT)/admin/ · API 文档 http://$(HOST):$(PORT)/api/docs"
	$(PY) manage.py runserver $(HOST):$(PORT)

opensearch: ## start the local OpenSearch node (built from Maven Central on first use) and print its URL
	@scripts/opensearch.sh start

opensearch-stop: ## stop the local OpenSearch node
	@scripts/opensearch.sh stop

worker: $(VENV)/.installed-base ## run a Celery worker (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A gxnb_portal.celery worker --loglevel=INFO

test: $(VENV)/.installed-dev ## run the whole test suite (DATABASE_URL=postgres://… to use PostgreSQL)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev ## ruff: lint and formatting check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev ## ruff: fix what can be fixed and format
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(VENV)/.installed-base ## Django system checks, including the deployment checks
	$(PY) manage.py check --deploy

bench: $(VENV)/.installed-dev ## run the benchmarks (benchmarks/*.py; search: all engines at 10,000 and 100,000 reports, OpenSearch on the local node — about an hour)
	@shopt -s nullglob; files=(benchmarks/*.py); \
	if [ $${#files[@]} -eq 0 ]; then echo "no benchmarks yet"; exit 0; fi; \
	for f in "$${files[@]}"; do echo "== $$f"; PYTHONPATH=$(CURDIR) DJANGO_SETTINGS_MODULE=gxnb_portal.settings $(PY) "$$f" || exit 1; done

bench-quick: $(VENV)/.installed-dev ## the benchmarks at small sizes (search at 10,000 reports, no OpenSearch; minutes, not an hour)
	@for f in benchmarks/bench_extract.py benchmarks/bench_parse.py benchmarks/bench_tables.py benchmarks/bench_audit.py benchmarks/accuracy.py benchmarks/perturb.py; do \
	  echo "== $$f"; PYTHONPATH=$(CURDIR) DJANGO_SETTINGS_MODULE=gxnb_portal.settings $(PY) "$$f" || exit 1; done
	PYTHONPATH=$(CURDIR) DJANGO_SETTINGS_MODULE=gxnb_portal.settings $(PY) benchmarks/bench_search.py --sizes 10000 --engines sqlite tantivy scan

clean: ## remove caches (keeps .venv and var/)
	rm -rf .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +
