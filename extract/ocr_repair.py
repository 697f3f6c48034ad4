"""Doubtful OCR digits settled by the template's arithmetic, or left flagged.

A scanned ``8`` read as ``0`` (or ``1`` as ``7``, ``5`` as ``6``) is the one OCR error a table's
structure can catch: a row total or a column sum then fails. When an identity fails and some of
its cells were read with low confidence, each such cell is tried with the digits a recogniser
usually confuses at each position; a correction is accepted only when exactly one combination
makes *every* identity touching those cells hold (held identities must keep holding). The
corrected cell keeps its provenance and an ``info`` issue says what OCR printed; the
``low_confidence`` warning of that cell is withdrawn, since an identity now confirms it. Any other
case (no fit, several fits) leaves the warnings as they are: a wrong correction would be a silent
wrong value, the one thing the extractor must never produce. A doubtful cell that no identity
confirmed or corrected is then left out (its warning says what OCR printed): on scans the
doubtful cells are wrong often enough that keeping them, even flagged, costs more than the gap.

Runs on a Report after mapping (``extract.pipeline`` calls it before identities are listed), so
it works for every format with per-cell OCR confidence.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, MutableMapping

from extract.identities import EPS, Identity
from extract.model import Cell, Report

# Digits a recogniser confuses on blurred, low-resolution print (each way).
CONFUSIONS: dict[str, str] = {
    "0": "869", "1": "74", "2": "73", "3": "85", "4": "19", "5": "63",
    "6": "580", "7": "12", "8": "0369", "9": "804",
}  # fmt: skip
MAX_COMBINATIONS = 20000


def variants(raw_value: int) -> list[int]:
    """Values a misread number could have been: one digit replaced by a usual confusion."""
    s = str(raw_value)
    out: list[int] = []
    for i, ch in enumerate(s):
        for alt in CONFUSIONS.get(ch, ""):
            t = s[:i] + alt + s[i + 1 :]
            if len(t) > 1 and t[0] == "0":
                continue
            out.append(int(t))
    return out


def _holds(identity: Identity, values: MutableMapping[tuple[str, str, str], float]) -> bool | None:
    keys = identity.lhs + identity.rhs
    if any(k not in values for k in keys):
        return None
    return abs(sum(values[k] for k in identity.lhs) - sum(values[k] for k in identity.rhs)) <= EPS


def repair_digits(
    report: Report, cells: MutableMapping[tuple[str, str, str], Cell], identities: Iterable[Identity]
) -> dict[tuple[str, str, str], int | float]:
    """Correct low-confidence OCR cells when exactly one reading satisfies every identity, then
    leave out the doubtful cells no identity confirms; returns the cell values after it (for the
    identity listing)."""
    _repair(report, cells, tuple(identities))
    _leave_out_doubtful(report, cells)
    return {k: c.value for k, c in cells.items()}


def _leave_out_doubtful(report: Report, cells: MutableMapping[tuple[str, str, str], Cell]) -> None:
    """Drop every cell still flagged ``low_confidence``: a value OCR was unsure of and no identity
    confirmed is as likely wrong as right (``3`` for ``-3``, ``0`` for ``8``), and a wrong value
    costs a reader more than a gap. The warning stays, saying what OCR printed and that the cell
    was left out, so the gap is explained at its section/row/column."""
    doubtful = {(i.section, i.row, i.column) for i in report.issues if i.code == "low_confidence"}
    gone = {k for k in doubtful if k in cells}
    if not gone:
        return
    for i in report.issues:
        if i.code == "low_confidence" and (i.section, i.row, i.column) in gone:
            i.message += "; left out: no identity confirms it"
    for k in gone:
        del cells[k]
    report.cells = [c for c in report.cells if (c.section, c.row, c.column) not in gone]


def _repair(report: Report, cells: MutableMapping[tuple[str, str, str], Cell], identities: tuple[Identity, ...]) -> None:
    doubtful = {(i.section, i.row, i.column) for i in report.issues if i.code == "low_confidence"}
    doubtful = {k for k in doubtful if k in cells and isinstance(cells[k].value, int) and cells[k].value >= 0}
    if not doubtful:
        return
    values = {k: c.value for k, c in cells.items()}
    _confirm(report, doubtful, identities, values)
    failed = [i for i in identities if _holds(i, values) is False]
    # doubtful cells joined by failing identities are solved together (a cell can sit in a row
    # total and a column sum)
    suspects = sorted({k for i in failed for k in i.lhs + i.rhs if k in doubtful})
    if not suspects:
        return
    touching = [i for i in identities if any(k in suspects for k in i.lhs + i.rhs)]
    options = [[values[k]] + variants(int(values[k])) for k in suspects]
    total = 1
    for o in options:
        total *= len(o)
    if total > MAX_COMBINATIONS:
        return
    fits: list[tuple[int | float, ...]] = []
    trial = dict(values)
    for combo in itertools.product(*options):
        for k, v in zip(suspects, combo, strict=True):
            trial[k] = v
        if all(_holds(i, trial) is not False for i in touching):
            fits.append(combo)
            if len(fits) > 1:
                return  # several readings fit: the warnings stay
    if len(fits) != 1:
        return
    changed = {k: v for k, v in zip(suspects, fits[0], strict=True) if v != values[k]}
    if any(sum(k in i.lhs + i.rhs for i in touching) < 2 for k in changed):
        return  # a correction must be confirmed twice (a row and a column), not only fitted
    for k, v in changed.items():
        cell = cells[k]
        report.issue(
            "info",
            "ocr_corrected",
            f"OCR read {cell.raw!r}; {v} is the only reading of the doubtful cells that makes every identity hold",
            *k,
        )
        cell.value = v
    confirmed = set(suspects)
    report.issues = [i for i in report.issues if not (i.code == "low_confidence" and (i.section, i.row, i.column) in confirmed)]


def _confirm(report: Report, doubtful: set[tuple[str, str, str]], identities: tuple[Identity, ...], values: dict) -> None:
    """Withdraw the warning of a doubtful cell every identity of which was checked and holds."""
    confirmed = set()
    for k in doubtful:
        mine = [_holds(i, values) for i in identities if k in i.lhs + i.rhs]
        if mine and all(h is True for h in mine):
            confirmed.add(k)
    if confirmed:
        report.issues = [
            i for i in report.issues if not (i.code == "low_confidence" and (i.section, i.row, i.column) in confirmed)
        ]
