"""Every column of every source, model and mart is described in the dbt YAML (sql/models/**.yml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

MODELS = Path(__file__).resolve().parents[2] / "sql" / "models"


def described() -> dict[tuple[str, str], set[str]]:
    """(schema, table) -> names of the columns with a non-empty description."""
    out: dict[tuple[str, str], set[str]] = {}
    for path in MODELS.rglob("*.yml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for model in doc.get("models") or ():
            out[("main", model["name"])] = {c["name"] for c in model.get("columns") or () if c.get("description")}
        for source in doc.get("sources") or ():
            for table in source.get("tables") or ():
                out[(source.get("schema", source["name"]), table["name"])] = {
                    c["name"] for c in table.get("columns") or () if c.get("description")}
    return out


def undescribed(con) -> list[str]:
    docs = described()
    rows = con.execute(
        "SELECT table_schema, table_name, column_name FROM information_schema.columns "
        "WHERE table_schema IN ('main', 'raw') ORDER BY ALL").fetchall()
    return [f"{schema}.{table}.{column}" for schema, table, column in rows
            if column not in docs.get((schema, table), set())]


def test_every_column_is_described(con):
    assert undescribed(con) == []


def test_every_model_and_source_table_is_documented(con):
    tables = {tuple(r) for r in con.execute(
        "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN ('main', 'raw')"
    ).fetchall()}
    assert tables <= set(described())


@pytest.mark.slow
def test_dbt_docs_generate_offline(built, tmp_path):
    """`make docs` runs `dbt docs generate` (no network needed) against the warehouse."""
    import json
    import os

    from dbt.cli.main import dbtRunner

    from transform.models import SQL_DIR, _env, _release_database

    target = tmp_path / "target"
    with _env({"OGI_DB": str(built.db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}):
        try:
            outcome = dbtRunner().invoke(["docs", "generate", "--project-dir", str(SQL_DIR), "--profiles-dir",
                                          str(SQL_DIR), "--target-path", str(target), "--quiet"])
        finally:
            _release_database()
    assert outcome.success and os.path.getsize(target / "index.html") > 100_000
    catalog = json.loads((target / "catalog.json").read_text(encoding="utf-8"))
    assert "model.ogi.mart_identity_failures" in catalog["nodes"]
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    column = manifest["nodes"]["model.ogi.mart_comparison"]["columns"]["not_ranked_reason"]
    assert "alone_in_peer_group" in column["description"]
