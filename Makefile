# The two commands of the README: `make run` and `make test`. Both set up a pinned .venv first.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export PREFECT_HOME := $(CURDIR)/data/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: setup fonts run test lint bench docs clean

setup: $(STAMP) fonts

# A CJK font, so generated PDFs and scan images render their Chinese text (Debian package).
FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
fonts:
	@test -f $(FONT) || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null) ; } || \
	  echo "warning: no CJK font at $(FONT): install fonts-wqy-microhei for rendered PDFs and scans"

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --config-settings editable_mode=compat -e .
	touch $(STAMP)

# The main job on the bundled samples (data/samples, made by bench.generator) and whatever is in
# data/inbox; ends with the run summary and a look at the peer comparison mart.
run: setup
	@mkdir -p data/inbox
	$(BIN)/ogi run --inbox data/samples --inbox data/inbox
	COLUMNS=150 $(BIN)/ogi query "select agency_name, year, peer_key as agency_kind, round(value, 3) as disclosure_rate, rank_in_peers, peers_ranked, round(peer_median, 3) as peer_median from mart_comparison where measure = 'disclosure_rate' and peer_group = 'kind' order by year, peer_key, rank_in_peers limit 12"

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python -m bench

# dbt's docs of every source, model and column (descriptions from sql/models/*.yml), generated
# offline against the warehouse (an empty one is created if none exists) and served on :8080.
docs: setup
	mkdir -p data/warehouse
	OGI_DB=$(CURDIR)/data/warehouse/ogi.duckdb $(BIN)/dbt docs generate --project-dir sql --profiles-dir sql
	$(BIN)/dbt docs serve --project-dir sql --profiles-dir sql --port 8080 --no-browser

clean:
	rm -rf $(VENV) data/warehouse data/exports data/.prefect
