# backprop-kernel: `make test` passes the tests on a fresh machine (it installs what it needs);
# `make lab` sets up JupyterLab with the kernel and starts it on notebooks/.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# chromium and fonts are for the real-browser test of the notebook output (Tests/python/test_browser.py);
# libjs-katex with node (Debian's nodejs when no node is on PATH) checks that every text/latex part renders in KaTeX (test_offline_export.py).
APT_PACKAGES := libzmq3-dev libopenblas-dev pkg-config chromium fonts-dejavu-core fonts-liberation libjs-katex
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEBUG_BIN := .build/debug/backprop-kernel
RELEASE_BIN := .build/release/backprop-kernel

.PHONY: test swift-test python-test build release system venv fixtures install console lab notebooks screenshot bench fuzz soak clean

## test: build, run the Swift tests and the Python (Jupyter) tests
test: system venv build swift-test python-test

swift-test:
	swift test

# The soak test runs SOAK_EXECUTES mixed executes (2 000 here; `make soak` runs the full 10 000).
SOAK_EXECUTES ?= 2000
FUZZ_SECONDS ?= 60

python-test: build venv
	SOAK_EXECUTES=$(SOAK_EXECUTES) $(PY) -m pytest -q Tests/python

build: system
	swift build

release: system
	swift build -c release

## system: install missing Debian packages (libzmq, OpenBLAS)
system:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v node >/dev/null 2>&1 || missing="$$missing nodejs"; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

## venv: the Python tools in .venv
venv: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.txt
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

## fixtures: regenerate the independent numpy reference under Tests/BackpropTests/Fixtures
fixtures: venv
	$(PY) Tests/fixtures/gen_fixtures.py

## install: the kernelspec for the current user (release build)
install: release
	$(RELEASE_BIN) install --user

## console: jupyter console on this kernel
console: release venv
	$(RELEASE_BIN) install --prefix $(abspath $(VENV)) --force
	$(VENV)/bin/jupyter console --kernel backprop

## lab: JupyterLab (in .venv) with this kernel, on notebooks/
lab: system release venv
	$(RELEASE_BIN) install --prefix $(abspath $(VENV)) --force
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1 --no-browser $(if $(filter 0,$(shell id -u)),--allow-root)

## notebooks: re-execute notebooks/ and save their outputs (after a change to the output)
notebooks: build venv
	BACKPROP_KERNEL_BIN=$(abspath $(DEBUG_BIN)) $(PY) Tests/python/regenerate_notebooks.py

## screenshot: docs/screenshot-lab.png from a real JupyterLab in headless chromium
screenshot: build venv
	BACKPROP_KERNEL_BIN=$(abspath $(DEBUG_BIN)) $(PY) Tests/python/take_screenshot.py

## bench: engine and kernel benchmarks against numpy, PyTorch, JAX, ipykernel and xeus-python
## (ratios in one run; see BENCHMARKS.md). BENCH_SECONDS per measurement.
BENCH_VENV := .venv-bench
BENCH_SECONDS ?= 1
CLASS_KERNELS ?= 100
bench: release
	@test -x $(BENCH_VENV)/bin/python || python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q --disable-pip-version-check -r requirements-bench.txt
	$(RELEASE_BIN) install --prefix $(abspath $(BENCH_VENV)) --force
	.build/release/backprop-bench $(BENCH_SECONDS)
	.build/release/json-bench $(BENCH_SECONDS)
	$(BENCH_VENV)/bin/python bench/engine_peers.py $(BENCH_SECONDS)
	$(BENCH_VENV)/bin/python bench/optim_bench.py $(BENCH_SECONDS) .build/release/backprop-bench
	$(BENCH_VENV)/bin/python bench/layers_bench.py $(BENCH_SECONDS) .build/release/layers-bench
	JUPYTER_PATH=$(abspath $(BENCH_VENV))/share/jupyter $(BENCH_VENV)/bin/python bench/kernel_bench.py
	JUPYTER_PATH=$(abspath $(BENCH_VENV))/share/jupyter $(BENCH_VENV)/bin/python bench/startup_bench.py
	BACKPROP_KERNEL_BIN=$(abspath $(RELEASE_BIN)) CLASS_KERNELS=$(CLASS_KERNELS) $(BENCH_VENV)/bin/python bench/class_bench.py

## fuzz: libFuzzer on the wire decoder and the language, FUZZ_SECONDS per target
## (the first sanitizer build takes about 10 minutes on 2 cores)
fuzz: system
	Fuzz/run.sh $(FUZZ_SECONDS)

## soak: the full 10 000-execute soak against the kernel
soak: build venv
	SOAK_EXECUTES=10000 $(PY) -m pytest -q -s Tests/python/test_soak.py

clean:
	rm -rf .build
