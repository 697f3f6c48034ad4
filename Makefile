# The two commands of the README: `make run` and `make test`. Both set up a pinned .venv first.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export PREFECT_HOME := $(CURDIR)/data/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: setup debs run test lint bench docs clean

setup: $(STAMP) debs

# Debian packages the project's readers and tests use, installed as root where apt-get exists:
# a CJK font (generated PDFs and scans render their Chinese text), LibreOffice Writer (legacy
# .doc/.wps reports are converted to .docx), Chromium (the site test opens the pages in a real
# browser) and poppler-utils (`pdftotext -layout`: the tests read real layout dumps of PDFs).
# Without root the run goes on and says what is missing.
FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
DEBS := fonts-wqy-microhei libreoffice-writer-nogui chromium poppler-utils
debs:
	@if test -f $(FONT) && command -v soffice >/dev/null && command -v chromium >/dev/null && command -v pdftotext >/dev/null; then exit 0; fi; \
	if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEBS) >/dev/null) \
	  || echo "warning: could not install $(DEBS)"; \
	else echo "warning: install the Debian packages $(DEBS) (CJK font for PDFs/scans, LibreOffice for .doc/.wps, Chromium for the site test, pdftotext for layout-dump tests)"; fi

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
	# --compile-bytecode: uv writes no .pyc by default, so every `ogi` command recompiled its imports
	# (pandas, Prefect, duckdb …: ~1 s of CPU for `ogi search`, more for `ogi run`)
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --config-settings editable_mode=compat -e .
	touch $(STAMP)

# The main job on the bundled samples (data/samples, made by bench.generator) and whatever is in
# data/inbox; ends with the run summary and a look at the peer comparison mart.
run: setup
	@mkdir -p data/inbox
	$(BIN)/ogi run --inbox data/samples --inbox data/inbox
	COLUMNS=150 $(BIN)/ogi query "select agency_name, year, peer_key as agency_kind, round(value, 3) as disclosure_rate, rank_in_peers, peers_ranked, round(peer_median, 3) as peer_median, not_ranked_reason from mart_comparison where measure = 'disclosure_rate' and peer_group = 'kind' order by year, peer_key, rank_in_peers limit 12"
	@test -f data/site/index.html && echo "site: open file://$(CURDIR)/data/site/index.html (or publish data/site/)" || true

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
