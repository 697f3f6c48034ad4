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

from extract.templates import ACTIVE, AMOUNT_COLUMNS, APPLICANT_COLUMNS, APPLICATIONS, REVIEW, REVIEW_COLUMNS, REVIEW_ROWS

from bench.generator.model import GenReport, Key, redraw_values
from bench.generator.printed import value_text

_INT = re.compile(r"(?:0|[1-9]\d*)")
_DEC = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")
Rule = tuple[bool, bool]  # (signed, decimal)


def strip_unit(text: str) -> str:
    return text[:-2] if text.endswith("万元") else text[:-1] if text.endswith("元") else text


def count_splits(
    run: str, rules: Sequence[Rule], accept: Callable[[list[float]], bool] | None = None, limit: int = 2
) -> int:
    """Number of readings of ``run`` as len(rules) numbers that ``accept`` allows (capped at limit)."""
    pieces: list[str] = []
    for tok in run.split():
        pieces += [p for p in re.split(r"(?=[+\-])", tok) if p]
    n = len(rules)
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


def row_run(rep: GenReport, keys: list[Key], spaced: bool) -> str:
    texts = [strip_unit(value_text(rep, k)) for k in keys if k not in rep.blank]
    return (" " if spaced else "").join(texts)


def flat_rows(rep: GenReport) -> list[tuple[str, list[Key], Callable[[list[float]], bool] | None]]:
    """Every run of the flat layout: (row id, its keys in print order, the row identity)."""
    out: list[tuple[str, list[Key], Callable[[list[float]], bool] | None]] = []
    tpl = rep.active_template
    for r in tpl.active_rows:
        out.append((r.row, [(ACTIVE, r.row, c) for c in tpl.columns(ACTIVE, r.table)], None))
    for r in rep.application_rows():
        out.append((r, [(APPLICATIONS, r, c) for c in APPLICANT_COLUMNS], row_sum_ok))
    out.append(("review", [(REVIEW, r, c) for r in REVIEW_ROWS for c in REVIEW_COLUMNS], review_ok))
    return out


def rules_for(keys: list[Key]) -> list[Rule]:
    return [(k[2] == "change", k[2] in AMOUNT_COLUMNS) for k in keys]


def ambiguous_rows(rep: GenReport) -> list[str]:
    """Rows whose printed run does not have exactly one valid split."""
    bad = []
    for rid, keys, accept in flat_rows(rep):
        spaced = rep.style.flat_spaced_review if rid == "review" else rid in rep.style.flat_spaced_rows
        if count_splits(row_run(rep, keys, spaced), rules_for(keys), accept) != 1:
            bad.append(rid)
    return bad


def make_unambiguous(rep: GenReport, rng: random.Random) -> None:
    """Redraw smaller values, then space the rows still ambiguous (as scraped pages sometimes do)."""
    if rep.style.change_style == "word":
        rep.style.change_style = "plain"  # 增/减 words are not seen inside glued runs
    spaced = {rid for rid, _k, _a in flat_rows(rep) if rng.random() < 0.08}
    rep.style.flat_spaced_review = "review" in spaced or rng.random() < 0.3
    rep.style.flat_spaced_rows = frozenset(spaced - {"review"})
    scale = 0.5
    for _ in range(4):
        bad = ambiguous_rows(rep)
        if not bad:
            return
        scale *= 0.5
        redraw_values(rep, rng, scale)
    bad = set(ambiguous_rows(rep))
    rep.style.flat_spaced_review = rep.style.flat_spaced_review or "review" in bad
    rep.style.flat_spaced_rows = frozenset(rep.style.flat_spaced_rows | (bad - {"review"}))
