"""The expected-publishers registry and publisher lists, without a warehouse (fast)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from flows.cli import main as ogi
from transform.agency import resolve
from transform.agency.gazetteer import gazetteer
from transform.agency.resolve import _from_town
from transform.publishers import ListError, governments, read_publisher_list, registry


def test_every_registry_id_is_what_the_resolver_gives_the_agency() -> None:
    """Registry rows and reports must meet on agency_id: resolve each government's own name."""
    rows = [r for r in governments(2020, ["江苏省"]) if r.city == "宿迁市"]
    levels = Counter(r.level for r in rows)  # 宿迁市: 沭阳县 泗阳县 泗洪县 宿城区 宿豫区
    assert (levels["city"], levels["county"], len(levels)) == (1, 5, 3) and levels["township"] > 50
    for r in rows:
        prefix = r.county if r.level == "township" else ""
        res = resolve(prefix + r.agency_name, 2020, "")
        assert (res.agency_id, res.division_code, res.agency_kind) == (r.agency_id, r.division_code, r.agency_kind), r


def test_townships_are_placed_as_the_resolver_places_them() -> None:
    g = gazetteer()
    idx = g.year(2019)
    rows = {r.township_code: r for r in governments(2019, ["安徽省"], g) if r.level == "township"}
    for town in (t for towns in g.towns.values() for t in towns if t.province == "安徽省"):
        place = _from_town(town, idx, g)
        if town.code in rows:
            assert (rows[town.code].county, rows[town.code].division_code) == (place.county, place.division_code)
        else:  # not due: its county did not exist in 2019
            assert place.county == ""


def test_division_changes_between_years() -> None:
    """芜湖县 (340221) became 湾沚区 (340210) in 2020 under one id; 三山区 is gone in 2020."""
    def counties(year: int) -> dict[str, tuple[str, str]]:
        return {r.agency_name: (r.agency_id, r.division_code) for r in governments(year, ["安徽省"])
                if r.level == "county" and r.city == "芜湖市"}

    old, new = counties(2019), counties(2020)
    assert old["芜湖县人民政府"] == ("340210:人民政府", "340221")
    assert new["湾沚区人民政府"] == ("340210:人民政府", "340210")
    assert "三山区人民政府" in old and "三山区人民政府" not in new
    assert (len(old), len(new)) == (8, 7)


def test_registry_covers_only_the_scope() -> None:
    table = registry([("宁夏回族自治区", 2020), ("宁夏回族自治区", 2021)])
    assert set(table.column("province").to_pylist()) == {"宁夏回族自治区"}
    assert sorted(set(table.column("year").to_pylist())) == [2020, 2021]
    assert registry([]).num_rows == 0


def _csv(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "list.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_publisher_list_places_names_with_their_region(tmp_path: Path) -> None:
    rows = read_publisher_list(_csv(tmp_path, "单位名称,地区,类型,网址,起始年份\n"
                                              "教育局,江苏省宿迁市沭阳县,department,http://x.gov.cn,2021\n"
                                              "沭阳县财政局,江苏省宿迁市沭阳县,,,\n"
                                              "沐阳县审计局,,,,\n", "gb18030"))
    assert [(r.agency_id, r.status, r.first_year) for r in rows] == [
        ("321322:教育局", "ok", 2021), ("321322:财政局", "ok", None), ("321322:审计局", "warning", None)]
    assert rows[0].url == "http://x.gov.cn" and rows[1].agency_kind == "department"
    assert "沭阳县" in rows[2].message  # the OCR-style correction is reported, not silent


def test_publisher_list_errors(tmp_path: Path) -> None:
    with pytest.raises(ListError, match="no agency column"):
        read_publisher_list(_csv(tmp_path, "office,region\nx,y\n"))
    with pytest.raises(ListError, match="empty"):
        read_publisher_list(_csv(tmp_path, ""))
    assert ogi(["publishers", "import", str(tmp_path / "absent.csv"), "--db", str(tmp_path / "w.duckdb"),
                "--no-models"]) == 1
