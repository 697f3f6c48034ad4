"""Hand-built Report dicts (the shape of ``Report.to_dict()``) whose mart values are worked out by
hand in test_marts.py. Numbers are chosen so that every section-three identity holds unless a
test says otherwise."""

from __future__ import annotations

import hashlib
from typing import Any

APPLICANTS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def cell(section: str, row: str, column: str, value: float, line: int | None = None) -> dict[str, Any]:
    table = "applications" if section == "applications" else section
    return {"section": section, "row": row, "column": column, "value": value, "raw": str(value),
            "table": table, "line": line}


def applications(rows: dict[str, dict[str, float] | float]) -> list[dict[str, Any]]:
    """rows: row code -> {column: value} or a bare number (the 总计 column only)."""
    out = []
    for row, cols in rows.items():
        cols = {"total": cols} if not isinstance(cols, dict) else cols
        for column, value in cols.items():
            out.append(cell("applications", row, column, value))
    return out


def review(rows: dict[str, tuple[int, int, int, int, int]]) -> list[dict[str, Any]]:
    """rows: row code -> (upheld, corrected, other, pending, total)."""
    out = []
    for row, values in rows.items():
        for column, value in zip(("upheld", "corrected", "other", "pending", "total"), values, strict=True):
            out.append(cell("review_litigation", row, column, value))
    return out


def report(name: str, agency: str, year: int, cells: list[dict], *, template: str = "2019",
           kind: str | None = "county_government", province: str | None = "河南省", city: str | None = None,
           issues: list[dict] | None = None, identities: list[dict] | None = None,
           published_on: str | None = None) -> dict[str, Any]:
    return {
        "source": {"path": f"/reports/{name}.txt", "sha256": sha(name), "format": "txt", "bytes": 1000},
        "agency": agency,
        "year": year,
        "template": template,
        "section_templates": {"applications": template},
        "published_on": published_on,
        "title": f"{agency}{year}年政府信息公开工作年度报告",
        "cells": cells,
        "issues": issues or [],
        "identities": identities or [],
        "extractor_version": "test",
        "region": {},
        "province": province,
        "city": city,
        "county": None,
        "township": None,
        "agency_kind": kind,
        "division_code": None,
        "agency_id": None,
    }


def held(name: str) -> dict:
    return {"name": name, "section": "applications", "scope": "total", "status": "held", "detail": ""}


def unchecked(name: str, scope: str) -> dict:
    return {"name": name, "section": "applications", "scope": scope, "status": "unchecked", "detail": "blank"}


# A 2020: 40+2 = 38+4; outcomes 20+5+(3+1)+6+2+1 = 38; applicants of new_received 30+6+4 = 40.
A_2020_CELLS = applications(
    {
        "new_received": {"natural_person": 30, "commercial_enterprise": 6, "other_org": 4, "total": 40},
        "carried_over": 2,
        "disclosed": 20,
        "partially_disclosed": 5,
        "withheld_state_secret": 3,
        "withheld_third_party_rights": 1,
        "unable_not_held": 6,
        "rejected_repeated": 2,
        "other": 1,
        "outcome_total": 38,
        "carried_forward": 4,
    }
) + review(
    {
        "administrative_review": (2, 1, 0, 1, 4),
        "litigation_direct": (1, 1, 0, 0, 2),
        "litigation_after_review": (0, 0, 0, 0, 0),
    }
) + [
    cell("active_disclosure", "regulations", "new_made", 1),
    cell("active_disclosure", "normative_documents", "new_made", 7),
    cell("active_disclosure", "normative_documents", "total_published", 30),
    cell("active_disclosure", "centralized_procurement", "amount_10k_yuan", 6.8178),
]

# The first version of A 2020, later replaced by a corrected file (new sha256).
A_2020_OLD_CELLS = applications({"new_received": 40, "carried_over": 2, "disclosed": 10,
                                 "outcome_total": 38, "carried_forward": 4})

# A 2019: carries 2 forward into 2020 (year chain holds).
A_2019_CELLS = applications({"new_received": 9, "carried_over": 0, "disclosed": 7,
                             "outcome_total": 7, "carried_forward": 2})

# B 2020 (2021 template): 12+0 = 12+0; outcomes 6+3+1+(1+1) = 12; one review printed as 总计 1 but
# with no outcome column filled (its review_sum identity fails), no lawsuit.
B_2020_CELLS = applications(
    {
        "new_received": {"natural_person": 12, "commercial_enterprise": 0, "research_institution": 0,
                         "social_welfare_org": 0, "legal_service_org": 0, "other_org": 0, "total": 12},
        "carried_over": 0,
        "disclosed": 6,
        "partially_disclosed": 0,
        "unable_not_held": 3,
        "rejected_petition_complaint": 1,
        "other_no_correction": 1,
        "other_other": 1,
        "outcome_total": 12,
        "carried_forward": 0,
    }
) + review({"administrative_review": (0, 0, 0, 0, 1), "litigation_direct": (0, 0, 0, 0, 0),
            "litigation_after_review": (0, 0, 0, 0, 0)})

# C 2020: only the 总计 column; 5 applications, all disclosed (rate 1.0 but below the minimum).
C_2020_CELLS = applications({"new_received": 5, "carried_over": 0, "disclosed": 5,
                             "outcome_total": 5, "carried_forward": 0})

# D 2020: an agency with no applications at all (every rate has a zero denominator).
D_2020_CELLS = applications({"new_received": 0, "carried_over": 0, "disclosed": 0,
                             "outcome_total": 0, "carried_forward": 0})

# E 2020: unresolved region (kind and province NULL); 8 applications, alone and below the minimum.
E_2020_CELLS = applications({"new_received": 8, "carried_over": 0, "disclosed": 4,
                             "unable_not_held": 4, "outcome_total": 8, "carried_forward": 0})


def first_batch() -> list[dict]:
    """What the pipeline saw on its first day."""
    return [
        report("a2019", "甲县人民政府", 2019, A_2019_CELLS, city="郑州市"),
        report("a2020-v1", "甲县人民政府", 2020, A_2020_OLD_CELLS, published_on="2021-01-20", city="郑州市"),
        report("b2020", "乙县人民政府", 2020, B_2020_CELLS, template="2021", city="开封市",
               issues=[{"severity": "warning", "code": "identity_failed", "message": "x",
                        "section": "review_litigation", "row": "administrative_review", "column": ""}],
               identities=[{"name": "review_sum", "section": "review_litigation", "scope": "administrative_review",
                            "status": "failed", "detail": "1 ≠ 0 + 0 + 0 + 0 (= 0)"}]),
        # C: only the 总计 column, so 1 identity holds and 3 cannot be checked: quality 'unchecked'
        report("c2020", "丙县人民政府", 2020, C_2020_CELLS, city="郑州市",
               identities=[held("balance"), unchecked("balance", "natural_person"),
                           unchecked("outcome_sum", "natural_person"), unchecked("applicant_sum", "new_received")]),
        report("d2020", "丁县人民政府", 2020, D_2020_CELLS, province="江苏省"),
        report("e2020", "戊街道", 2020, E_2020_CELLS, kind=None, province=None),
        # two files of one agency-year met at the same moment: the later sign-off date wins
        report("f2020-early", "己局", 2020, [], kind="department", published_on="2021-01-05"),
        report("f2020-late", "己局", 2020, [], kind="department", published_on="2021-01-15"),
    ]


def corrected_a2020() -> dict:
    """A's corrected re-publication of 2020 (a changed file: new sha256)."""
    return report("a2020-v2", "甲县人民政府", 2020, A_2020_CELLS, published_on="2021-01-25", city="郑州市",
                  issues=[{"severity": "info", "code": "blank", "message": "blank cells", "section": "",
                           "row": "", "column": ""}],
                  identities=[held("flow"), held("outcome_sum")])
