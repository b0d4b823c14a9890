# How neural networks learn: the two commands a learner needs are `make lab`
# and `make test`.  Everything runs inside .venv, built from requirements.lock.

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
LOCK    := requirements.lock
STAMP   := $(VENV)/.installed
# make lab LAB_PORT=9000 LAB_BROWSER=no   (JUPYTER_TOKEN=... picks the token)
# LAB_ROOT serves another folder holding a notebooks/ copy (the browser tests use a temporary one).
LAB_PORT    ?= 8888
LAB_BROWSER ?= yes
LAB_ROOT    ?= $(CURDIR)
ROOT_FLAG   := $(if $(filter 0,$(shell id -u)),--allow-root,)

# Deterministic execution and quiet progress bars for make notebooks and nbval.
export PYTHONHASHSEED := 0
export TQDM_DISABLE   := 1
# One BLAS/OpenMP thread: on a small shared machine, threads fighting over two cores made
# training several times slower, and one thread gives the same bits on every run.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS      := 1
export MKL_NUM_THREADS      := 1
DETERMINISTIC := CUDA_VISIBLE_DEVICES=

NOTEBOOKS ?= $(sort $(wildcard notebooks/*.ipynb))

.PHONY: help venv lab test unit notebooks benchmark lock clean browser-deps gpu-check

help:
	@echo "make lab        start JupyterLab (127.0.0.1, token) at the start-here notebook"
	@echo "make test       unit tests, notebook hygiene, nbval (strict) over every notebook, browser tests"
	@echo "make unit       unit tests and notebook hygiene only (no nbval, no browser)"
	@echo "make notebooks  re-execute and store every notebook (NOTEBOOKS=... for some)"
	@echo "make benchmark  speed comparisons in benchmarks/"
	@echo "make gpu-check  on a machine with a CUDA GPU: GPU tests, and every notebook run with the GPU visible"
	@echo "make lock       re-pin requirements.lock from pyproject.toml"

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11, 5), "Python 3.11.5 or newer is needed (requirements.lock pins versions that need it), found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the lock or the package metadata changed.
$(STAMP): $(LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp binder/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $@

venv: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) \
	    $(if $(filter no,$(LAB_BROWSER)),--no-browser,) $(ROOT_FLAG) \
	    --ServerApp.root_dir="$(LAB_ROOT)" "$(LAB_ROOT)/notebooks/00_start_here.ipynb"

# The matplotlib import builds the font cache before nbval compares stderr.
test: $(STAMP) browser-deps
	$(DETERMINISTIC) $(BIN)/python -c 'import matplotlib.pyplot'
	$(DETERMINISTIC) $(BIN)/python -m pytest

# The browser tests (tests/browser) drive Debian's chromium through the playwright package
# (from the lock): install it with apt-get when it is missing, never a browser download.
export COURSE_CHROMIUM ?= /usr/bin/chromium
browser-deps:
	@if [ -x "$(COURSE_CHROMIUM)" ]; then exit 0; fi; \
	echo "Installing Debian's chromium for the browser tests (apt-get)"; \
	if [ "$$(id -u)" = 0 ]; then AS=""; else AS="sudo -n"; fi; \
	if command -v apt-get >/dev/null 2>&1 \
	   && $$AS env DEBIAN_FRONTEND=noninteractive apt-get update -q \
	   && $$AS env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-color-emoji \
	   && [ -x "$(COURSE_CHROMIUM)" ]; then exit 0; fi; \
	echo "ERROR: Chromium ($(COURSE_CHROMIUM)) is missing and could not be installed; the browser" >&2; \
	echo "tests in tests/browser need it. As root: apt-get update && apt-get install -y chromium" >&2; \
	echo "(or COURSE_CHROMIUM=/path/to/chromium; 'make unit' runs the tests without a browser)." >&2; \
	exit 1

unit: $(STAMP)
	$(BIN)/python -m pytest tests -m 'not browser'

# CI has no GPU and `make test` hides CUDA; this shows it (needs a CUDA build of torch).
GPU_OUT ?= artifacts/gpu-run
gpu-check: $(STAMP)
	CUDA_VISIBLE_DEVICES=$${CUDA_VISIBLE_DEVICES:-0} $(BIN)/python -m pytest tests/test_gpu.py -o addopts= -rs
	$(BIN)/python tests/gpu/run_notebooks.py --out $(GPU_OUT)

notebooks: $(STAMP)
	$(DETERMINISTIC) $(BIN)/python -c 'import matplotlib.pyplot'
	$(DETERMINISTIC) $(BIN)/python tests/execute_notebooks.py --timeout 300 $(NOTEBOOKS)

benchmark: $(STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python "$$b" || exit 1; done

# Re-pin: resolve pyproject's dependencies (torch pinned to the CPU build) in a scratch venv.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet torch==2.13.0 -e '.[test]'
	{ sed -n '1,2p' $(LOCK); .lock-venv/bin/python -m pip freeze --exclude-editable \
	    | grep -v '^course' | sed 's/^torch==2.13.0+cpu$$/torch==2.13.0/'; } > $(LOCK).new
	mv $(LOCK).new $(LOCK)
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .pytest_cache artifacts
