"""The raw layer: idempotent, transactional loads; a changed file becomes current, history stays."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from tests.warehouse import reports as R
from tests.warehouse.conftest import DAY1, DAY2, DAY3, results
from transform import warehouse


def test_first_load_counts(built):
    s = built.first
    assert (s.documents_new, s.documents_unchanged, s.documents_failed, s.reports) == (8, 0, 0, 8)
    # A2019 5 + A2020-v1 5 + B (16 section-three cells + 15 section-four) + C 5 + D 5 + E 6
    assert s.cells == 5 + 5 + 31 + 5 + 5 + 6 == 57
    assert s.issues_by_severity == {"warning": 1}


def test_loading_twice_adds_nothing(built):
    s = built.again
    assert (s.documents_new, s.documents_unchanged, s.reports, s.cells) == (0, 8, 0, 0)
    assert built.counts_before_again == built.counts_after_again
    assert built.reports_before_again == built.reports_after_again


def test_seen_again_moves_only_last_seen(con):
    first, last = con.execute(
        "SELECT first_seen, last_seen FROM raw.documents WHERE sha256 = ?", [R.sha("c2020")]
    ).fetchone()
    assert (first, last) == (DAY1, DAY2)


def test_changed_file_becomes_current_and_old_stays(built, con):
    assert (built.corrected.documents_new, built.corrected.reports) == (1, 1)
    rows = con.execute(
        "SELECT report_id, is_current, version_rank FROM stg_reports "
        "WHERE agency_key = '甲县人民政府' AND year = 2020 ORDER BY version_rank"
    ).fetchall()
    assert rows == [(R.sha("a2020-v2"), True, 1), (R.sha("a2020-v1"), False, 2)]
    assert con.execute("SELECT first_seen FROM stg_documents WHERE document_sha256 = ?",
                       [R.sha("a2020-v2")]).fetchone()[0] == DAY3
    # the old version's cells are still there
    assert con.execute("SELECT count(*) FROM raw.cells WHERE report_id = ?", [R.sha("a2020-v1")]).fetchone()[0] == 5


def test_tie_on_first_seen_is_broken_by_published_on(con):
    rows = con.execute(
        "SELECT report_id, is_current FROM stg_reports WHERE agency_key = '己局' ORDER BY version_rank"
    ).fetchall()
    assert rows == [(R.sha("f2020-late"), True), (R.sha("f2020-early"), False)]


def test_failed_load_rolls_back(tmp_path):
    con = warehouse.connect(tmp_path / "w.duckdb")
    good = results([R.report("ok1", "某县", 2020, R.C_2020_CELLS)])
    broken = {"document": {"sha256": R.sha("bad")}, "report": {"cells": [{"section": "applications"}]}}
    with pytest.raises(KeyError):
        warehouse.load(con, [*good, broken], seen_at=DAY1)
    assert warehouse.known_documents(con) == {}
    assert con.execute("SELECT count(*) FROM raw.cells").fetchone()[0] == 0
    con.close()


def test_failed_document_is_recorded_then_upgraded(tmp_path):
    con = warehouse.connect(tmp_path / "w.duckdb")
    doc = {"sha256": R.sha("flaky"), "path": "/r/flaky.pdf", "format": "pdf", "bytes": 9, "status": "failed",
           "error": "reader crashed"}
    stats = warehouse.load(con, [{"document": doc, "report": None}], seen_at=DAY1)
    assert (stats.documents_new, stats.documents_failed, stats.reports) == (1, 1, 0)
    assert warehouse.known_documents(con) == {R.sha("flaky"): "failed"}
    fixed = R.report("flaky", "某县", 2020, R.C_2020_CELLS)
    stats = warehouse.load(con, [{"document": {**doc, "status": "ok", "error": None}, "report": fixed}],
                           seen_at=DAY2)
    assert (stats.documents_new, stats.reports, stats.cells) == (0, 1, 5)
    assert warehouse.known_documents(con) == {R.sha("flaky"): "ok"}
    # first met on DAY1: a later reading must not make an old version newer than its successor
    assert con.execute("SELECT first_seen, last_seen FROM raw.documents").fetchone() == (DAY1, DAY2)
    con.close()


def test_a_new_extractor_version_replaces_the_reading_and_keeps_first_seen(tmp_path):
    con = warehouse.connect(tmp_path / "w.duckdb")
    doc = {"sha256": R.sha("v"), "path": "/r/v.txt", "format": "txt", "bytes": 9, "status": "ok", "error": None}
    old = R.report("v", "某县", 2020, R.C_2020_CELLS[:2])
    warehouse.load(con, [{"document": {**doc, "extractor_version": "0.1.0"}, "report": old}], seen_at=DAY1)
    assert warehouse.stale_documents(con, "0.3.0") == {R.sha("v")}
    assert warehouse.stale_documents(con, "0.1.0") == set()

    same = warehouse.load(con, [{"document": {**doc, "extractor_version": "0.1.0"}, "report": old}], seen_at=DAY2)
    assert (same.documents_unchanged, same.documents_reextracted, same.cells) == (1, 0, 0)

    failed = {**doc, "status": "failed", "error": "reader_crashed: x", "extractor_version": "0.3.0"}
    kept = warehouse.load(con, [{"document": failed, "report": None}], seen_at=DAY2)
    assert (kept.documents_unchanged, kept.documents_reextracted) == (1, 0)  # a failed re-read loses nothing
    assert warehouse.stale_documents(con, "0.3.0") == {R.sha("v")}  # and is tried again next run

    new = R.report("v", "某县", 2020, R.C_2020_CELLS)
    stats = warehouse.load(con, [{"document": {**doc, "extractor_version": "0.3.0"}, "report": new}], seen_at=DAY3)
    assert (stats.documents_new, stats.documents_reextracted, stats.cells) == (0, 1, len(R.C_2020_CELLS))
    assert con.execute("SELECT count(*) FROM raw.cells").fetchone()[0] == len(R.C_2020_CELLS)
    assert con.execute("SELECT count(*) FROM raw.reports").fetchone()[0] == 1
    assert con.execute("SELECT first_seen, last_seen, extractor_version FROM raw.documents").fetchone() == (
        DAY1, DAY3, "0.3.0")
    assert warehouse.stale_documents(con, "0.3.0") == set()
    con.close()


def test_touch_documents_never_moves_last_seen_back(tmp_path):
    con = warehouse.connect(tmp_path / "w.duckdb")
    warehouse.load(con, results([R.report("t", "某县", 2020, [])]), seen_at=DAY2)
    warehouse.touch_documents(con, [R.sha("t")], DAY1)
    warehouse.touch_documents(con, [R.sha("t")], DAY3)
    assert con.execute("SELECT last_seen FROM raw.documents").fetchone()[0] == DAY3
    con.close()


def test_values_are_exact_decimals_with_provenance(con):
    value, bbox = con.execute(
        "SELECT value, bbox_x0 FROM raw.cells WHERE report_id = ? AND row_code = 'centralized_procurement'",
        [R.sha("a2020-v2")],
    ).fetchone()
    assert value == Decimal("6.8178") and bbox is None
    assert datetime(2021, 1, 25).date() == con.execute(
        "SELECT published_on FROM raw.reports WHERE report_id = ?", [R.sha("a2020-v2")]).fetchone()[0]
