"""Which cells an identity check adds up, from the extractor's own identity definitions.

Why: ``ogi extract --json`` reports each identity as name + section + scope + status + a text
``detail``; an analyst pointing at a failure needs the participating cells (to show their printed
text and locators). The definitions live in ``extract/identities.py``; this module looks a check up
there (never re-states the arithmetic), so the warehouse and the extractor cannot drift apart.

``scope`` names a row for the per-row identities (applicant_sum, review_sum) and a column for the
per-column ones (balance, outcome_sum): :func:`scope_kind` says which.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from extract.identities import Identity, all_identities
from extract.templates import TEMPLATES

Key = tuple[str, str, str]


@lru_cache(maxsize=8)
def _definitions(version: str | None) -> dict[tuple[str, str, str], Identity]:
    """(name, section, scope) -> Identity for a report whose section three follows ``version``."""
    rows = tuple(r.row for r in TEMPLATES[version].application_rows) if version in TEMPLATES else ()
    found = all_identities(version if version in TEMPLATES else None, rows)
    return {(i.name, i.section, i.scope): i for i in found}


@lru_cache(maxsize=64)
def scope_kind(name: str) -> str | None:
    """'row' when every term of the identity lies in the row named by its scope, 'column' when in
    the column, None for an identity this extractor version does not define."""
    for version in (*TEMPLATES, None):
        for identity in _definitions(version).values():
            if identity.name != name:
                continue
            keys = identity.lhs + identity.rhs
            if all(row == identity.scope for _, row, _ in keys):
                return "row"
            if all(column == identity.scope for _, _, column in keys):
                return "column"
            return None
    return None


def terms(name: str, section: str, scope: str, version: str | None) -> Iterator[tuple[str, int, Key]]:
    """(side, position, cell key) of each term: side 'printed' is the left-hand side (the printed
    total), 'computed' the terms summed to check it. Nothing for an unknown identity."""
    identity = _definitions(version).get((name, section, scope))
    if identity is None:
        for other in (*TEMPLATES, None):  # a report loaded without section_templates
            identity = _definitions(other).get((name, section, scope))
            if identity is not None:
                break
    if identity is None:
        return
    for position, key in enumerate(identity.lhs):
        yield "printed", position, key
    for position, key in enumerate(identity.rhs):
        yield "computed", position, key
