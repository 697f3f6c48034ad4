"""``ogi search KEYWORD [--province P] [--year Y] [--kind K] [--limit N]``: the reports whose text says it.

Prints how many reports (and paragraphs) contain the keyword, then one row per matching paragraph
of the first N reports (by province, agency, year): agency, year, section, the sentence holding
the keyword and its locator (line, or page). The same search from SQL: ``SELECT * FROM
search_text('信息处理费')`` (a table macro the loader creates in the warehouse; see
transform/text_store.py).

Chinese has no spaces, so this is a substring scan of the stored paragraphs, not a word index:
every report whose stored text contains the keyword is found, whatever surrounds it. The scan,
the count and the cut to the first N reports all run in one DuckDB query, so only the rows shown
come back to Python: a keyword in two thirds of 100k reports costs the same as a rare one
(bench/text_search.py). ``--format json`` prints every match unless ``--limit`` is given. Runs on
a read-only connection, so it can answer while nothing else writes. Exit codes: 0 matches printed
(or none found, with a note on stderr), 1 the warehouse could not be read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DB = Path("data/warehouse/ogi.duckdb")
TABLE_LIMIT = 50
_SENTENCE = re.compile(r"[^。；;！!？?]*[。；;！!？?]?")

# hits: the paragraphs holding the keyword (the one scan); reports: the matching reports that pass
# the filters; shown: the first {limit} of them in display order, whose paragraphs alone come back.
SQL = """
WITH hits AS (
    SELECT report_id, seq, section, text, line, page, bbox_x0, bbox_y0, bbox_x1, bbox_y1, html_path
    FROM raw.paragraphs WHERE contains(text, {keyword})
), reports AS (
    SELECT r.report_id, r.agency_name, r.year, r.province, r.agency_kind, h.n AS n_paragraphs
    FROM raw.reports AS r JOIN (SELECT report_id, count(*) AS n FROM hits GROUP BY report_id) AS h USING (report_id)
    WHERE ({province} IS NULL OR r.province = {province} OR contains(r.province, {province}))
      AND ({year} IS NULL OR r.year = {year})
      AND ({kind} IS NULL OR r.agency_kind = {kind})
), shown AS (  -- a top-N, not a sort of every match
    SELECT *, row_number() OVER (ORDER BY province NULLS LAST, agency_name, year, report_id) AS rank
    FROM (SELECT * FROM reports ORDER BY province NULLS LAST, agency_name, year, report_id LIMIT {limit})
), totals AS (
    SELECT count(*) AS n_reports, coalesce(sum(n_paragraphs), 0) AS n_paragraphs FROM reports
)
SELECT t.n_reports, t.n_paragraphs, s.report_id, s.agency_name, s.year, s.province, s.agency_kind,
       h.section, h.seq, h.text, h.line, h.page, h.bbox_x0, h.bbox_y0, h.bbox_x1, h.bbox_y1, h.html_path
FROM totals AS t
LEFT JOIN (shown AS s JOIN hits AS h USING (report_id)) ON true
ORDER BY s.rank, h.seq
"""
_COUNTS = 2  # the first two columns of every row are the totals


@dataclass
class Found:
    """What a search found: the totals over every match, and the paragraphs of the reports shown."""

    reports: int = 0
    paragraphs: int = 0
    hits: list[dict] = field(default_factory=list)

    @property
    def shown(self) -> int:
        return len({h["report_id"] for h in self.hits})


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("search", help="find reports whose text contains a keyword", description=__doc__,
                              formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("keyword", help="the words to find, e.g. 信息处理费 (matched as a substring)")
    p.add_argument("--province", help="only reports of this province (e.g. 河南省 or 河南)")
    p.add_argument("--year", type=int, help="only reports of this year")
    p.add_argument("--kind", help="only this agency kind (county_government, department …)")
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"warehouse file (default {DEFAULT_DB})")
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help="table: the sentences grouped by report; json: one line per matching paragraph")
    p.add_argument("--limit", type=int, help=f"reports shown, all their matching paragraphs (default {TABLE_LIMIT} "
                   "in table format, every match in json; 0: all)")  # fmt: skip
    p.set_defaults(func=run)


def search(con, keyword: str, province: str | None = None, year: int | None = None, kind: str | None = None,
           limit: int | None = None) -> Found:  # fmt: skip
    """Totals over all matching reports and the matching paragraphs of the first ``limit`` reports
    (all when None), each with the sentence holding the keyword and a locator."""
    sql = SQL.format(keyword=_literal(keyword), province=_literal(province), kind=_literal(kind),
                     year=_literal(None if year is None else int(year)), limit=_literal(2**62 if limit is None else int(limit)))  # fmt: skip
    cur = con.execute(sql)
    names = [d[0] for d in cur.description][_COUNTS:]
    rows = cur.fetchall()
    found = Found(reports=rows[0][0], paragraphs=rows[0][1])
    for row in rows:
        if row[_COUNTS] is None:  # no report shown: the totals' row alone
            continue
        d = dict(zip(names, row[_COUNTS:], strict=True))
        d["sentence"] = sentence_with(d["text"], keyword)
        d["locator"] = locator(d)
        found.hits.append(d)
    return found


def locator(hit: dict) -> str:
    """Where the paragraph is: its page, else its line — and on a web page its element's XPath
    (a page published as one long line has every paragraph on line 1)."""
    where = f"page {hit['page']}" if hit["page"] is not None else f"line {hit['line']}" if hit["line"] is not None else ""
    if hit.get("html_path"):
        where = f"{where} {hit['html_path']}".strip()
    return where


def _literal(value: str | int | None) -> str:
    """A value as a DuckDB literal (quotes doubled; a NUL refused), not a bound parameter: DuckDB's
    Python client imports pandas to bind any parameter, which costs more than the search itself
    (~1 s of CPU per ``ogi search``)."""
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    if "\x00" in value:
        raise ValueError("a search term cannot contain a NUL character")
    return "'" + value.replace("'", "''") + "'"


def sentence_with(text: str, keyword: str) -> str:
    """The sentence of ``text`` that holds ``keyword`` (the paragraph when the cut loses it)."""
    for m in _SENTENCE.finditer(text):
        if keyword in m.group(0):
            return m.group(0).strip()
    return text


def run(args: argparse.Namespace) -> int:
    import duckdb

    if not args.db.exists():
        print(f"ogi search: no warehouse at {args.db} (run `ogi run` or `ogi load` first)", file=sys.stderr)
        return 1
    if not args.keyword or "\x00" in args.keyword:
        print("ogi search: the keyword is empty or holds a NUL character", file=sys.stderr)
        return 1
    limit = args.limit if args.limit is not None else (TABLE_LIMIT if args.format == "table" else None)
    try:
        con = duckdb.connect(str(args.db), read_only=True)
    except duckdb.Error as exc:
        print(f"ogi search: cannot open {args.db}: {exc}", file=sys.stderr)
        return 1
    try:
        found = search(con, args.keyword, args.province, args.year, args.kind, limit or None)
    except duckdb.CatalogException:
        print(f"ogi search: {args.db} has no stored text (load it with this version of ogi)", file=sys.stderr)
        return 1
    except duckdb.BinderException:  # a column this version stores is missing: an older warehouse
        print(f"ogi search: {args.db} was built by an older ogi; `ogi run` (or `ogi load`) brings it up to date",
              file=sys.stderr)
        return 1
    finally:
        con.close()
    if args.format == "json":
        for h in found.hits:
            print(json.dumps({k: h[k] for k in ("report_id", "agency_name", "year", "province", "agency_kind", "section",
                                                "sentence", "line", "page", "html_path", "locator")}, ensure_ascii=False))  # fmt: skip
    elif found.hits:
        _print_table(found.hits)
    shown = f", showing the first {found.shown}" if found.shown < found.reports else ""
    print(f"{found.reports} reports match ({found.paragraphs} paragraphs contain {args.keyword!r}){shown}"
          + (" (use --limit N, 0 for all)" if shown else ""), file=sys.stderr)  # fmt: skip
    return 0


def _print_table(hits: list[dict]) -> None:
    """One heading per report (province, agency, year, short id), then its matching sentences with
    section and locator. Plain text, not a rich table: importing rich costs more than the search."""
    lines, last = [], None
    for h in hits:
        if h["report_id"] != last:
            last = h["report_id"]
            lines.append(f"{h['province'] or '-'}  {h['agency_name'] or '-'}  {h['year'] or '-'}  ({h['report_id'][:12]})")
        lines.append(f"    [{h['section']}, {h['locator'] or '-'}] {h['sentence']}")
    print("\n".join(lines))
