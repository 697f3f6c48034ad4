"""Round trips through the real ``pdftotext -layout`` (poppler): generated reports printed to PDF
(our reportlab PDF, or the DOCX printed by LibreOffice) and dumped by the tool, read back as text.

The simulated ``layout`` dumps (render_layout.py) are only as good as our idea of the tool; these
check the reader against the tool itself. They skip when pdftotext (poppler-utils), LibreOffice or
a CJK font is missing. The default run dumps three reports (seconds); ``-m slow`` holds 100
``pdftotext`` reports and 30 ``docx_pdftotext`` ones (LibreOffice: ~10 s each) to the issue-10 bars.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.generator.model import draw_report
from bench.generator.roundtrip import measure, roundtrip
from bench.generator.write import generate, plans
from bench.readers_fixtures import cjk_font

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None or cjk_font() is None,
    reason="needs poppler-utils (pdftotext) and a CJK font (fonts-wqy-microhei)",
)
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None, reason="LibreOffice not installed"
)


@needs_pdftotext
def test_pdftotext_dumps_round_trip_exactly(tmp_path: Path) -> None:
    """Three reports (one with only the 总计 column printed): every cell back, no warning."""
    picked = [draw_report(121152401913740, "pdftotext", variant="cells_blank")]
    picked += [generate(p) for p in plans(2, ["pdftotext"], seed=2024, defect_rate=0.0, blank_rate=0.0)]
    for rep in picked:
        out = roundtrip(rep, tmp_path)
        assert out.ok, out.describe()
        assert out.required > 40, out.describe()


@needs_pdftotext
def test_pdftotext_dump_is_poppler_output(tmp_path: Path) -> None:
    """The layout really is the tool's text: pages end in form feeds, the title is on top."""
    from bench.generator.render_pdftotext import render_pdftotext

    rep = draw_report(7, "pdftotext")
    text = render_pdftotext(rep)
    assert "\f" in text
    assert rep.agency.name in "".join(text.split())


@pytest.mark.slow
@needs_pdftotext
def test_pdftotext_round_trip_at_scale(tmp_path: Path) -> None:
    s = measure("pdftotext", 100, 7, tmp_path)
    print("\n" + s.line("pdftotext"))
    worst = "\n".join(o.describe() for o in s.failed[:5])
    assert s.silent == 0 and s.defects_flagged == s.defects, worst
    assert s.recall >= 0.99 and s.precision >= 0.999 and s.clean_warning_rate <= 0.02, worst


@pytest.mark.slow
@needs_pdftotext
@needs_soffice
def test_docx_pdftotext_round_trip_at_scale(tmp_path: Path) -> None:
    s = measure("docx_pdftotext", 30, 7, tmp_path)
    print("\n" + s.line("docx_pdftotext"))
    worst = "\n".join(o.describe() for o in s.failed[:5])
    assert s.silent == 0 and s.defects_flagged == s.defects, worst
    assert s.recall >= 0.99 and s.precision >= 0.999, worst
