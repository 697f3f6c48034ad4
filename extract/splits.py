"""Splitting flattened digit runs back into cells.

Scraped pages lose the cell separators: ``规章007`` is 0/0/7, ``200 000121`` is 20,0,0,0,0,1,21.
Every way of cutting the run into the row's number of cells is enumerated under the rules a
printed number obeys (no leading zeros, a minus only where a column may be negative, a decimal
point inside one number, spaces and minus signs as hard boundaries), and the row's identities
filter the candidates. The caller takes a split only when exactly one survives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from extract.values import to_number

MAX_NODES = 200_000

# A piece: a run of digits, an optional leading sign, an optional decimal point.
_PIECE = re.compile(r"[+\-]?[\d.]+")


@dataclass(frozen=True)
class ColumnRule:
    """What a column's number may look like."""

    signed: bool = False
    decimal: bool = False


@dataclass
class SplitResult:
    candidates: list[list[int | float]]
    exhausted: bool  # the search hit MAX_NODES: treat as ambiguous


def pieces_of(tokens: Sequence[str]) -> list[str] | None:
    """Break whitespace tokens into pieces at signs; None if a token has anything but digits,
    signs and points (after units were stripped by the caller)."""
    out: list[str] = []
    for tok in tokens:
        pos = 0
        for m in _PIECE.finditer(tok):
            if m.start() != pos:
                return None
            out.append(m.group())
            pos = m.end()
        if pos != len(tok):
            return None
    return out


def _valid(num: str, rule: ColumnRule, negative: bool) -> bool:
    """A printed number: no leading zero, a sign or point only where the column allows one."""
    if negative and not rule.signed:
        return False
    if "." in num:
        if not rule.decimal or num.count(".") > 1 or num[0] == "." or num[-1] == ".":
            return False
        return not (num[0] == "0" and num[1] != ".")
    return len(num) == 1 or num[0] != "0"


def enumerate_splits(
    tokens: Sequence[str],
    rules: Sequence[ColumnRule],
    accept: Callable[[list[int | float]], bool] | None = None,
    prune: Callable[[list[int | float]], bool] | None = None,
) -> SplitResult:
    """All ways to read ``tokens`` as exactly ``len(rules)`` numbers that ``accept`` allows.
    ``prune(prefix)`` may reject a partial assignment early (e.g. a finished group whose total
    does not add up)."""
    pieces = pieces_of(tokens)
    n = len(rules)
    if pieces is None or not pieces:
        return SplitResult([], False)
    results: list[list[int | float]] = []
    nodes = 0
    exhausted = False
    npieces = len(pieces)
    # characters left from piece i on: a number takes at least one, so a cut that leaves fewer
    # characters than numbers still needed can stop the loop early
    suffix = [0] * (npieces + 1)
    for i in range(npieces - 1, -1, -1):
        suffix[i] = suffix[i + 1] + len(pieces[i])

    def dfs(pi: int, off: int, values: list[int | float]) -> None:
        nonlocal nodes, exhausted
        if exhausted:
            return
        nodes += 1
        if nodes > MAX_NODES:
            exhausted = True
            return
        count = len(values)
        if pi == npieces:
            if count == n and (accept is None or accept(values)):
                results.append(list(values))
            return
        if count >= n:
            return
        piece = pieces[pi]
        plen = len(piece)
        negative = False
        start = off
        if off == 0 and piece[0] in "+-":
            if not rules[count].signed:
                return  # a printed sign (+ or -) only ever stands before a change (本年增/减)
            negative = piece[0] == "-"
            start = 1
        # Remaining pieces each need at least one number.
        if count + (npieces - pi) > n:
            return
        ends: range | tuple[int, ...] = range(start + 1, plen + 1)
        if count == n - 1:
            # the last number must take the rest of the run: only one way, or none
            if pi != npieces - 1:
                return
            ends = (plen,)
        rule = rules[count]
        still_needed = n - count - 1
        for end in ends:
            if (plen - end) + suffix[pi + 1] < still_needed:
                break
            num = piece[start:end]
            if "." not in num:
                # _valid inline for the common case (a sign here is always allowed: checked
                # above): a leading zero makes this and every longer number invalid
                if len(num) > 1 and num[0] == "0":
                    break
                if end < plen and piece[end] == ".":
                    continue  # a number never ends right before a point
                value: int | float = int(num)
            else:
                if not _valid(num, rule, negative):
                    # a longer number can become valid only by reaching past a point; keep going
                    if num.startswith("0") and not num.startswith("0."):
                        if len(num) > 1 and num[1] != ".":
                            break
                    continue
                if end < plen and piece[end] == ".":
                    continue  # a number never ends right before a point
                value = to_number(num)
            values.append(-value if negative else value)
            if prune is None or prune(values):
                if end == plen:
                    dfs(pi + 1, 0, values)
                else:
                    dfs(pi, end, values)
            values.pop()

    dfs(0, 0, [])
    return SplitResult(results, exhausted)
