"""The arithmetic the templates promise, checked on a report's cells.

Used twice: to filter candidate readings of damaged rows (a flattened run, a row that lost a
cell), and to tell the user which identities held, failed or could not be checked. Failures are
reported with the numbers, never "fixed".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from extract.model import IdentityCheck
from extract.templates import (
    APPLICANT_COLUMNS,
    APPLICATIONS,
    OUTCOME_ROWS,
    REVIEW,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
)

Number = int | float
CellMap = Mapping[tuple[str, str, str], Number]
EPS = 1e-6


@dataclass(frozen=True)
class Identity:
    """``lhs`` = Σ ``rhs`` over cell keys (section, row, column)."""

    name: str
    section: str
    scope: str
    lhs: tuple[tuple[str, str, str], ...]
    rhs: tuple[tuple[str, str, str], ...]

    def evaluate(self, cells: CellMap) -> tuple[str, str]:
        # Run for every identity of every report (and for every candidate of an ambiguous row):
        # the common case, every cell present, is one lookup per key.
        try:
            left_values = [cells[k] for k in self.lhs]
            right_values = [cells[k] for k in self.rhs]
        except KeyError:
            missing = [k for k in self.lhs + self.rhs if k not in cells]
            return "unchecked", "blank: " + ", ".join(f"{r}/{c}" for _, r, c in missing[:4]) + (
                "…" if len(missing) > 4 else ""
            )
        left = sum(left_values)
        right = sum(right_values)
        status = "held" if abs(left - right) <= EPS else "failed"
        sign = "=" if status == "held" else "≠"
        return status, f"{_expr(left_values, left)} {sign} {_expr(right_values, right)}"


def _expr(values: list[Number], total: Number) -> str:
    """'20 + 1 = 21' for several terms, '21' for one (``total`` is their sum, made once)."""
    if len(values) == 1:
        return _fmt(values[0])
    # ints (nearly every cell) formatted inline: a call per term was most of check_all
    return " + ".join([str(v) if type(v) is int else _fmt(v) for v in values]) + f" (= {_fmt(total)})"


def _fmt(v: Number) -> str:
    if type(v) is int:
        return str(v)
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _k(section: str, row: str, col: str) -> tuple[str, str, str]:
    return (section, row, col)


def application_row_identity(row: str) -> Identity:
    """total = Σ applicant columns, for one row of section three."""
    return Identity(
        "applicant_sum",
        APPLICATIONS,
        row,
        (_k(APPLICATIONS, row, "total"),),
        tuple(_k(APPLICATIONS, row, c) for c in APPLICANT_COLUMNS[:-1]),
    )


def review_row_identity(row: str) -> Identity:
    """total = upheld + corrected + other + pending, for one row of section four."""
    return Identity(
        "review_sum",
        REVIEW,
        row,
        (_k(REVIEW, row, "total"),),
        tuple(_k(REVIEW, row, c) for c in REVIEW_COLUMNS[:-1]),
    )


def column_identities(version: str) -> list[Identity]:
    """Per applicant column: the balance and the outcome sum of section three."""
    out: list[Identity] = []
    outcomes = OUTCOME_ROWS[version]
    for c in APPLICANT_COLUMNS:
        out.append(
            Identity(
                "balance",
                APPLICATIONS,
                c,
                (_k(APPLICATIONS, "new_received", c), _k(APPLICATIONS, "carried_over", c)),
                (_k(APPLICATIONS, "outcome_total", c), _k(APPLICATIONS, "carried_forward", c)),
            )
        )
        out.append(
            Identity(
                "outcome_sum",
                APPLICATIONS,
                c,
                (_k(APPLICATIONS, "outcome_total", c),),
                tuple(_k(APPLICATIONS, r, c) for r in outcomes),
            )
        )
    return out


@lru_cache(maxsize=8)
def all_identities(application_version: str | None, application_rows: tuple[str, ...]) -> tuple[Identity, ...]:
    """Every identity of a report whose section three follows ``application_version``."""
    ids: list[Identity] = []
    if application_version:
        ids += [application_row_identity(r) for r in application_rows]
        ids += column_identities(application_version)
    ids += [review_row_identity(r) for r in REVIEW_ROWS]
    return tuple(ids)


def check_all(identities: tuple[Identity, ...], cells: CellMap) -> list[IdentityCheck]:
    return [IdentityCheck(i.name, i.section, i.scope, *i.evaluate(cells)) for i in identities]


def row_sum_holds(values: list[Number], group: int) -> bool:
    """For a flattened row: every group of ``group`` numbers ends in the sum of the others."""
    if len(values) % group:
        return False
    for g in range(0, len(values), group):
        chunk = values[g : g + group]
        if abs(sum(chunk[:-1]) - chunk[-1]) > EPS:
            return False
    return True


def groups_so_far_hold(values: list[Number], group: int) -> bool:
    """Prune partial splits: every *complete* group so far must add up."""
    full = len(values) - len(values) % group
    return row_sum_holds(values[:full], group) if full else True
