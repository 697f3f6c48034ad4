"""Scans as offices make them: the grid found on a turned, JPEG-damaged page, cells read by crop.

The page is drawn by the generator's scan renderer (``bench.generator.render_scan``): report seed
11 is printed with section three across a page break and its group label one character per line,
scanned at 150 dpi in grey, turned by -1.07°, JPEG quality 51, speckled. It is made once per
session; only one page is OCR'd (a few seconds).
"""

from __future__ import annotations

from typing import Any

import pytest

from bench.readers_fixtures import cjk_font

SEED = 11


@pytest.fixture(scope="session")
def hard_scan() -> tuple[Any, list[Any]]:
    """The generated report and its scanned pages (PIL images)."""
    if cjk_font() is None:
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-microhei)")
    from bench.generator.model import draw_report
    from bench.generator.render_scan import scan_pages, scan_style

    rep = draw_report(SEED, "scan")
    st = scan_style(rep)
    assert st.dpi == 150 and abs(st.angle) > 1.0 and st.jpeg_quality <= 55  # the hard case this file is about
    return rep, [img for img, _ in scan_pages(rep)]


@pytest.fixture(scope="session")
def second_page_lines(hard_scan: tuple[Any, list[Any]]) -> list[Any]:
    from extract.readers.image import image_lines

    return image_lines(hard_scan[1][1], page=2)


def test_skew_is_measured_from_the_rules(hard_scan: tuple[Any, list[Any]]) -> None:
    import numpy as np

    from bench.generator.render_scan import scan_style
    from extract.readers.pixel_grid import ink_mask, skew_degrees

    rep, pages = hard_scan
    drawn = scan_style(rep).angle
    for img in pages:
        found = skew_degrees(ink_mask(np.asarray(img.convert("L"))))
        assert abs(found + drawn) < 0.1, (found, drawn)  # the turn that undoes the scanner's


def test_section_three_grid_is_found_whole_on_the_turned_page(hard_scan: tuple[Any, list[Any]]) -> None:
    import numpy as np

    from extract.readers.pixel_grid import find_rules

    rules = find_rules(np.asarray(hard_scan[1][1].convert("L")))
    big = max(rules.tables, key=len)
    xs = sorted({round(b[0] / 4) for b in big} | {round(b[2] / 4) for b in big})
    # label columns (group, outcome, sub-outcome) + 7 applicant columns: 11 rules across
    assert len(xs) >= 11
    one_row = [b for b in big if b[1] > big[0][1] + 200 and abs(b[1] - (big[0][1] + 200)) < 60]
    assert one_row  # rows well below the top still have their cells (no fallback to boxes)


def test_cells_read_by_crop_give_whole_rows(second_page_lines: list[Any], hard_scan: tuple[Any, list[Any]]) -> None:
    rep, _ = hard_scan
    rows = {ln.text.split("\t")[0]: ln for ln in second_page_lines if "\t" in ln.text}
    new = rows["一、本年新收政府信息公开申请数量"]
    cols = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
            "legal_service_org", "other_org", "total")  # fmt: skip
    expected = [str(rep.values[("applications", "new_received", c)]) for c in cols]
    assert new.text.split("\t")[1:] == expected
    assert new.confidence is not None and len(new.confidence) == 8 and new.cell_boxes is not None


def test_vertical_group_label_reads_whole(second_page_lines: list[Any]) -> None:
    firsts = [ln.text.split("\t")[0] for ln in second_page_lines if "\t" in ln.text]
    assert any("本年度办理结果" in f for f in firsts), firsts  # one character per printed line, read whole


def test_every_outcome_row_keeps_seven_values(second_page_lines: list[Any]) -> None:
    import re

    rows = [ln.text.split("\t") for ln in second_page_lines if "\t" in ln.text and re.search(r"\t\d+$", ln.text)]
    assert len(rows) >= 12
    for fields in rows:
        values = [f for f in fields if re.fullmatch(r"\d+", f)]
        assert len(values) == 7, fields  # no ``00 00`` across two cells, no lost blank
