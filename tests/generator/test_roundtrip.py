"""Property tests: generated reports round-trip through the extractor.

Valid reports must come back exact (recall 1.0, precision 1.0) and unflagged; every declared
defect must be flagged (warning/error) and nothing may be silently wrong. A failure prints
each bad report with the ``draw_report(...)`` call that reproduces it.
Fast run: 30 reports per text layout; ``pytest -m slow``: 200 per layout, every layout.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generator.model import LAYOUTS, PICTURE_LAYOUTS, SUFFIX, TEXT_LAYOUTS, draw_report
from bench.generator.write import generate, plans, render

pipeline = pytest.importorskip("extract.pipeline", reason="extractor not landed yet")


def _skip_unless_readable(layout: str, tmp: Path) -> None:
    """Skip a layout only while its reader does not exist (ReaderError unsupported_format)."""
    from extract.readers import ReaderError, read_bytes

    rep = draw_report(1, layout)
    data = render(rep)
    try:
        read_bytes(data, SUFFIX[layout])
    except ReaderError as e:
        if e.code == "unsupported_format":
            pytest.skip(f"no reader for {layout} yet: {e}")
        raise


def _run(layout: str, n: int, seed: int, tmp: Path) -> None:
    from bench.generator.roundtrip import roundtrip

    if layout not in TEXT_LAYOUTS:
        _skip_unless_readable(layout, tmp)
    bad = []
    counts = {"valid": 0, "defect": 0}
    for plan in plans(n, [layout], seed=seed, defect_rate=0.3, blank_rate=0.1):
        out = roundtrip(generate(plan), tmp)
        counts["defect" if plan.defect else "valid"] += 1
        if not out.ok:
            bad.append(out.describe())
    assert counts["valid"] and counts["defect"]
    assert not bad, f"{len(bad)}/{n} {layout} reports failed the round trip:\n" + "\n".join(bad)


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_text_layouts_round_trip(layout: str, tmp_path: Path) -> None:
    _run(layout, 30, seed=2024, tmp=tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("layout", LAYOUTS)
def test_layouts_round_trip_at_scale(layout: str, tmp_path: Path) -> None:
    _run(layout, 200 if layout not in ("scan", *PICTURE_LAYOUTS) else 10, seed=7, tmp=tmp_path)
