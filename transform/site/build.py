"""``ogi site``: a static, self-contained HTML site from the marts.

Pages (all plain files, no server, no CDN; open ``index.html`` from disk or publish the folder):

- ``index.html`` — overview: reports by year and province, quality status shares, coverage
  (reported vs missing where the warehouse knows), the latest run, links to provinces;
- ``region/<id>.html`` — per province (and per city with at least :data:`CITY_MIN_REPORTS`
  reports): each rate's distribution by agency kind, every agency a point, the median marked,
  small groups labelled as such; the agencies with links;
- ``agency/<id>.html`` — one agency: figures year by year, rates against the peer median, rank
  and percentile, each report's warnings and failed identities with their cells, its source;
- ``assets/`` — Plotly's script (from the ``plotly`` package, written once), the style sheet,
  the search script and its index of agency names (``agencies.js``, a script so that it loads
  from ``file://`` where ``fetch`` is refused).

Incremental where cheap: a page whose content did not change is not written again (its file
keeps its time stamp, so a sync to a web server copies only changed pages); pages of agencies
no longer in the warehouse are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transform.site import charts
from transform.site.data import FIGURES, RATES, SiteData, load

CITY_MIN_REPORTS = 20
HERE = Path(__file__).parent
QUALITY_COLORS = {"ok": "#2a7a2a", "unchecked": "#9e9e9e", "warning": "#e0a030", "error": "#b00020"}


@dataclass
class BuildStats:
    """What a build did, for the CLI and the benchmark."""

    pages: int = 0
    written: int = 0
    removed: int = 0
    bytes: int = 0
    seconds: float = 0.0


def slug(key: str) -> str:
    """A stable file name for an agency or region key (names are Chinese; URLs stay ASCII)."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _fmt(value: Any, key: str = "") -> str:
    if value is None:
        return "–"
    if key.endswith("_rate") or key == "percentile":
        return f"{float(value):.1%}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _env():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fmt"] = _fmt
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True, "default": str}
    return env


class _Writer:
    """Writes pages only when their bytes changed; remembers every path it owns."""

    def __init__(self, out: Path, stats: BuildStats) -> None:
        self.out, self.stats, self.seen = out, stats, set()

    def write(self, rel: str, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = self.out / rel
        self.seen.add(path)
        self.stats.pages += rel.endswith(".html")
        self.stats.bytes += len(data)
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                return
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        self.stats.written += 1

    def prune(self, folder: str) -> None:
        """Remove pages of a folder that this build did not write (agencies gone, regions renamed)."""
        d = self.out / folder
        if d.is_dir():
            for p in d.iterdir():
                if p.is_file() and p not in self.seen:
                    p.unlink()
                    self.stats.removed += 1


def build_site(db_path: str | Path, out: str | Path = "data/site") -> BuildStats:
    """Build the site of the warehouse at ``db_path`` into ``out``."""
    started = time.perf_counter()
    stats = BuildStats()
    data = load(str(db_path))
    out = Path(out)
    w = _Writer(out, stats)
    env = _env()
    # the data's time, not the build's: a page changes only when its data does, so a rebuild with
    # nothing new writes nothing (a clock in every footer would rewrite all 16k pages)
    data_as_of = data.latest_run.get("seen_at") or "–"
    _assets(w)
    latest_year = max((y for y, _ in data.reports_by_year), default=None)
    regions = _regions(data, latest_year)
    common = {"data_as_of": data_as_of, "base_layout": charts.BASE_LAYOUT}

    # agencies
    for key, rows in data.years.items():
        page = _agency_page(data, key, rows, regions)
        w.write(f"agency/{slug(key)}.html", env.get_template("agency.html").render(root="../", **common, **page))
    # regions
    for region in regions.values():
        w.write(f"region/{region['slug']}.html", env.get_template("region.html").render(root="../", **common, **region["page"]))
    # overview and the search index
    w.write("index.html", env.get_template("index.html").render(root="", **common, **_overview(data, regions)))
    index = [[a["agency_name"] or key, _place(a), f"agency/{slug(key)}.html"] for key, a in sorted(data.agencies.items())
             if key in data.years]  # fmt: skip
    w.write("assets/agencies.js", "window.ogiAgencies = " + json.dumps(index, ensure_ascii=False, separators=(",", ":")) + ";\n")
    w.prune("agency")
    w.prune("region")
    stats.seconds = time.perf_counter() - started
    return stats


def _assets(w: _Writer) -> None:
    from plotly.offline import get_plotlyjs

    w.write("assets/plotly.min.js", get_plotlyjs())
    w.write("assets/site.css", (HERE / "site.css").read_bytes())
    w.write("assets/search.js", (HERE / "search.js").read_bytes())


def _place(a: dict[str, Any]) -> str:
    return " ".join(p for p in (a.get("province"), a.get("city"), a.get("county"), a.get("township")) if p) or "未定位 unplaced"


# ----------------------------------------------------------------------------- regions
def _regions(data: SiteData, year: int | None) -> dict[tuple[str, str | None], dict[str, Any]]:
    """Province pages, and city pages where a city has enough reports, of the latest year."""
    by_region: dict[tuple[str, str | None], list[dict[str, Any]]] = defaultdict(list)
    for rows in data.years.values():
        for r in rows:
            if r["year"] == year and r["province"]:
                by_region[(r["province"], None)].append(r)
                if r["city"]:
                    by_region[(r["province"], r["city"])].append(r)
    out: dict[tuple[str, str | None], dict[str, Any]] = {}
    for (province, city), rows in sorted(by_region.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if city is not None and len(rows) < CITY_MIN_REPORTS:
            continue
        out[(province, city)] = {"slug": slug(f"{province}/{city or ''}"), "rows": rows, "reports": len(rows)}
    for (province, city), region in out.items():
        cities = [
            {"name": c, "href": f"{r['slug']}.html", "reports": r["reports"]}
            for (p, c), r in out.items()
            if p == province and c is not None and city is None
        ]
        region["page"] = _region_page(province, city, region["rows"], year, cities)
    return out


def _region_page(province: str, city: str | None, rows: list[dict[str, Any]], year: int | None, cities: list[dict[str, Any]]) -> dict[str, Any]:
    figures = {}
    for measure, label in RATES:
        groups: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for r in rows:
            if r.get(measure) is not None:
                groups[r["agency_kind"] or "unknown"].append((r["agency_name"], float(r[measure])))
        if groups:
            figures[f"dist_{measure}"] = charts.distribution(f"{label} · {year}", dict(sorted(groups.items())))
    agencies = [
        {"name": r["agency_name"], "href": f"../agency/{slug(r['agency_key'])}.html", "kind": r["agency_kind"] or "unknown",
         "years": r["year"], "quality": r["quality_status"]}
        for r in sorted(rows, key=lambda r: (r["agency_kind"] or "", r["agency_name"] or ""))
    ]  # fmt: skip
    return {
        "title": f"{province}{' · ' + city if city else ''}",
        "year": year,
        "n_reports": len(rows),
        "small_group": charts.SMALL_GROUP,
        "figures": figures,
        "chart_ids": list(figures),
        "agencies": agencies,
        "cities": cities,
    }


# ----------------------------------------------------------------------------- agencies
def _agency_page(data: SiteData, key: str, rows: list[dict[str, Any]], regions: dict) -> dict[str, Any]:
    agency = data.agencies.get(key) or {"agency_name": rows[-1]["agency_name"], "province": rows[-1]["province"]}
    years = [r["year"] for r in rows]
    comparisons = [(r["year"], c) for r in rows for c in data.comparison.get(r["report_id"], ())]
    medians = {(y, c["measure"]): c["peer_median"] for y, c in comparisons if c["peer_group"] == "kind"}
    figures = {}
    for measure, label in RATES:
        own = [r.get(measure) for r in rows]
        if all(v is None for v in own):
            continue
        median = [medians.get((r["year"], measure)) for r in rows]
        figures[f"trend_{measure}"] = charts.trend(label, years, own, median)
    # ranks of the latest year (the trend charts carry the history against the peer median)
    latest = years[-1]
    ranks = sorted(
        ({"year": y} | c for y, c in comparisons if y == latest and (c["measure"] in dict(RATES) or c["measure"] == "applications_received")),
        key=lambda c: (c["measure"], c["peer_group"]),
    )
    year_rows = []
    for r in rows:
        source = data.sources.get(r["report_id"]) or ""
        year_rows.append(r | {"problems": data.problems.get(r["report_id"], []), "source": source,
                              "source_href": _source_href(source)})  # fmt: skip
    province_region = regions.get((agency.get("province"), None))
    return {
        "title": agency.get("agency_name") or key,
        "agency": agency,
        "place": _place(agency),
        "province_href": f"../region/{province_region['slug']}.html" if province_region else None,
        "years": year_rows,
        "figure_rows": FIGURES,
        "figures": figures,
        "chart_ids": list(figures),
        "ranks": ranks,
    }


def _source_href(source: str) -> str | None:
    """A link to the report's document: its URL, or the local file (absolute path) when it exists."""
    if source.startswith(("http://", "https://")):
        return source
    p = Path(source)
    return p.resolve().as_uri() if source and p.exists() else None


# ----------------------------------------------------------------------------- overview
def _overview(data: SiteData, regions: dict) -> dict[str, Any]:
    years = [y for y, _ in data.reports_by_year]
    figures = {
        "by_year": charts.bar("按年度报告数 reports by year", years, [n for _, n in data.reports_by_year]),
        "by_province": charts.bar(
            "按省份报告数 reports by province",
            [p for p, _ in data.reports_by_province],
            [n for _, n in data.reports_by_province],
            horizontal=True,
        ),
    }
    statuses = sorted({s for _, s, _ in data.quality_by_year}, key=lambda s: list(QUALITY_COLORS).index(s) if s in QUALITY_COLORS else 9)
    q = {s: [next((n for y2, s2, n in data.quality_by_year if y2 == y and s2 == s), 0) for y in years] for s in statuses}
    figures["quality"] = charts.stacked("数据质量 quality status by year", years, q, QUALITY_COLORS)
    if data.coverage_by_year:
        cyears = sorted({y for y, _, _ in data.coverage_by_year})
        kinds = sorted({s for _, s, _ in data.coverage_by_year})
        cov = {k: [next((n for y2, k2, n in data.coverage_by_year if y2 == y and k2 == k), 0) for y in cyears] for k in kinds}
        figures["coverage"] = charts.stacked("覆盖 coverage: reported vs missing", cyears, cov,
                                             {"reported": "#3b6ea5", "missing": "#d9534f"})  # fmt: skip
    provinces = [
        {"name": p, "reports": n, "href": f"region/{regions[(p, None)]['slug']}.html" if (p, None) in regions else None}
        for p, n in data.reports_by_province
    ]
    return {
        "title": "概览 Overview",
        "n_reports": sum(n for _, n in data.reports_by_year),
        "n_agencies": len(data.years),
        "year_span": f"{years[0]}–{years[-1]}" if years else "–",
        "latest_run": data.latest_run,
        "has_coverage": "coverage" in figures,
        "figures": figures,
        "provinces": provinces,
    }
