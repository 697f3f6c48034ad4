"""Fixtures of the flow tests: an isolated Prefect home, generated inboxes, a local HTTP server.

Prefect reads its settings once, at import, so the Prefect home of the whole test session is set
here, before any test imports ``flows.ingest``: a temporary folder, so test runs never touch the
project's data/.prefect nor share an ephemeral-server database with a run in progress.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import duckdb
import pytest

_PREFECT_HOME = tempfile.mkdtemp(prefix="ogi-test-prefect-")
os.environ.setdefault("PREFECT_HOME", _PREFECT_HOME)

ROOT = Path(__file__).resolve().parents[2]
OGI = [sys.executable, "-m", "flows.cli"]


def pytest_sessionfinish(session, exitstatus):  # noqa: ARG001 - pytest hook signature
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)


def write_inbox(inbox: Path, n: int, seed: int = 7, layouts: tuple[str, ...] = ("tab", "cells", "md")) -> list[Path]:
    """``n`` generated report files (no truth files) in ``inbox``; distinct contents."""
    from bench.generator.model import SUFFIX
    from bench.generator.write import generate, plans, render

    inbox.mkdir(parents=True, exist_ok=True)
    out = []
    for plan in plans(n, layouts, seed, defect_rate=0.0):
        rep = generate(plan)
        path = inbox / f"{rep.id}{SUFFIX[rep.layout]}"
        path.write_bytes(render(rep))
        out.append(path)
    return out


def raw_counts(db: Path) -> dict[str, int]:
    """Row counts of the raw tables, and whether any document or report is stored twice."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        counts = {t: con.execute(f"SELECT count(*) FROM raw.{t}").fetchone()[0] for t in ("documents", "reports", "cells", "issues")}
        counts["distinct_documents"] = con.execute("SELECT count(DISTINCT sha256) FROM raw.documents").fetchone()[0]
        counts["distinct_reports"] = con.execute("SELECT count(DISTINCT report_id) FROM raw.reports").fetchone()[0]
        counts["distinct_cells"] = con.execute(
            'SELECT count(*) FROM (SELECT DISTINCT report_id, section, row_code, column_code FROM raw.cells)'
        ).fetchone()[0]
        counts["failed"] = con.execute("SELECT count(*) FROM raw.documents WHERE status = 'failed'").fetchone()[0]
    finally:
        con.close()
    return counts


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A working folder laid out like the project's data/ (runs use relative default paths)."""
    (tmp_path / "data" / "inbox").mkdir(parents=True)
    return tmp_path
