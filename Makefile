# Veivalg: `make run` starts everything, `make test` tests everything. Both install what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# A pyenv shim can exist for a version that is not installed, so each candidate must actually run.
runs = $(shell for p in $(1); do "$$p" -c 'import sys; sys.exit(0 if sys.version_info[:2] == $(2) else 1)' >/dev/null 2>&1 && { command -v "$$p"; break; }; done)
PYTHON311 ?= $(call runs,python3.11 python3 /root/.pyenv/versions/3.11.7/bin/python3.11,(3, 11))
PYTHON310 ?= $(call runs,/root/.pyenv/versions/3.10.13/bin/python3.10 python3.10,(3, 10))
VENV := .venv
RASA_VENV := .venv-rasa
PY := $(VENV)/bin/python
RASA := $(RASA_VENV)/bin/rasa
MODEL := models/veivalg.tar.gz
INDEX := var/knowledge/.built
# The embedding engine compiled for this CPU (knowledge/native/README.md).
ENGINE := $(VENV)/lib/e5fast/libe5.so
TRAINING_INPUTS := config.yml domain.yml $(shell find training_data -name '*.yml' 2>/dev/null) $(filter-out assistant/nlu/rasa_runtime.py,$(wildcard assistant/nlu/*.py))
CONTENT := $(shell find knowledge/content knowledge/data -type f 2>/dev/null) $(wildcard knowledge/*.py)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: help install system-packages run scale test test-python test-rasa validate model index web bench-eval clean

help:
	@echo "make run   - install what is missing, train/index when inputs changed, start Veivalg"
	@echo "make test  - install what is missing, then pytest, rasa data validate and rasa test"
	@echo "make scale - like run, but two gateways, two Rasa and two action servers behind haproxy on :8000"

install: $(VENV)/.installed $(RASA_VENV)/.installed system-packages $(ENGINE)

system-packages:
	@scripts/ensure-debian-package.sh redis-server redis-server
	@scripts/ensure-debian-package.sh chromium chromium
	@scripts/ensure-debian-package.sh node nodejs
	@scripts/ensure-debian-package.sh npm npm
	@scripts/ensure-debian-package.sh gcc gcc
	@# the PDF transcript's font (Latin, Cyrillic, Arabic); the script checks commands, so test the file first
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf || scripts/ensure-debian-package.sh dejavu-sans-font fonts-dejavu-core

$(VENV)/.installed: requirements/app.lock
	@test -n "$(PYTHON311)" || { echo "!! Python 3.11 is needed for $(VENV): none found as python3.11 or python3 on PATH. Install it or set PYTHON311=/path/to/python3.11"; exit 1; }
	$(PYTHON311) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q torch==2.13.0
	$(VENV)/bin/pip install -q -r requirements/app.lock
	touch $@

$(RASA_VENV)/.installed: requirements/rasa.lock
	@test -n "$(PYTHON310)" || { echo "!! Rasa 3.6 needs Python 3.10: none found as python3.10 on PATH nor at /root/.pyenv/versions/3.10.13/bin/python3.10. Install it or set PYTHON310=/path/to/python3.10"; exit 1; }
	$(PYTHON310) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install -q --upgrade pip
	$(RASA_VENV)/bin/pip install -q -r requirements/rasa.lock
	touch $@

$(ENGINE): knowledge/native/e5.c knowledge/native/e5.h | $(VENV)/.installed system-packages
	@mkdir -p $(dir $@)
	gcc -O3 -march=native -ffast-math -funroll-loops -fno-strict-overflow -fopenmp -shared -fPIC \
		-o $@.tmp knowledge/native/e5.c -lm && mv $@.tmp $@

# Train only when the training data, config or domain changed.
model: $(MODEL)
$(MODEL): $(TRAINING_INPUTS) | $(RASA_VENV)/.installed $(VENV)/.installed
	$(RASA) train --data training_data --config config.yml --domain domain.yml --out models --fixed-model-name veivalg
	touch $@

# Build the knowledge index only when the content changed (the build itself is incremental).
index: $(INDEX)
$(INDEX): $(CONTENT) | $(VENV)/.installed $(ENGINE)
	$(PY) -m knowledge build
	@mkdir -p $(dir $@) && touch $@

# The chat page and the widget: web/ bundled with esbuild into assistant/static/dist/ (build output,
# not in git). `npm ci` runs only when node_modules is missing or package-lock.json changed.
node_modules/.installed: package-lock.json package.json | system-packages
	npm ci --no-audit --no-fund
	touch $@

web: node_modules/.installed
	node scripts/build-web.mjs

run: install model index web
	scripts/run.sh

# Two of each (gateway 8001/8002 -> Rasa 5105/5205 -> actions 5155/5255) on one Redis, haproxy on 8000.
scale: install model index web
	@scripts/ensure-debian-package.sh haproxy haproxy
	VEIVALG_SCALE=1 scripts/run.sh

validate: install
	$(RASA) data validate --data training_data --config config.yml --domain domain.yml --fail-on-warnings

test-python: install index web
	$(PY) -m pytest

test-rasa: install model
	$(RASA) data validate --data training_data --config config.yml --domain domain.yml
	$(RASA) test core --stories tests/conversations --model $(MODEL) --endpoints tests/conversations/endpoints.yml --out results/core --fail-on-prediction-errors
	@echo "rasa test: conversation stories passed"

test: install model index test-python test-rasa

bench-eval:
	$(PY) -m bench.eval_cases

clean:
	rm -rf models var results
