"""The warehouse on real extractor output: seeds and corpus through `ogi load` (dbt build included)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from flows.query_params import placeholders, render
from tests.warehouse import reports as R
from tests.warehouse.conftest import SHARED
from tests.warehouse.test_analyses import ANALYSES
from transform.export import export

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
def real_jsonl(real_db) -> list[dict]:
    """What `ogi extract --json` printed for every seed and corpus report (read back from JSON)."""
    text = (real_db.parent / "reports.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


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
    placed = con.execute("SELECT count(*) FROM raw.reports WHERE agency_name IS NOT NULL AND year IS NOT NULL").fetchone()[0]
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
        con.execute(render(sql, {name: values[name] for name in placeholders(sql) if name in values})).fetchall()
    con.close()


def _decimal(value: float | int) -> Decimal:
    """The decimal a JSON number stands for (its shortest text, as `ogi extract --json` printed it)."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def test_every_stored_value_is_what_the_extractor_emitted(real_db, real_jsonl):
    con = duckdb.connect(str(real_db), read_only=True)
    stored = {(r, s, row, col): rest for r, s, row, col, *rest in con.execute(
        "SELECT report_id, section, row_code, column_code, value, raw_text, line, page FROM raw.cells").fetchall()}
    con.close()
    expected = {}
    for report in real_jsonl:
        for c in report["cells"]:
            expected[(report["source"]["sha256"], c["section"], c["row"], c["column"])] = [
                _decimal(c["value"]), c["raw"], c.get("line"), c.get("page")]
    assert len(expected) > 1500 and stored == expected


def test_parquet_round_trips_the_same_values(real_db, real_jsonl, tmp_path):
    export(real_db, tmp_path, "parquet")
    cells = pd.read_parquet(tmp_path / "parquet" / "cells")
    got = {(r.report_id, r.section, r.row_code, r.column_code): (r.value, r.value_exact) for r in cells.itertuples()}
    want = {(rep["source"]["sha256"], c["section"], c["row"], c["column"]): (float(c["value"]), _decimal(c["value"]))
            for rep in real_jsonl for c in rep["cells"]}
    assert got == want


def test_failed_identities_of_the_corpus_from_the_export_alone(real_db, real_jsonl, tmp_path):
    """pingtan_2020 prints 20 and 21 handled applications whose outcome rows add up to 26 and 27."""
    export(real_db, tmp_path, "parquet")
    failures = duckdb.sql(f"""
        SELECT f.source_path, f.identity_name, f.scope_kind, f.scope, f.printed_value, f.computed_value,
               list(struct_pack(row_code := c.row_code, column_code := c.column_code, raw_text := c.raw_text,
                                line := c.line, page := c.page) ORDER BY c.side DESC, c.term_seq) AS cells
        FROM read_parquet('{tmp_path}/parquet/mart_identity_failures/*/*.parquet') AS f, unnest(f.cells) AS u(c)
        GROUP BY ALL ORDER BY ALL""").fetchall()
    expected = sorted((rep["source"]["path"], i["name"], i["scope"]) for rep in real_jsonl
                      for i in rep["identities"] if i["status"] == "failed")
    assert sorted((f[0], f[1], f[3]) for f in failures) == expected
    pingtan = [f for f in failures if f[0].endswith("pingtan_2020.txt")]
    assert [(f[1], f[2], f[3], f[4], f[5]) for f in pingtan] == [
        ("outcome_sum", "column", "natural_person", 20.0, 26.0), ("outcome_sum", "column", "total", 21.0, 27.0)]
    for *_, cells in failures:  # every participating cell is stored and can be found in its file
        assert all(c["raw_text"] is not None and (c["line"] is not None or c["page"] is not None) for c in cells)
    printed = pingtan[1][6][0]
    assert (printed["row_code"], printed["column_code"]) == ("outcome_total", "total")
    # the locator leads to the printed text (here a flattened run the 21 was split from)
    line = (SHARED / "corpus" / "pingtan_2020.txt").read_text(encoding="utf-8").splitlines()[printed["line"] - 1]
    assert printed["raw_text"].endswith("21") and printed["raw_text"] in line
