"""Flattened layouts: how many ways a printed digit run splits back into a row's cells.

Scraped pages glue a row's cells (``规章007``). A generated flat report is *valid* only when
every run has exactly one split that obeys the number grammar (no leading zeros, a sign only in
本年增/减, a point only in amounts; spaces and signs are hard boundaries) and the row's own
identities (section three: total = sum of the six columns; section four: total = sum of four,
per row). This counter is written independently of ``extract.splits`` on purpose: the generator
must not share the extractor's assumptions.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from bench.generator.model import GenReport, Key, redraw_values
from bench.generator.printed import value_text
from extract.templates import (
    ACTIVE,
    AMOUNT_COLUMNS,
    APPLICANT_COLUMNS,
    APPLICATIONS,
    REVIEW,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
    TEMPLATES,
)

_INT = re.compile(r"(?:0|[1-9]\d*)")
_DEC = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")
Rule = tuple[bool, bool]  # (signed, decimal)


def strip_unit(text: str) -> str:
    return text[:-2] if text.endswith("万元") else text[:-1] if text.endswith("元") else text


def count_splits(
    run: str, rules: Sequence[Rule], accept: Callable[[list[float]], bool] | None = None, limit: int = 2
) -> int:
    """Number of readings of ``run`` as len(rules) numbers that ``accept`` allows (capped at limit)."""
    n = len(rules)
    toks = run.split()
    if len(toks) == n and all(t.isdigit() and (len(t) == 1 or t[0] != "0") for t in toks):
        # one number per token (spaced row), or one digit per cell: the only split
        return 1 if accept is None or accept([float(t) for t in toks]) else 0
    if len(toks) == 1 and run.isdigit() and len(run) == n:
        return 1 if accept is None or accept([float(c) for c in run]) else 0
    pieces: list[str] = []
    for tok in toks:
        pieces += [p for p in re.split(r"(?=[+\-])", tok) if p]
    found = 0

    def dfs(pi: int, off: int, vals: list[float]) -> None:
        nonlocal found
        if found >= limit:
            return
        if pi == len(pieces):
            if len(vals) == n and (accept is None or accept(vals)):
                found += 1
            return
        if len(vals) >= n or len(vals) + len(pieces) - pi > n:
            return
        piece = pieces[pi]
        neg = False
        start = off
        if off == 0 and piece[0] in "+-":
            neg, start = piece[0] == "-", 1
            if not rules[len(vals)][0]:
                return
        signed, decimal = rules[len(vals)]
        pat = _DEC if decimal else _INT
        for end in range(start + 1, len(piece) + 1):
            num = piece[start:end]
            if not pat.fullmatch(num):
                continue
            if end < len(piece) and piece[end] == ".":
                continue
            v = float(num)
            vals.append(-v if neg else v)
            dfs(pi + 1, 0, vals) if end == len(piece) else dfs(pi, end, vals)
            vals.pop()

    dfs(0, 0, [])
    return found


def row_sum_ok(vals: list[float]) -> bool:
    return abs(sum(vals[:-1]) - vals[-1]) < 1e-9


def review_ok(vals: list[float]) -> bool:
    return all(abs(sum(vals[i : i + 4]) - vals[i + 4]) < 1e-9 for i in (0, 5, 10))


def row_run(rep: GenReport, keys: Sequence[Key], spaced: bool) -> str:
    """The printed run of a row's values (units stripped), glued or spaced."""
    values, blank = rep.values, rep.blank
    texts = []
    for k in keys:
        if k in blank:
            continue
        v = values[k]
        texts.append(str(v) if type(v) is int and k[2] != "change" else strip_unit(value_text(rep, k)))
    return (" " if spaced else "").join(texts)


FlatRow = tuple[str, tuple[Key, ...], list[Rule], Callable[[list[float]], bool] | None]


def flat_rows(rep: GenReport) -> list[FlatRow]:
    """Every run of the flat layout: (row id, its keys in print order, rules, row identity)."""
    return _flat_rows(rep.active_template.version, rep.applications_template.version)


@lru_cache(maxsize=4)
def _flat_rows(active_version: str, app_version: str) -> list[FlatRow]:
    out: list[FlatRow] = []
    tpl = TEMPLATES[active_version]
    for r in tpl.active_rows:
        keys = tuple((ACTIVE, r.row, c) for c in tpl.columns(ACTIVE, r.table))
        out.append((r.row, keys, rules_for(keys), None))
    for r in TEMPLATES[app_version].application_rows:
        keys = tuple((APPLICATIONS, r.row, c) for c in APPLICANT_COLUMNS)
        out.append((r.row, keys, rules_for(keys), row_sum_ok))
    keys = tuple((REVIEW, r, c) for r in REVIEW_ROWS for c in REVIEW_COLUMNS)
    out.append(("review", keys, rules_for(keys), review_ok))
    return out


def rules_for(keys: Sequence[Key]) -> list[Rule]:
    return [(k[2] == "change", k[2] in AMOUNT_COLUMNS) for k in keys]


def ambiguous_rows(rep: GenReport) -> list[str]:
    """Rows whose printed run does not have exactly one valid split."""
    bad = []
    for rid, keys, rules, accept in flat_rows(rep):
        spaced = rep.style.flat_spaced_review if rid == "review" else rid in rep.style.flat_spaced_rows
        if count_splits(row_run(rep, keys, spaced), rules, accept) != 1:
            bad.append(rid)
    return bad


def make_unambiguous(rep: GenReport, rng: random.Random) -> None:
    """Redraw smaller values, then space the rows still ambiguous (as scraped pages sometimes do)."""
    if rep.style.change_style not in ("plain", "plus"):
        rep.style.change_style = "plain"  # 增/减 words and pairs are not seen inside glued runs
    spaced = {row[0] for row in flat_rows(rep) if rng.random() < 0.08}
    rep.style.flat_spaced_review = "review" in spaced or rng.random() < 0.3
    rep.style.flat_spaced_rows = frozenset(spaced - {"review"})
    scale = 0.5
    for _ in range(2):
        bad = ambiguous_rows(rep)
        if not bad:
            return
        scale *= 0.5
        redraw_values(rep, rng, scale)
    bad = set(ambiguous_rows(rep))
    rep.style.flat_spaced_review = rep.style.flat_spaced_review or "review" in bad
    rep.style.flat_spaced_rows = frozenset(rep.style.flat_spaced_rows | (bad - {"review"}))
