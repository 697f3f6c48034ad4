"""Property tests: generated reports round-trip through the extractor.

Valid reports must come back exact (recall 1.0, precision 1.0) and unflagged; every declared
defect must be flagged (warning/error) and nothing may be silently wrong. A failure prints
each bad report with the ``draw_report(...)`` call that reproduces it.

Two families:
- classic: the layouts and unit/change forms the extractor has always read (``messy=False``):
  every report must be exact. Fast run: 30 per classic text layout; ``-m slow``: 200 per layout.
- messy (issue 10): every text layout with the unit/change/spacing variants, plus the new
  ``layout`` (pdftotext -layout) and ``md_ocr`` renderings. Bars: recall ≥ 0.99, precision ≥
  0.999, silent 0, every declared defect flagged, warnings on ≤ 2% of clean reports. Each run
  prints its numbers. Marked xfail(strict=False) per layout in MESSY_PENDING while the extractor
  learns these renderings (issue 10); drop a layout from the set when its numbers pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generator.model import (
    CLASSIC_TEXT_LAYOUTS,
    LAYOUTS,
    PICTURE_LAYOUTS,
    SUFFIX,
    TEXT_LAYOUTS,
    draw_report,
)
from bench.generator.write import generate, plans, render

pipeline = pytest.importorskip("extract.pipeline", reason="extractor not landed yet")

MESSY_XFAIL = pytest.mark.xfail(
    strict=False, reason="issue 10: the extractor is learning layout dumps, converter markdown and unit/change variants"
)
# Layouts whose messy round trip does not meet the bars yet: remove a name once it passes.
MESSY_PENDING = {"scan", "scan_jpg", "scan_tif", "scan_pdf", "html_img", "docx_img"}


def _messy(layouts) -> list:
    return [pytest.param(x, marks=MESSY_XFAIL) if x in MESSY_PENDING else x for x in layouts]


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
    """Classic forms: every report exact (valid) or flagged without silent cells (defect)."""
    from bench.generator.roundtrip import roundtrip

    if layout not in TEXT_LAYOUTS:
        _skip_unless_readable(layout, tmp)
    bad = []
    counts = {"valid": 0, "defect": 0}
    for plan in plans(n, [layout], seed=seed, defect_rate=0.3, blank_rate=0.1, messy=False):
        out = roundtrip(generate(plan), tmp)
        counts["defect" if plan.defect else "valid"] += 1
        if not out.ok:
            bad.append(out.describe())
    assert counts["valid"] and counts["defect"]
    assert not bad, f"{len(bad)}/{n} {layout} reports failed the round trip:\n" + "\n".join(bad)


def _measure_messy(layout: str, n: int, seed: int, tmp: Path) -> None:
    """Issue-10 bars over ``n`` reports with every variant; prints the numbers either way."""
    from bench.generator.roundtrip import measure

    if layout not in TEXT_LAYOUTS:
        _skip_unless_readable(layout, tmp)
    s = measure(layout, n, seed, tmp, messy=True)
    print("\n" + s.line(layout))
    assert s.defects and s.clean
    worst = "\n".join(o.describe() for o in s.failed[:5])
    assert s.silent == 0, worst
    assert s.defects_flagged == s.defects, worst
    assert s.recall >= 0.99, worst
    assert s.precision >= 0.999, worst
    assert s.clean_warning_rate <= 0.02, worst


@pytest.mark.parametrize("layout", CLASSIC_TEXT_LAYOUTS)
def test_text_layouts_round_trip(layout: str, tmp_path: Path) -> None:
    _run(layout, 30, seed=2024, tmp=tmp_path)


@pytest.mark.parametrize("layout", _messy(TEXT_LAYOUTS))
def test_messy_text_layouts_round_trip(layout: str, tmp_path: Path) -> None:
    _measure_messy(layout, 30, seed=2024, tmp=tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("layout", [x for x in LAYOUTS if x not in ("layout", "md_ocr")])
def test_layouts_round_trip_at_scale(layout: str, tmp_path: Path) -> None:
    _run(layout, 200 if layout not in ("scan", *PICTURE_LAYOUTS) else 10, seed=7, tmp=tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("layout", _messy(LAYOUTS))
def test_messy_layouts_round_trip_at_scale(layout: str, tmp_path: Path) -> None:
    _measure_messy(layout, 200 if layout not in ("scan", *PICTURE_LAYOUTS) else 10, seed=7, tmp=tmp_path)
