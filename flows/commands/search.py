"""``ogi search KEYWORD [--province P] [--year Y] [--kind K]``: the reports whose text says it.

Prints one row per matching paragraph: agency, year, section, the sentence holding the keyword
and its locator (line, or page). The same search from SQL: ``SELECT * FROM search_text('信息处理费')``
(a table macro the loader creates in the warehouse; see transform/text_store.py).

Chinese has no spaces, so this is a substring scan of the stored paragraphs, not a word index:
every report whose stored text contains the keyword is found, whatever surrounds it. Runs on a
read-only connection, so it can answer while nothing else writes. Exit codes: 0 matches printed
(or none found, with a note on stderr), 1 the warehouse could not be read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

DEFAULT_DB = Path("data/warehouse/ogi.duckdb")
_SENTENCE = re.compile(r"[^。；;！!？?]*[。；;！!？?]?")

SQL = """
SELECT r.report_id, r.agency_name, r.year, r.province, r.agency_kind, p.section, p.seq, p.text, p.line, p.page,
       p.bbox_x0, p.bbox_y0, p.bbox_x1, p.bbox_y1
FROM raw.paragraphs AS p JOIN raw.reports AS r USING (report_id)
WHERE contains(p.text, $keyword)
  AND ($province IS NULL OR r.province = $province OR contains(r.province, $province))
  AND ($year IS NULL OR r.year = $year)
  AND ($kind IS NULL OR r.agency_kind = $kind)
ORDER BY r.province NULLS LAST, r.agency_name, r.year, r.report_id, p.seq
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("search", help="find reports whose text contains a keyword", description=__doc__,
                              formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("keyword", help="the words to find, e.g. 信息处理费 (matched as a substring)")
    p.add_argument("--province", help="only reports of this province (e.g. 河南省 or 河南)")
    p.add_argument("--year", type=int, help="only reports of this year")
    p.add_argument("--kind", help="only this agency kind (county_government, department …)")
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"warehouse file (default {DEFAULT_DB})")
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    p.add_argument("--limit", type=int, default=200, help="rows printed in table format (default 200)")
    p.set_defaults(func=run)


def search(con, keyword: str, province: str | None = None, year: int | None = None, kind: str | None = None) -> list[dict]:
    """Matching paragraphs as dicts, with the sentence holding the keyword and a locator."""
    cur = con.execute(SQL, {"keyword": keyword, "province": province, "year": year, "kind": kind})
    names = [d[0] for d in cur.description]
    out = []
    for row in cur.fetchall():
        d = dict(zip(names, row, strict=True))
        d["sentence"] = sentence_with(d["text"], keyword)
        d["locator"] = f"page {d['page']}" if d["page"] is not None else f"line {d['line']}" if d["line"] is not None else ""
        out.append(d)
    return out


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
    try:
        con = duckdb.connect(str(args.db), read_only=True)
    except duckdb.Error as exc:
        print(f"ogi search: cannot open {args.db}: {exc}", file=sys.stderr)
        return 1
    try:
        hits = search(con, args.keyword, args.province, args.year, args.kind)
    except duckdb.CatalogException:
        print(f"ogi search: {args.db} has no stored text (load it with this version of ogi)", file=sys.stderr)
        return 1
    finally:
        con.close()
    reports = len({h["report_id"] for h in hits})
    if args.format == "json":
        for h in hits:
            print(json.dumps({k: h[k] for k in ("report_id", "agency_name", "year", "province", "agency_kind", "section",
                                                "sentence", "line", "page", "locator")}, ensure_ascii=False))  # fmt: skip
    else:
        _print_table(hits[: args.limit])
        if len(hits) > args.limit:
            print(f"… {len(hits) - args.limit} more (use --limit or --format json)")
    print(f"{len(hits)} paragraphs in {reports} reports contain {args.keyword!r}", file=sys.stderr)
    return 0


def _print_table(hits: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for col in ("agency_name", "year", "province", "section", "locator", "sentence"):
        table.add_column(col, overflow="fold")
    for h in hits:
        table.add_row(str(h["agency_name"] or "-"), str(h["year"] or "-"), str(h["province"] or "-"), h["section"],
                      h["locator"], h["sentence"])  # fmt: skip
    Console(width=max(120, Console().width)).print(table)
