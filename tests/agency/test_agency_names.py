"""The table of real agency names (tests/agency/names.tsv): ≥ 95 % right, none wrong unwarned."""

from __future__ import annotations

import pytest
from agency_data import NAMES, read_tsv

from transform.agency import AgencyResolution, resolve

FIELDS = ("province", "city", "county", "township", "agency_kind", "division_code")
ROWS = read_tsv(NAMES)


def _got(res: AgencyResolution) -> dict[str, str]:
    fields = res.to_fields()
    return {k: str(fields[k] or "") for k in FIELDS}


def _verdict(row: dict[str, str], res: AgencyResolution) -> str:
    """right | wrong_warned | wrong_silent."""
    want = {k: row[k] for k in FIELDS}
    got = _got(res)
    if row["expect"] == "resolved":
        ok = got == want and not res.flagged
    elif row["expect"] == "corrected":
        ok = got == want and res.flagged
    else:  # ambiguous: flagged, several candidates, only shared parts filled
        ok = res.flagged and len(res.candidates) >= 2 and got == want
    if ok:
        return "right"
    return "wrong_warned" if res.flagged else "wrong_silent"


def test_table_is_big_enough() -> None:
    assert len(ROWS) >= 40
    kinds = {r["agency_kind"] for r in ROWS}
    assert {"central_ministry", "provincial_government", "provincial_office", "municipal_government",
            "county_government", "government_office", "department", "township_government",
            "subdistrict_office", "special_zone"} <= kinds
    assert sum(r["expect"] == "ambiguous" for r in ROWS) >= 4


def test_accuracy_and_no_silent_errors() -> None:
    verdicts = [_verdict(r, resolve(r["agency"], int(r["year"]), r["body"])) for r in ROWS]
    right = verdicts.count("right") / len(verdicts)
    assert right >= 0.95
    assert verdicts.count("wrong_silent") == 0


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['agency']}|{r['body'][:8]}")
def test_each_name(row: dict[str, str]) -> None:
    res = resolve(row["agency"], int(row["year"]), row["body"])
    assert _verdict(row, res) == "right", (_got(res), res.issues, [c.label() for c in res.candidates])
