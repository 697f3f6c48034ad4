"""Coverage of 芜湖市 (tests/publishers/city.py), every number worked out by hand from the plan
and the gazetteer facts in city.py's docstring. The province's span is 2019-2021."""

from __future__ import annotations

import pytest

from flows.query_params import render
from tests.publishers import city

ANALYSIS = city.Path(__file__).resolve().parents[2] / "sql" / "analyses" / "townships_not_published.sql"
NANLING_TOWNS = ("籍山镇", "弋江镇", "许镇镇", "三里镇", "工山镇", "家发镇", "烟墩镇", "何湾镇")


def by_region(con, region_level: str, name: str, year: int) -> dict[str, tuple[int, int, int, float]]:
    column = {"province": "province", "city": "city", "county": "county"}[region_level]
    rows = con.execute(
        f"""SELECT level, expected, published, missing, coverage_rate FROM mart_coverage_by_region
            WHERE region_level = ? AND {column} = ? AND year = ?""", [region_level, name, year]).fetchall()
    return {r[0]: tuple(r[1:]) for r in rows}


def status(con, agency_key: str) -> dict[int, str]:
    rows = con.execute("SELECT year, coverage_status FROM mart_coverage WHERE agency_key = ? ORDER BY year",
                       [agency_key]).fetchall()
    return dict(rows)


def test_city_coverage_by_level_and_year(con):
    # counties: 2019 8 due, 芜湖县 (printed 湾沚区) and 镜湖区 published; 2020 7 due, 湾沚区 南陵县
    # 镜湖区; 2021 7 due, 镜湖区 and 鸠江区 (printed 鸠汪区). Townships: 71 due, 0 / 2 / 2 published.
    # known: 民政局 (2019, 2021) and 教育局 (2020-2021); listed: 财政局 (2021) and 审计局 (never).
    assert by_region(con, "city", "芜湖市", 2019) == {
        "city": (1, 1, 0, 1.0), "county": (8, 2, 6, 0.25), "township": (71, 0, 71, 0.0),
        "known": (1, 1, 0, 1.0), "listed": (2, 0, 2, 0.0)}
    assert by_region(con, "city", "芜湖市", 2020) == {
        "city": (1, 1, 0, 1.0), "county": (7, 3, 4, pytest.approx(3 / 7)), "township": (71, 2, 69, pytest.approx(2 / 71)),
        "known": (2, 1, 1, 0.5), "listed": (2, 0, 2, 0.0)}
    assert by_region(con, "city", "芜湖市", 2021) == {
        "city": (1, 1, 0, 1.0), "county": (7, 2, 5, pytest.approx(2 / 7)), "township": (71, 2, 69, pytest.approx(2 / 71)),
        "known": (2, 2, 0, 1.0), "listed": (2, 1, 1, 0.5)}


def test_county_coverage(con):
    assert by_region(con, "county", "南陵县", 2019) == {"county": (1, 0, 1, 0.0), "township": (8, 0, 8, 0.0)}
    assert by_region(con, "county", "南陵县", 2020) == {"county": (1, 1, 0, 1.0), "township": (8, 2, 6, 0.25)}
    assert by_region(con, "county", "南陵县", 2021) == {"county": (1, 0, 1, 0.0), "township": (8, 2, 6, 0.25)}
    # 三山区 is due in 2019 (merged away in 2020) with no township of its own in the 2025 list
    assert by_region(con, "county", "三山区", 2019) == {"county": (1, 0, 1, 0.0)}
    assert by_region(con, "county", "三山区", 2020) == {}


def test_province_coverage(con):
    # 安徽省 2020: 16 cities, 104 county-level divisions, 1,522 townships; the province government
    # published nothing; every published report lies in 芜湖市
    got = by_region(con, "province", "安徽省", 2020)
    assert got["province"] == (1, 0, 1, 0.0)
    assert got["city"] == (16, 1, 15, 1 / 16)
    assert got["county"] == (104, 3, 101, pytest.approx(3 / 104))
    assert got["township"] == (1522, 2, 1520, pytest.approx(2 / 1522))
    assert got["known"] == (2, 1, 1, 0.5) and got["listed"] == (2, 0, 2, 0.0)


def test_renamed_county_is_one_agency_across_years(con):
    # 芜湖县 (340221, 2019) and 湾沚区 (340210, 2020 on) share agency_id 340210:人民政府
    rows = con.execute("""SELECT year, agency_name, division_code, coverage_status FROM mart_coverage
                          WHERE agency_key = '340210:人民政府' ORDER BY year""").fetchall()
    assert rows == [(2019, "芜湖县人民政府", "340221", "reported"), (2020, "湾沚区人民政府", "340210", "reported"),
                    (2021, "湾沚区人民政府", "340210", "missing")]


def test_known_publishers_are_due_only_within_their_span(con):
    assert status(con, "340200:教育局") == {2020: "reported", 2021: "reported"}  # 2019 is not missing
    assert status(con, "340200:民政局") == {2019: "reported", 2020: "missing", 2021: "reported"}
    # a government is due every year of the province's span, before its first report too
    assert status(con, "340223:人民政府") == {2019: "missing", 2020: "reported", 2021: "missing"}


def test_listed_publishers_are_due_every_year(con):
    assert status(con, "340200:财政局") == {2019: "missing", 2020: "missing", 2021: "reported"}
    assert status(con, "340200:审计局") == {2019: "missing", 2020: "missing", 2021: "missing"}
    url = con.execute("SELECT url FROM int_expected_publishers WHERE agency_id = '340200:财政局' AND year = 2021")
    assert url.fetchone() == ("https://czj.wuhu.gov.cn",)
    stored = con.execute("SELECT agency, status FROM raw.publisher_list ORDER BY line").fetchall()
    assert stored == [("财政局", "ok"), ("芜湖市审计局", "ok"), ("某某中心", "unplaced")]


def test_ocr_damaged_report_is_placed_and_warned(con):
    assert status(con, "340207:人民政府") == {2019: "missing", 2020: "missing", 2021: "reported"}
    message = con.execute("""SELECT i.message FROM raw.issues AS i JOIN raw.reports AS r USING (report_id)
                             WHERE r.agency_name = '鸠汪区人民政府' AND i.issue_code = 'agency_name_corrected'""").fetchone()[0]
    assert "鸠汪区" in message and "鸠江区" in message


def test_unplaced_report_is_listed_with_its_reason(con):
    rows = con.execute("SELECT agency_name, is_placed, unplaced_reason FROM mart_quality WHERE NOT is_placed").fetchall()
    assert len(rows) == 1 and rows[0][:2] == ("某某管理委员会", False)
    assert rows[0][2].startswith("agency_unplaced: ")
    assert con.execute("SELECT count(*) FROM mart_quality WHERE is_placed AND unplaced_reason IS NOT NULL").fetchone() == (0,)


def test_every_current_report_is_reported_once(con, wuhu):
    reported = con.execute("SELECT count(*) FROM mart_coverage WHERE coverage_status = 'reported'").fetchone()[0]
    assert reported == len(city.PLAN) == len(wuhu.reports)


def test_townships_not_published_analysis(con):
    sql = ANALYSIS.read_text(encoding="utf-8")
    missing = con.execute(render(sql, {"county": "南陵县", "year": "2020"})).fetchall()
    assert [r[2] for r in missing] == [t for t in NANLING_TOWNS if t not in ("籍山镇", "许镇镇")]
    by_code = con.execute(render(sql, {"county": "340223", "year": "2021"})).fetchall()
    assert [r[2] for r in by_code] == [t for t in NANLING_TOWNS if t not in ("籍山镇", "三里镇")]
    assert len(con.execute(render(sql, {"county": "南陵县", "year": "2019"})).fetchall()) == 8


def test_coverage_models_and_their_data_tests_ran(wuhu):
    # staging (5), intermediate (3 + the registry), mart_coverage, mart_coverage_by_region, mart_quality;
    # their schema and data tests (assert_coverage_is_full_grid among them) passed or the build raised
    assert wuhu.models.models == 12 and wuhu.models.tests >= 40
