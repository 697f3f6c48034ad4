"""Acceptance: the seeds' and the labelled corpus's region and kind facts come out right."""

from __future__ import annotations

import pytest
from agency_data import CORPUS, SEEDS, corpus_file, document_text, read_tsv, require

from transform.agency import resolve

FACTS = ("province", "city", "county", "township", "agency_kind")


def _seed_rows() -> list[dict[str, str]]:
    path = SEEDS / "expected" / "reports.tsv"
    return read_tsv(path) if path.exists() else []


def _corpus_cases() -> list[tuple[dict[str, str], str]]:
    path = CORPUS / "labels" / "reports.tsv"
    if not path.exists():
        return []
    return [(row, name) for row in read_tsv(path) for name in row["agency"].split("|")]


@pytest.mark.parametrize("row", _seed_rows(), ids=lambda r: r["seed"])
def test_seed_region_and_kind(row: dict[str, str]) -> None:
    require(SEEDS)
    text = (SEEDS / f"{row['seed']}.txt").read_text(encoding="utf-8")
    res = resolve(row["agency"], int(row["year"]), text)
    assert {k: res.to_fields()[k] or "" for k in FACTS} == {k: row[k] for k in FACTS}
    assert not res.flagged, res.issues


@pytest.mark.parametrize("case", _corpus_cases(), ids=lambda c: f"{c[0]['id']}:{c[1]}")
def test_corpus_region_and_kind(case: tuple[dict[str, str], str]) -> None:
    row, name = case
    require(CORPUS)
    res = resolve(name, int(row["year"]), document_text(corpus_file(row["id"])))
    assert {k: res.to_fields()[k] or "" for k in FACTS} == {k: row[k] for k in FACTS}
    assert not res.flagged, res.issues


def test_corpus_name_variants_share_one_agency_id() -> None:
    """洪泽区人民政府 / 淮安市洪泽区人民政府, 上海市科委 / 上海市科学技术委员会, and 平潭综合实验区 in
    2020 and 2022 are one agency each."""
    require(CORPUS)
    ids: dict[str, set[str | None]] = {}
    for row, name in _corpus_cases():
        res = resolve(name, int(row["year"]), document_text(corpus_file(row["id"])))
        ids.setdefault(row["id"].rsplit("_", 1)[0], set()).add(res.agency_id)
    assert ids["hongze"] == {"320813:人民政府"}
    assert ids["sh_kewei"] == {"310000:科学技术委员会"}
    assert ids["pingtan"] == {"350128:平潭综合实验区"}
    assert ids["shanghai_office"] == {"310000:人民政府办公厅"}


def test_kunwu_sits_under_the_development_zone() -> None:
    """昆吾办: the 2025 list puts 昆吾街道 under 华龙区, but the report speaks for the
    濮阳开发区 and never names 华龙区 — county stays empty as labelled, with an info note."""
    require(SEEDS)
    text = (SEEDS / "001_8e13d084e3616286.txt").read_text(encoding="utf-8")
    res = resolve("昆吾办", 2020, text)
    assert res.name == "昆吾街道办事处"
    assert res.township_code == "410902009"
    assert res.division_code == "410900"
    assert ("info", "agency_zone_administered") in {(s, c) for s, c, _ in res.issues}
    assert "body names 濮阳开发区" in res.evidence
