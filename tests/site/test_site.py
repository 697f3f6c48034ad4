"""``ogi site`` built from a warehouse of generated reports, opened in headless Chromium.

The warehouse holds generated reports (bench.generator, extracted by ogi) re-assigned to four
county governments of one city over several years, so the agency pages have trends and the
region pages have distributions. Chromium (Debian's ``chromium``, installed by ``make setup``)
loads the overview, one province and one agency page from disk: the charts must have drawn
(Plotly's SVG), the console must be free of errors, and the numbers shown must be the mart's.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from transform.site.build import build_site, slug

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AGENCIES = ("玄武区", "秦淮区", "建邺区", "鼓楼区")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bench.generator.write import generate, plans, render
    from extract.pipeline import extract_bytes
    from transform import warehouse as wh
    from transform.models import build_models

    by_year: dict[int, list[dict]] = {}
    for plan in plans(80, ("tab",), seed=5, defect_rate=0.0):
        rep = generate(plan)
        report = extract_bytes(render(rep), f"/gen/{rep.id}.txt").to_dict()
        by_year.setdefault(report["year"], []).append(report)
    reports = []
    for _year, items in sorted(by_year.items()):
        for county, report in zip(AGENCIES, items, strict=False):
            code = str(320102 + AGENCIES.index(county) * 2)
            report.update(agency=f"南京市{county}人民政府", province="江苏省", city="南京市", county=county,
                          township=None, agency_kind="county_government", division_code=code,
                          agency_id=f"{code}:人民政府")  # fmt: skip
            reports.append(report)
    db = tmp_path_factory.mktemp("site") / "ogi.duckdb"
    con = wh.connect(db)
    wh.load(con, list(wh.iter_results_from_reports(reports)))
    con.close()
    build_models(db)
    return db


@pytest.fixture(scope="module")
def site(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    stats = build_site(warehouse, out)
    assert stats.pages >= 1 + 4 + 1  # overview, four agencies, one province
    return out


def test_a_second_build_writes_nothing_new(warehouse: Path, site: Path) -> None:
    again = build_site(warehouse, site)
    assert again.written == 0 and again.removed == 0


def test_pages_exist_with_the_bundled_script(site: Path) -> None:
    assert (site / "assets" / "plotly.min.js").stat().st_size > 1_000_000
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/plotly.min.js"' in index and "http" not in re.sub(r"<a [^>]*>", "", index).split("<footer>")[0]
    assert "南京市玄武区人民政府" in (site / "assets" / "agencies.js").read_text(encoding="utf-8")


def _chromium(page: Path, shot: Path) -> tuple[str, str]:
    """The DOM after scripts ran, and the browser's log; a screenshot beside it."""
    base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,2000",
            "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000"]  # fmt: skip
    dom = subprocess.run([*base, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    subprocess.run([*base, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120, check=True)
    assert shot.stat().st_size > 10_000
    return dom.stdout, dom.stderr


def _console_errors(log: str) -> list[str]:
    return [ln for ln in log.splitlines() if "CONSOLE" in ln and ("ERROR" in ln or "Uncaught" in ln)]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make setup installs it as root)")
def test_overview_province_and_agency_draw_in_chromium(warehouse: Path, site: Path, tmp_path: Path) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    key, name = con.execute(
        "select agency_key, agency_name from mart_agency_year where agency_name = '南京市玄武区人民政府' limit 1"
    ).fetchone()
    figures = con.execute(
        "select year, applications_received, applications_handled from mart_agency_year where agency_key = ? order by year", [key]
    ).fetchall()
    con.close()
    pages = {
        "index": site / "index.html",
        "province": site / "region" / f"{slug('江苏省/')}.html",
        "agency": site / "agency" / f"{slug(key)}.html",
    }
    for label, page in pages.items():
        dom, log = _chromium(page, tmp_path / f"{label}.png")
        assert dom.count('class="main-svg"') >= 2, f"{label}: no chart drew"
        assert not _console_errors(log), f"{label}: {_console_errors(log)}"
        if label == "agency":
            assert name in dom
            for year, received, handled in figures:
                for measure, value in (("applications_received", received), ("applications_handled", handled)):
                    cell = re.search(rf'data-measure="{measure}" data-year="{year}">([^<]*)<', dom)
                    assert cell, (measure, year)
                    assert cell.group(1) == ("–" if value is None else str(value)), (measure, year)
        if label == "province":
            assert "南京市玄武区人民政府" in dom and "small group" in dom  # 4 county governments < 5
