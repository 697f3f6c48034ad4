"""Declared defects: damage a drawn report the way real documents are damaged, and record it.

Each defect writes ``rep.defect`` and ``rep.defect_detail`` so the truth writer can mark cells
lost (absent), half-printed (optional) or unrecoverable (unknowable), and tests can assert the
extractor flagged the report. ``cells_blank`` is not here: it is a legitimate variant.
"""

from __future__ import annotations

import random

from bench.generator.model import GenReport, cell_keys
from extract.templates import ACTIVE, APPLICANT_COLUMNS, APPLICATIONS, REVIEW


def apply_defect(rep: GenReport, rng: random.Random, defect: str) -> None:
    if defect == "ambiguous_flattened" and rep.layout != "flat":
        raise ValueError("ambiguous_flattened exists only in the flat layout")
    rep.defect = defect
    {
        "identity_broken": _identity_broken,
        "section_missing": _section_missing,
        "truncated": _truncated,
        "ambiguous_flattened": _ambiguous_flattened,
        "text_mismatch": lambda _rep, _rng: None,  # the narrative plants it (narrative.draw_text_facts)
    }[defect](rep, rng)


def _bump(rng: random.Random, v: int) -> int:
    d = rng.choice((1, 1, 2, 3, 5, 10))
    return v + d if v < d or rng.random() < 0.6 else v - d


def _identity_broken(rep: GenReport, rng: random.Random) -> None:
    """One printed number changed so an identity fails. In the flat layout the row total moves
    with it (row identity still holds, so the run stays splittable; the column balance fails)."""
    if rep.layout == "flat":
        r = rng.choice(("new_received", "carried_over", "carried_forward", "disclosed", "outcome_total"))
        c = rng.choice(APPLICANT_COLUMNS[:-1])
        k, kt = (APPLICATIONS, r, c), (APPLICATIONS, r, "total")
        old = rep.values[k]
        new = _bump(rng, int(old))
        rep.values[k], rep.values[kt] = new, rep.values[kt] + new - old
        rep.defect_detail["changed"] = [k, kt]
        from bench.generator.flatten import ambiguous_rows

        if r in ambiguous_rows(rep):
            rep.style.flat_spaced_rows = rep.style.flat_spaced_rows | {r}
        return
    keys = [k for s in (APPLICATIONS, REVIEW) for k in cell_keys(rep, s) if k not in rep.blank]
    k = rng.choice(keys)
    rep.values[k] = _bump(rng, int(rep.values[k]))
    rep.defect_detail["changed"] = [k]


def _section_missing(rep: GenReport, rng: random.Random) -> None:
    rep.defect_detail["missing_section"] = rng.choice((ACTIVE, REVIEW))


def _truncated(rep: GenReport, rng: random.Random) -> None:
    """The document ends inside section three: after row k, with n cells of row k+1 printed."""
    n_rows = len(rep.application_rows())
    k = rng.randint(2, n_rows - 3)
    n = rng.choice((0, 0, rng.randint(1, 6)))
    rep.defect_detail["truncate"] = (k, n)
    if rep.layout != "flat":
        rep.published_on = None  # the sign-off went with the rest of the document


def _ambiguous_flattened(rep: GenReport, rng: random.Random) -> None:
    """A section-two run with several valid splits (section two has no in-year identity)."""
    from bench.generator.flatten import count_splits, row_run, rules_for

    row = rng.choice(("regulations", "normative_documents"))
    keys = [k for k in cell_keys(rep, ACTIVE) if k[1] == row]
    while True:
        a = rng.randint(10, 99)
        b = rng.randint(1, a)
        vals = [a, b, a + rng.randint(1, 400)] if rep.template == "2019" else [a, rng.randint(1, 30), a + rng.randint(5, 700)]
        for k, v in zip(keys, vals, strict=True):
            rep.values[k] = v
        if count_splits(row_run(rep, keys, False), rules_for(keys)) >= 2:
            break
    rep.style.flat_spaced_rows = rep.style.flat_spaced_rows - {row}
    rep.defect_detail["unknowable"] = keys
