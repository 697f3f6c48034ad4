"""OCR-confusable characters: one test per pair of transform/agency/confusables.tsv, and the table
of OCR-damaged real agency names (tests/agency/ocr_names.tsv): ≥ 90 % placed right, each with a
warning naming both names; none placed wrong without one."""

from __future__ import annotations

from pathlib import Path

import pytest
from agency_data import read_tsv

from transform.agency import AgencyResolution, resolve
from transform.agency.names import CONFUSABLES_TSV, OCR_CONFUSABLE, confusable

PAIRS = read_tsv(CONFUSABLES_TSV)
OCR_NAMES = read_tsv(Path(__file__).resolve().parent / "ocr_names.tsv")
FIELDS = ("province", "city", "county", "township", "agency_kind", "division_code")


def _corrections(res: AgencyResolution) -> list[str]:
    return [m for sev, code, m in res.issues if sev == "warning" and code == "agency_name_corrected"]


def test_every_pair_is_loaded_once_with_an_example() -> None:
    assert len(PAIRS) == len(OCR_CONFUSABLE) >= 50
    for row in PAIRS:
        assert confusable(row["division"], row["damaged"]), row


@pytest.mark.parametrize("row", PAIRS, ids=lambda r: r["a"] + r["b"])
def test_pair_corrects_its_damaged_division(row: dict[str, str]) -> None:
    """The damaged form is no division; it resolves to the real one, with a warning naming both."""
    year = int(row["year"])
    right = resolve(row["division"], year, "")
    assert right.division_code and not right.flagged, right.issues
    got = resolve(row["damaged"], year, "")
    assert (got.division_code, got.agency_id) == (right.division_code, right.agency_id)
    messages = _corrections(got)
    assert messages and row["damaged"] in messages[0] and row["division"] in messages[0]


def _verdict(row: dict[str, str]) -> str:
    res = resolve(row["agency"], int(row["year"]), row["body"])
    fields = res.to_fields()
    placed_right = all(str(fields[k] or "") == row[k] for k in FIELDS)
    if placed_right and _corrections(res) and res.name.endswith(row["undamaged"][-4:]):
        return "right"
    return "wrong_warned" if res.flagged else "wrong_silent"


def test_ocr_damaged_names_are_placed_with_a_warning() -> None:
    assert len(OCR_NAMES) >= 20
    verdicts = [_verdict(r) for r in OCR_NAMES]
    assert verdicts.count("right") / len(verdicts) >= 0.9, verdicts
    assert verdicts.count("wrong_silent") == 0


def test_a_damaged_name_keeps_the_undamaged_agency_id() -> None:
    for row in OCR_NAMES:
        year = int(row["year"])
        assert resolve(row["agency"], year, row["body"]).agency_id == resolve(row["undamaged"], year, row["body"]).agency_id
