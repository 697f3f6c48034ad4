"""The report as an office prints it before scanning (placeholder: the generator's PDF)."""

from __future__ import annotations

from bench.generator.model import GenReport

_LAST: tuple[tuple, bytes] | None = None


def print_pdf(rep: GenReport) -> bytes:
    """The printed report as PDF (the last one is cached: scans and buckets ask twice)."""
    global _LAST
    key = (rep.id, rep.seed, rep.layout, rep.defect, rep.variant)
    if _LAST is None or _LAST[0] != key:
        from bench.generator.render_pdf import render_pdf

        _LAST = (key, render_pdf(rep))
    return _LAST[1]


def print_buckets(rep: GenReport) -> dict[str, str]:
    return {}
