# 党建成效统计看板 — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
PORT   ?= 8501
# this machine only by default; ADDRESS=0.0.0.0 behind a TLS reverse proxy (docs/SECURITY.md)
ADDRESS ?= 127.0.0.1

.PHONY: users run test test-fast test-lake install install-dev install-lake system system-test warehouse verify lint bench clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# The project itself is installed editable (core, etl, dashboard importable from anywhere: no sys.path patching).
$(VENV)/.stamp-runtime: requirements.txt pyproject.toml | $(VENV)/bin/activate
	$(PIP) install -q -r requirements.txt
	$(PIP) install -q --no-deps -e .
	touch $@

$(VENV)/.stamp-dev: requirements-dev.txt requirements.txt pyproject.toml | $(VENV)/bin/activate
	$(PIP) install -q -r requirements-dev.txt
	$(PIP) install -q --no-deps -e .
	touch $@ $(VENV)/.stamp-runtime

install: $(VENV)/.stamp-runtime
install-dev: $(VENV)/.stamp-dev

# The DuckLake environment (docs/DEPLOY.md): DuckDB 1.5.5 and its ducklake/postgres extension wheels in .venv-lake;
# every other package is the main venv's, through a .pth file, so it installs in seconds.
LAKE_VENV := .venv-lake
$(LAKE_VENV)/.stamp: requirements-lake.txt $(VENV)/.stamp-dev
	$(PY) -m venv $(LAKE_VENV)
	$(LAKE_VENV)/bin/pip install -q --no-deps -r requirements-lake.txt
	$(PY) -c "import sysconfig; print(sysconfig.get_paths()['purelib'])" > "$$($(LAKE_VENV)/bin/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")/djcx-main-venv.pth"
	touch $@
install-lake: $(LAKE_VENV)/.stamp

system:
	bash scripts/setup_system.sh

system-test:
	bash scripts/setup_system.sh --test

warehouse: install
	$(PY) -m etl build

verify: warehouse
	$(PY) -m etl verify --sources ../shared/seeds ../shared/reports ../shared/corpus

run: system install warehouse
	$(PY) scripts/warm_up.py $(PORT) &
	FORWARDED_ALLOW_IPS= $(VENV)/bin/streamlit run dashboard/app.py --server.port $(PORT) --server.address $(ADDRESS) \
		--server.maxUploadSize $${DJCX_MAX_FILE_MB:-20} --server.headless true --browser.gatherUsageStats false

test: system-test install-dev install-lake
	$(VENV)/bin/ruff check .
	$(PY) -m etl build
	$(PY) -m pytest -q -n $${DJCX_TEST_WORKERS:-auto} --dist loadfile
	$(LAKE_VENV)/bin/python -m pytest -q tests/lake

# The DuckLake tests alone (a throwaway PostgreSQL; DuckDB 1.5.5 with its extensions).
test-lake: system-test install-lake
	$(LAKE_VENV)/bin/python -m pytest -q tests/lake

# Everything but the real-browser tests (tests/browser): for a quick loop while working.
test-fast: system-test install-dev
	$(VENV)/bin/ruff check .
	$(PY) -m etl build
	$(PY) -m pytest -q -n $${DJCX_TEST_WORKERS:-auto} --dist loadfile --ignore=tests/browser

lint: install-dev
	$(VENV)/bin/ruff check .

bench: install-dev
	$(PY) -m benchmarks.run

# the local accounts: make users ARGS="add zhang --role analyst" (docs/SECURITY.md)
users: install
	$(PY) -m etl users $(ARGS)

clean:
	rm -rf $(VENV) $(LAKE_VENV) data/warehouse.duckdb data/warehouse.manifest.json test-artifacts
