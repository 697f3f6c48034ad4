"""Ground truth of a generated report: its label rows, report facts, and identity checks.

Formats follow /work/shared/tools/score_extraction.py: per report ``section,row,column,value,
need`` rows (need = required for printed cells, optional for cells a defect half-printed,
unknowable for cells a flattened run cannot decide; blank or lost cells are absent), and one
reports.tsv row with must_flag (yes for declared defects, either for a valid report whose non-zero
amount prints no unit — the extractor may warn that it assumed 万元 —, no for the rest).
"""

from __future__ import annotations

from bench.generator.model import GenReport, Key, cell_keys
from bench.generator.printed import fmt_number
from extract.templates import (
    APPLICANT_COLUMNS,
    APPLICATIONS,
    OUTCOME_ROWS,
    REVIEW,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
)

TRUTH_COLUMNS = ("section", "row", "column", "value", "need")
REPORT_COLUMNS = (
    "id", "agency", "year", "template", "province", "city", "county", "township", "agency_kind",
    "published_on", "must_flag", "seed", "layout", "defect", "variant",
)  # fmt: skip


def _lost_and_partial(rep: GenReport) -> tuple[set[Key], set[Key]]:
    """Cells the truncation removed and cells of the half-printed row."""
    cut = rep.defect_detail.get("truncate")
    if not cut:
        return set(), set()
    k, n = cut
    rows = rep.application_rows()
    lost = {(APPLICATIONS, r, c) for r in rows[k:] for c in APPLICANT_COLUMNS}
    partial = {(APPLICATIONS, rows[k], c) for c in APPLICANT_COLUMNS[:n]} if n else set()
    return lost - partial, partial


def truth_rows(rep: GenReport) -> list[tuple[str, str, str, str, str]]:
    """The label rows of one report, in print order."""
    values = rep.values
    keys = [k for s in rep.sections for k in cell_keys(rep, s)]
    if not rep.blank and not rep.defect_detail:  # the common case, kept fast
        return [(*k, fmt_number(values[k]), "required") for k in keys]
    lost, partial = _lost_and_partial(rep)
    unknowable = set(map(tuple, rep.defect_detail.get("unknowable", ())))
    out = []
    for k in keys:
        if k in rep.blank or k in lost:
            continue
        need = "unknowable" if k in unknowable else "optional" if k in partial else "required"
        out.append((*k, fmt_number(values[k]), need))
    return out


FACT_COLUMNS = ("kind", "value", "unit", "scope")


def facts_tsv(rep: GenReport) -> str:
    """``<id>.facts.tsv``: what the narrative states (kind, value, unit, scope own|wider|comparison|sub-count)."""
    rows = ["\t".join(FACT_COLUMNS)] + [f"{k}\t{v:g}\t{u}\t{s}" for k, v, u, s in rep.text_facts]
    return "\n".join(rows) + "\n"


def report_row(rep: GenReport) -> dict[str, str]:
    a = rep.agency
    return {
        "id": rep.id, "agency": a.name, "year": str(rep.year), "template": rep.template,
        "province": a.province, "city": a.city, "county": a.county, "township": a.township,
        "agency_kind": a.kind, "published_on": rep.published_on.isoformat() if rep.published_on else "",
        "must_flag": rep.flag_expected, "seed": str(rep.seed), "layout": rep.layout,
        "defect": rep.defect, "variant": rep.variant,
    }  # fmt: skip


def identity_checks(rep: GenReport) -> list[tuple[str, bool | None]]:
    """Every in-report identity of TEMPLATES.md on the printed values: (name, held), or None when
    a blank cell makes it uncheckable."""
    v, blank = rep.values, rep.blank
    out: list[tuple[str, bool | None]] = []

    def get(k: Key) -> float | None:
        return None if k in blank else float(v[k])

    A = APPLICATIONS
    rows = rep.application_rows()
    outcome = OUTCOME_ROWS["2021" if rep.template == "2021" else "2019"]
    for r in rows:
        parts = [get((A, r, c)) for c in APPLICANT_COLUMNS]
        out.append((f"row_total:{r}", None if None in parts else abs(sum(parts[:-1]) - parts[-1]) < 1e-9))
    for c in APPLICANT_COLUMNS:
        a, b, t, f = (get((A, r, c)) for r in ("new_received", "carried_over", "outcome_total", "carried_forward"))
        out.append((f"column_balance:{c}", None if None in (a, b, t, f) else a + b == t + f))
        parts = [get((A, r, c)) for r in outcome]
        out.append((f"outcome_sum:{c}", None if None in parts or t is None else abs(sum(parts) - t) < 1e-9))
    for r in REVIEW_ROWS:
        parts = [get((REVIEW, r, c)) for c in REVIEW_COLUMNS]
        out.append((f"review_total:{r}", None if None in parts else abs(sum(parts[:-1]) - parts[-1]) < 1e-9))
    return out
