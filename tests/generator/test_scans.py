"""Scans as offices make them: the generator's degradations are drawn per seed, really present in
the pixels, and the reader is measured on them (issue 11).

The fast tests look at the files (no OCR). The round trips OCR: 5 scans in the default run (read
once per session), 30 under ``-m slow``, held to the issue's bars (recall >= 0.97, precision >=
0.999, no silent value); ``python -m bench.scan_quality`` prints the numbers per bucket.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from bench.generator.model import draw_report
from bench.generator.render_scan import DPIS, MAX_ANGLE, SCAN_LAYOUTS, render_scan, scan_pages, scan_style
from bench.readers_fixtures import cjk_font

needs_font = pytest.mark.skipif(cjk_font() is None, reason="no CJK font (apt-get install fonts-wqy-microhei)")


def _seed(layout: str, want, start: int = 0):
    """The first report of ``layout`` whose drawn styles satisfy ``want``."""
    return next(r for r in (draw_report(s, layout) for s in range(start, start + 400)) if want(r))


def test_scan_styles_vary_within_the_drawn_ranges() -> None:
    styles = [scan_style(draw_report(s, "scan")) for s in range(60)]
    assert styles == [scan_style(draw_report(s, "scan")) for s in range(60)]  # same seed, same scan
    assert {st.dpi for st in styles} == set(DPIS)
    assert all(abs(st.angle) <= MAX_ANGLE and 50 <= st.jpeg_quality <= 90 for st in styles)
    assert min(st.angle for st in styles) < -1.0 and max(st.angle for st in styles) > 1.0
    assert {st.gray for st in styles} == {True, False}
    assert len({st.jpeg_quality for st in styles}) > 15


def _skew(gray) -> float:
    """The dominant angle of long straight lines (table rulings), degrees, image coordinates."""
    import cv2
    import numpy as np

    ink = (gray < 128).astype(np.uint8) * 255
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, 25), np.uint8))  # keep long flat strokes
    w = gray.shape[1]
    lines = cv2.HoughLinesP(ink, 1, np.pi / 3600, threshold=300, minLineLength=w // 3, maxLineGap=6)
    angles = [np.degrees(np.arctan2(y2 - y1, x2 - x1)) for x1, y1, x2, y2 in lines.reshape(-1, 4)]
    return float(np.median([a for a in angles if abs(a) < 5]))


@needs_font
@pytest.mark.parametrize("sign", [1, -1])
def test_measured_skew_is_the_drawn_rotation(sign: int) -> None:
    import numpy as np

    rep = _seed("scan", lambda r: scan_style(r).dpi == 150 and sign * scan_style(r).angle > 0.8)
    st = scan_style(rep)
    page = np.asarray(scan_pages(rep, st, only=1)[0][0].convert("L"))
    # PIL turns counter-clockwise: a ruling's right end rises, i.e. y falls in image coordinates
    assert abs(_skew(page) + st.angle) < 0.12, (st.angle, _skew(page))


def _ijg_table(q: int) -> list[int]:
    base = [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
            14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
            49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]  # fmt: skip
    scale = 5000 // q if q < 50 else 200 - 2 * q
    return sorted(min(255, max(1, (b * scale + 50) // 100)) for b in base)


@needs_font
def test_jpeg_pages_carry_the_drawn_quality_and_dpi() -> None:
    from PIL import Image

    rep = _seed("scan_jpg", lambda r: scan_style(r).dpi == 150)
    st = scan_style(rep)
    data = render_scan(rep)
    again = scan_pages(draw_report(rep.seed, "scan_jpg"), only=-1)[0][1]
    assert again == scan_pages(rep, st, only=-1)[0][1]  # deterministic per seed, page by page
    im = Image.open(io.BytesIO(data))
    assert im.format == "JPEG" and round(im.info["dpi"][0]) == 150
    luma = sorted(im.quantization[0])
    assert (
        min(range(30, 100), key=lambda q: sum(abs(a - b) for a, b in zip(_ijg_table(q), luma, strict=True)))
        == st.jpeg_quality
    )
    assert im.mode == ("L" if st.gray else "RGB")
    assert im.width == 1241 and im.height % 1754 == 0  # A4 pages stacked


@needs_font
def test_image_pdf_and_tiff_have_one_text_free_page_per_printed_page() -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    from bench.generator.scan_print import print_pdf

    rep = _seed("scan_pdf", lambda r: scan_style(r).dpi == 150)
    pages = len(pdfium.PdfDocument(print_pdf(rep)))
    pdf = pdfium.PdfDocument(render_scan(rep))
    assert len(pdf) == pages >= 3
    assert all(pdf[i].get_textpage().count_chars() == 0 for i in range(len(pdf)))  # pixels only
    objs = list(pdf[0].get_objects())
    assert len(objs) == 1 and objs[0].get_filters() == ["DCTDecode"]  # one JPEG per page
    tif = Image.open(io.BytesIO(render_scan(rep, "scan_tif")))
    assert tif.n_frames == pages


def _page_texts(rep) -> list[str]:
    import pypdfium2 as pdfium

    from bench.generator.scan_print import print_pdf

    pdf = pdfium.PdfDocument(print_pdf(rep))
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


def _squeezed_page(texts: list[str], needle: str) -> int:
    return next(i for i, t in enumerate(texts) if needle in re.sub(r"\s+", "", t))


@needs_font
@pytest.mark.parametrize("repeat", [True, False])
def test_section_three_crosses_a_page_break(repeat: bool) -> None:
    from bench.generator.scan_print import crosses_page, print_style

    rep = _seed("scan", lambda r: crosses_page(r) and print_style(r).repeat_header is repeat)
    texts = _page_texts(rep)
    first = _squeezed_page(texts, "本年新收政府信息公开申请数量")
    last = _squeezed_page(texts, "结转下年度继续办理")
    assert last == first + 1
    assert sum("申请人情况" in t for t in texts) == (2 if repeat else 1)


@needs_font
def test_group_label_stands_one_character_per_line_when_drawn_so() -> None:
    from bench.generator.scan_print import print_style

    for vertical in (True, False):
        rep = _seed("scan", lambda r, v=vertical: print_style(r).vertical is v)
        text = "\n".join(_page_texts(rep))
        label = re.search(r"三\s*、\s*本\s*年\s*度\s*办\s*理\s*结\s*果", text)
        assert label is not None
        breaks = label.group().count("\n")
        assert breaks == 8 if vertical else breaks <= 3, label.group()


@needs_font
def test_colour_scans_carry_a_red_seal_and_grey_scans_none() -> None:
    import numpy as np

    from bench.generator.scan_print import print_buckets

    rep = _seed(
        "scan",
        lambda r: print_buckets(r)["stamp"] == "yes" and not scan_style(r).gray and scan_style(r).dpi == 150,
    )
    last = np.asarray(scan_pages(rep, only=-1)[0][0]).astype(int)
    red = (last[:, :, 0] - last[:, :, 1] > 60) & (last[:, :, 0] - last[:, :, 2] > 60)
    assert red.sum() > 2000
    ys, xs = np.nonzero(red)
    assert xs.mean() > last.shape[1] / 2  # over the right-aligned sign-off
    gray = _seed(
        "scan",
        lambda r: print_buckets(r)["stamp"] == "yes" and scan_style(r).gray and scan_style(r).dpi == 150,
    )
    assert scan_pages(gray, only=-1)[0][0].mode == "L"


@needs_font
def test_speckles_in_the_blank_margin_and_uneven_light() -> None:
    import numpy as np

    rep = _seed(
        "scan",
        lambda r: scan_style(r).dpi == 150 and scan_style(r).light > 0.12 and scan_style(r).noise > 0.001,
    )
    st = scan_style(rep)
    page = np.asarray(scan_pages(rep, st, only=1)[0][0].convert("L")).astype(int)
    margin = page[30:100, 40:-40]  # above the text, below the page edge
    assert (margin < st.paper - 80).sum() >= 5
    h, w = page.shape
    corners = [np.median(page[y : y + 40, x : x + 40]) for y in (30, h - 70) for x in (30, w - 70)]
    assert max(corners) - min(corners) >= 5


@needs_font
@pytest.mark.parametrize("defect", ["truncated", "section_missing", "identity_broken", "cells_blank"])
def test_defects_and_variants_print(defect: str) -> None:
    """A truncated table (a half row), a missing section, the 总计-only variant all print."""
    from bench.generator.render_pictures import pictures

    for seed in range(3):
        args = ("", defect) if defect == "cells_blank" else (defect, "")
        rep = draw_report(seed, "scan", *args)
        texts = _page_texts(rep)
        assert rep.agency.name in re.sub(r"\s+", "", texts[0])
        assert ("本年新收" in re.sub(r"\s+", "", "".join(texts))) is ("applications" in rep.sections)
        pics = pictures(draw_report(seed, "html_img", *args))
        assert len(rep.sections) <= len(pics) <= len(rep.sections) + 1  # section three maybe in two


@needs_font
def test_html_page_links_table_pictures_saved_beside_it(tmp_path: Path) -> None:
    from bench.generator.write import write_report

    rep = draw_report(3, "html_img", rid="html_img_3")
    page = write_report(rep, tmp_path)
    html = page.read_text(encoding="utf-8")
    assert "<table" not in html and "三、收到和处理政府信息公开申请情况" in html
    srcs = re.findall(r'<img src="([^"]+)"', html)
    assert len(srcs) >= len(rep.sections)
    for src in srcs:
        assert src.startswith("html_img_3_files/")
        assert (tmp_path / src).read_bytes()[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb")


@needs_font
def test_docx_tables_are_pictures() -> None:
    from bench.generator.render_pictures import pictures, render_docx_img

    rep = draw_report(2, "docx_img")
    data = render_docx_img(rep)
    assert data == render_docx_img(draw_report(2, "docx_img"))
    z = zipfile.ZipFile(io.BytesIO(data))
    xml = z.read("word/document.xml").decode()
    assert "<w:tbl>" not in xml and "一、总体情况" in xml
    media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) == len(pictures(rep)) >= len(rep.sections)


# ---- round trips through the reader (OCR) ---------------------------------------------------


def _read_scans(n: int, seed: int, tmp: Path, layouts=SCAN_LAYOUTS):
    from bench.generator.roundtrip import compare
    from bench.generator.write import generate, plans, write_report
    from extract.pipeline import extract_path

    out = []
    for plan in plans(n, layouts, seed=seed, defect_rate=0.0, blank_rate=0.0):
        rep = generate(plan)
        out.append(compare(rep, extract_path(write_report(rep, tmp), guard=False).to_dict()))
    return out


def _totals(outcomes) -> tuple[float, float, int, str]:
    req = sum(o.required for o in outcomes)
    ext = sum(o.extracted for o in outcomes)
    recall = sum(o.found for o in outcomes) / max(1, req)
    precision = sum(o.correct for o in outcomes) / max(1, ext)
    detail = "\n".join(o.describe() for o in outcomes if o.recall < 1 or o.silent)
    return recall, precision, sum(o.silent for o in outcomes), detail


@pytest.fixture(scope="session")
def five_scans(tmp_path_factory: pytest.TempPathFactory):
    """Five degraded scans (one per scan layout and one more), OCR'd once per session."""
    if cjk_font() is None:
        pytest.skip("no CJK font")
    return _read_scans(5, 2, tmp_path_factory.mktemp("scans"))  # four at 150 dpi, one at 200: cheap OCR


def test_five_scans_leave_no_wrong_value_unflagged(five_scans) -> None:
    recall, precision, silent, detail = _totals(five_scans)
    assert silent == 0, detail


def test_five_scans_read_as_a_careful_typist(five_scans) -> None:
    recall, precision, silent, detail = _totals(five_scans)
    assert recall >= 0.97 and precision >= 0.999, f"recall {recall:.4f} precision {precision:.4f}\n{detail}"


@pytest.mark.slow
def test_thirty_scans_read_as_a_careful_typist(tmp_path: Path) -> None:
    """Seed 1: draws the reader was not tuned on (issue 11's fixes looked at seed 0's failures);
    measured 2026-12-02: recall 0.986, precision 1.0, silent 0 (bench/RESULTS.md)."""
    if cjk_font() is None:
        pytest.skip("no CJK font")
    outcomes = _read_scans(30, 1, tmp_path)
    recall, precision, silent, detail = _totals(outcomes)
    assert silent == 0 and recall >= 0.97 and precision >= 0.999, (
        f"recall {recall:.4f} precision {precision:.4f}\n{detail}"
    )


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["html_img", "docx_img"])
def test_table_pictures_give_the_cells_of_the_text_version(layout: str, tmp_path: Path) -> None:
    if cjk_font() is None:
        pytest.skip("no CJK font")
    outcomes = _read_scans(4, 5, tmp_path, (layout,))
    recall, precision, silent, detail = _totals(outcomes)
    assert silent == 0 and recall >= 0.99 and precision >= 0.999, (
        f"recall {recall:.4f} precision {precision:.4f}\n{detail}"
    )


def _read_office_scans(n: int, seed: int, tmp: Path):
    """Scans made the reviewers' way: the Word file printed by LibreOffice, then scanned."""
    from bench.generator.roundtrip import compare
    from bench.generator.write import generate, plans
    from bench.scan_quality import _write_office_scan
    from extract.pipeline import extract_path

    out = []
    for plan in plans(n, SCAN_LAYOUTS, seed=seed, defect_rate=0.0, blank_rate=0.0):
        rep = generate(plan)
        out.append(compare(rep, extract_path(_write_office_scan(rep, tmp), guard=False).to_dict()))
    return out


@pytest.mark.slow
def test_office_printed_scans_leave_no_wrong_value(tmp_path: Path) -> None:
    """Word -> LibreOffice PDF -> scanner: other fonts, 0.5-pt rulings, tight cell padding,
    one-character-wide label columns and rows broken across pages. Every value kept is right;
    what cannot be read is left out with a warning (recall measured in bench/RESULTS.md)."""
    from bench.generator.render_scan import office_available

    if cjk_font() is None or not office_available():
        pytest.skip("no CJK font or no LibreOffice")
    outcomes = _read_office_scans(4, 0, tmp_path)
    recall, precision, silent, detail = _totals(outcomes)
    assert silent == 0 and precision >= 0.999 and recall >= 0.9, (
        f"recall {recall:.4f} precision {precision:.4f}\n{detail}"
    )
