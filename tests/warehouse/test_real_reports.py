"""The warehouse on real extractor output: seeds and corpus through `ogi load` (dbt build included)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from flows.query_params import placeholders, render
from tests.warehouse import reports as R
from tests.warehouse.conftest import SHARED
from tests.warehouse.test_analyses import ANALYSES

pytestmark = pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="shared seeds/corpus not present")


def labelled(name: str) -> dict:
    """A Report dict from the hand-made labels of a corpus file (the truth, independent of the
    extractor's progress), under a distinct agency name."""
    cells = []
    for line in (SHARED / "corpus" / "labels" / f"{name}.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        section, row, column, value, _need = line.split("\t")
        if value != "":
            cells.append({"section": section, "row": row, "column": column, "value": float(value), "raw": value,
                          "table": section, "line": None})
    return {"source": {"path": f"labels/{name}.tsv", "sha256": R.sha(name), "format": "tsv", "bytes": 0},
            "agency": f"{name} (labels)", "year": 2019, "template": "2019", "cells": cells, "issues": [],
            "identities": [], "extractor_version": "labels"}


@pytest.fixture(scope="module")
def real_db(tmp_path_factory) -> Path:
    pipeline = pytest.importorskip("extract.pipeline")
    from flows.cli import main

    files = sorted((SHARED / "seeds").glob("*.txt")) + sorted(
        p for p in (SHARED / "corpus").iterdir() if p.is_file() and p.suffix not in (".tsv",)
    )
    tmp = tmp_path_factory.mktemp("real")
    jsonl = tmp / "reports.jsonl"
    objects = [pipeline.extract_path(f).to_dict() for f in files] + [labelled("shanghai_office_2019")]
    jsonl.write_text("\n".join(json.dumps(o, ensure_ascii=False) for o in objects))
    db = tmp / "ogi.duckdb"
    assert main(["load", str(jsonl), "--db", str(db)]) == 0  # load + dbt build with all tests
    assert main(["load", str(jsonl), "--db", str(db), "--no-models"]) == 0  # again: nothing new
    return db


def test_every_placed_report_is_one_agency_year(real_db):
    con = duckdb.connect(str(real_db), read_only=True)
    docs, reports = con.execute("SELECT (SELECT count(*) FROM raw.documents), count(*) FROM raw.reports").fetchone()
    placed = con.execute("SELECT count(*) FROM raw.reports WHERE agency IS NOT NULL AND year IS NOT NULL").fetchone()[0]
    assert docs == reports == 11
    assert con.execute("SELECT count(*) FROM mart_agency_year").fetchone()[0] == placed
    con.close()


def test_shanghai_office_2019_from_its_published_table(real_db):
    # labels: 859 + 18 = 805 + 72; disclosed 272 + partially 3 (corpus/labels/shanghai_office_2019.tsv)
    con = duckdb.connect(str(real_db), read_only=True)
    got = con.execute("""
        SELECT applications_received, applications_carried_over, applications_handled,
               applications_carried_forward, disclosure_rate, backlog_rate
        FROM mart_agency_year WHERE agency_name = 'shanghai_office_2019 (labels)' AND year = 2019""").fetchone()
    assert got == (859, 18, 805, 72, pytest.approx(275 / 805), pytest.approx(72 / 877))
    con.close()


def test_analyses_run_on_real_data(real_db):
    con = duckdb.connect(str(real_db), read_only=True)
    values = {"county": "修武县", "year": "2020"}  # for analyses with {{ var(...) }} placeholders
    for path in sorted(ANALYSES.glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        con.execute(render(sql, {name: values[name] for name in placeholders(sql)})).fetchall()
    con.close()
