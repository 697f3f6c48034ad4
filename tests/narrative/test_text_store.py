"""Issue 13 in the warehouse: the labelled reports' text stored by section, searchable with
``ogi search`` and ``search_text()``, loads idempotent, the dbt text models built and tested."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest

from bench.generator.model import draw_report
from bench.generator.write import render
from extract.pipeline import extract_bytes, extract_path
from flows.cli import main as ogi
from transform import warehouse

KEYWORD = "信息处理费"
_HEADINGS = {  # a section is in the file when its numbered heading is (whitespace removed)
    "one": r"一、总体情况",
    "two": r"二、主动公开政府信息",
    "three": r"三、收到和处理政府信息公开申请",
    "four": r"四、政府信息公开行政",
    "five": r"五、存在的主要问题",
    "six": r"六、其他需要报告",
}


def labelled_files(shared: Path) -> list[Path]:
    seeds = sorted(p for p in (shared / "seeds").iterdir() if p.is_file() and p.suffix in (".txt", ".md"))
    ids = [line.split("\t")[0] for line in (shared / "corpus/labels/reports.tsv").read_text("utf-8").splitlines()[1:]]
    corpus = [p for i in ids for p in sorted((shared / "corpus").glob(f"{i}.*"))]
    return seeds + corpus


def plain_text(path: Path) -> str:
    """The file's own text, without the extractor: decoded text, HTML text content, PDF text layer."""
    if path.suffix == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        return "".join(page.get_textpage().get_text_range() for page in pdf)
    if path.suffix in (".html", ".htm"):
        import lxml.html

        return lxml.html.parse(str(path)).getroot().text_content()
    return path.read_bytes().decode("utf-8-sig")


@pytest.fixture(scope="module")
def store(shared, tmp_path_factory):
    """The labelled reports plus 12 generated ones, loaded twice into one warehouse."""
    files = labelled_files(shared)
    reports = [extract_path(p).to_dict() for p in files]
    for i in range(12):
        rep = draw_report(900 + i, ("tab", "md", "layout")[i % 3], "text_mismatch" if i % 4 == 0 else "")
        reports.append(extract_bytes(render(rep), f"gen/{rep.id}.txt", guard=False).to_dict())
    db = tmp_path_factory.mktemp("text") / "ogi.duckdb"
    con = warehouse.connect(db)
    warehouse.load(con, warehouse.iter_results_from_reports(reports))
    counts = _counts(con)
    warehouse.load(con, warehouse.iter_results_from_reports(reports))
    assert _counts(con) == counts  # idempotent: the same files add nothing
    con.close()
    return db, files, reports


def _counts(con) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM raw.{t}").fetchone()[0] for t in ("paragraphs", "text_facts", "text_checks")}


def test_every_section_of_the_labelled_reports_is_stored(store) -> None:
    db, files, reports = store
    con = duckdb.connect(str(db), read_only=True)
    for path, rep in zip(files, reports, strict=False):
        text = re.sub(r"\s", "", plain_text(path))
        expected = {"preamble"} | {s for s, pat in _HEADINGS.items() if re.search(pat, text)}
        sha = rep["source"]["sha256"]
        stored = {s for (s,) in con.execute("SELECT DISTINCT section FROM raw.paragraphs WHERE report_id = ?", [sha]).fetchall()}
        assert expected <= stored, (path.name, expected - stored)
    con.close()


def test_web_page_paragraphs_point_at_their_element_in_the_page(store) -> None:
    """html_path is the XPath of the paragraph's element in the page as published: the corpus page
    prints its whole body on one line, so the line locator alone finds nothing."""
    import lxml.html

    from extract.readers.html import decode_html

    db, files, reports = store
    page = next(p for p in files if p.suffix == ".html")
    sha = next(r["source"]["sha256"] for r in reports if r["source"]["path"].endswith(page.name))
    tree = lxml.html.document_fromstring(decode_html(page.read_bytes())).getroottree()
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT text, html_path FROM raw.paragraphs WHERE report_id = ? ORDER BY seq", [sha]).fetchall()
    others = con.execute("SELECT count(*) FROM raw.paragraphs WHERE report_id <> ? AND html_path IS NOT NULL",
                         [sha]).fetchone()[0]  # fmt: skip
    con.close()
    assert len(rows) >= 20 and others == 0  # only web pages have elements
    for text, path in rows:
        (el,) = tree.xpath(path)
        printed = re.sub(r"\s", "", el.text_content())
        assert re.sub(r"\s", "", text)[:20] in printed, (path, text[:30])


def test_ogi_search_finds_exactly_the_reports_saying_it(store, capsys) -> None:
    db, files, reports = store
    sha_of = {rep["source"]["sha256"]: Path(rep["source"]["path"]).name for rep in reports}
    expected = {p.name for p in files if KEYWORD in re.sub(r"\s", "", plain_text(p))}
    expected |= {Path(r["source"]["path"]).name for r in reports if r["source"]["path"].startswith("gen/")
                 and any(KEYWORD in p["text"] for p in r["paragraphs"])}  # fmt: skip
    assert {"pingtan_2022.txt", "hongze_2024.pdf"} <= expected
    assert ogi(["search", KEYWORD, "--db", str(db), "--format", "json"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {sha_of[h["report_id"]] for h in hits} == expected
    assert all(KEYWORD in h["sentence"] and h["locator"] for h in hits)
    con = duckdb.connect(str(db), read_only=True)
    by_sql = {sha_of[r] for (r,) in con.execute("SELECT DISTINCT report_id FROM search_text(?)", [KEYWORD]).fetchall()}
    con.close()
    assert by_sql == expected


def test_search_filters_and_table_output(store, capsys) -> None:
    db, _files, _reports = store
    assert ogi(["search", KEYWORD, "--db", str(db), "--year", "2022"]) == 0
    out = capsys.readouterr()
    assert "平潭" in out.out and "1 reports" in out.err
    assert ogi(["search", KEYWORD, "--db", str(db), "--year", "1999", "--format", "json"]) == 0
    assert capsys.readouterr().out == ""


def test_search_counts_every_match_and_shows_the_first_reports(store, capsys) -> None:
    """--limit cuts the reports shown, never the totals; the shown ones come first in display order."""
    db, files, reports = store
    con = duckdb.connect(str(db), read_only=True)
    order = [r for (r,) in con.execute("SELECT report_id FROM search_text(?)", [KEYWORD]).fetchall()]
    n_paragraphs = len(order)
    order = list(dict.fromkeys(order))
    con.close()
    assert len(order) >= 3
    assert ogi(["search", KEYWORD, "--db", str(db), "--format", "json", "--limit", "2"]) == 0
    out = capsys.readouterr()
    assert list(dict.fromkeys(json.loads(line)["report_id"] for line in out.out.splitlines())) == order[:2]
    assert f"{len(order)} reports match ({n_paragraphs} paragraphs" in out.err and "showing the first 2" in out.err
    assert ogi(["search", KEYWORD, "--db", str(db), "--limit", "0"]) == 0  # 0: every report, no "showing"
    err = capsys.readouterr().err
    assert f"{len(order)} reports match" in err and "showing" not in err
    for absent in ("不存在的词语组合", "费' OR 1=1 --"):  # a quote is text, never SQL
        assert ogi(["search", absent, "--db", str(db)]) == 0
        assert capsys.readouterr().err.startswith("0 reports match")
    assert ogi(["search", "", "--db", str(db)]) == 1


def test_paragraph_text_is_stored_uncompressed(tmp_path) -> None:
    """FSST would cut the bytes but cost as much as the search on every scan (transform/text_store.py)."""
    con = warehouse.connect(tmp_path / "w.duckdb")
    con.execute("INSERT INTO raw.paragraphs (report_id, seq, section, text) SELECT 'r' || (i // 40), i % 40, 'one', "
                "'本年度本机关共收到政府信息公开申请' || i || '件，其中当面申请' || (i % 97) || '件。' FROM range(150000) AS t(i)")  # fmt: skip
    con.execute("CHECKPOINT")
    kinds = {c for (c,) in con.execute("SELECT DISTINCT compression FROM pragma_storage_info('raw.paragraphs') "
                                        "WHERE column_name = 'text' AND segment_type = 'VARCHAR'").fetchall()}  # fmt: skip
    con.close()
    assert kinds and kinds <= {"Uncompressed", "Constant"}, kinds


def test_stored_facts_and_checks_keep_their_locators(store) -> None:
    db, _files, _reports = store
    con = duckdb.connect(str(db), read_only=True)
    fee = con.execute("SELECT value, unit, line FROM raw.text_facts f JOIN raw.reports r USING (report_id) "
                      "WHERE r.agency_name LIKE '%平潭%' AND r.year = 2022 AND kind = 'fee_charged'").fetchall()  # fmt: skip
    assert fee == [(0.0, "万元", 10)]  # the one-line body is line 10 of the scraped page
    disagree = con.execute("SELECT count(*), count(coalesce(line, page)), count(coalesce(table_line, table_page)) "
                           "FROM raw.text_checks WHERE status = 'disagrees'").fetchone()  # fmt: skip
    assert disagree[0] >= 3 and disagree[0] == disagree[1] == disagree[2]  # the planted ones (hongze 区政府办代表… is another scope)
    con.close()


@pytest.mark.slow
def test_dbt_text_models_build_and_pass(store) -> None:
    from transform.models import build_models

    db, _files, _reports = store
    build_models(db)
    con = duckdb.connect(str(db), read_only=True)
    rows = dict(con.execute("SELECT check_status, count(*) FROM mart_text_checks GROUP BY 1").fetchall())
    con.close()
    assert rows["disagrees"] >= 3 and rows["agrees"] >= 5


def test_search_on_a_warehouse_of_an_older_ogi_says_how_to_upgrade_it(tmp_path, capsys) -> None:
    db = tmp_path / "old.duckdb"
    con = warehouse.connect(db)
    con.execute("ALTER TABLE raw.paragraphs DROP COLUMN html_path")  # as an older version built it
    con.close()
    assert ogi(["search", KEYWORD, "--db", str(db)]) == 1
    assert "older ogi" in capsys.readouterr().err
    warehouse.connect(db).close()  # a writable open (ogi run / load) brings the column back
    assert ogi(["search", KEYWORD, "--db", str(db)]) == 0
