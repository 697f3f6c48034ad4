"""Report pages: attachments, pictures, legacy Word, navigation, failures and caps (issue 15).

Unit tests read the page logic directly; one integration test runs ``ogi run --sources`` against
a local site (127.0.0.1) with every case at once and checks the warehouse.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

from bench.generator.render_pdf import render_pdf
from bench.web_fixtures import attachment_page, page_html, pictures_page, report_title
from extract.pipeline import extract_path
from flows.fetch import FetchResult, fetch_url
from flows.pages import allowed, expand_page, find_parts, site_of
from tests.web.conftest import cells_of, needs_soffice
from tests.web.siteserver import Site, SiteServer


def test_only_the_article_body_offers_parts(web_report) -> None:
    page = attachment_page(web_report, "/files/r.pdf", "年度报告.pdf").encode()
    links = find_parts(page, "http://www.x.gov.cn/zwgk/nb/2024.html")
    assert [(link.url, link.kind) for link in links] == [("http://www.x.gov.cn/files/r.pdf", "attachment")]


def test_download_links_without_a_suffix_count_when_named_as_attachments() -> None:
    page = ("<html><body><div class='content'><p>附件：<a href='/down.jsp?id=7'>附件1</a></p>"
            "<p><a href='/other.html'>相关新闻</a></p>"
            "<a href='/dl?filename=%E5%B9%B4%E6%8A%A5.docx'>点击下载</a></div></body></html>").encode()  # fmt: skip
    urls = [link.url for link in find_parts(page, "http://a.gov.cn/p.html")]
    assert urls == ["http://a.gov.cn/down.jsp?id=7", "http://a.gov.cn/dl?filename=%E5%B9%B4%E6%8A%A5.docx"]


def test_parts_only_from_the_same_site_or_the_allow_list() -> None:
    assert site_of("www.hz.gov.cn") == site_of("file.hz.gov.cn") == "hz.gov.cn"
    assert site_of("www.example.com") == "example.com"
    page = "http://www.hz.gov.cn/a.html"
    assert allowed("https://file.hz.gov.cn/r.pdf", page, ())
    assert not allowed("http://www.sz.gov.cn/r.pdf", page, ())
    assert allowed("http://cdn.example.org/r.pdf", page, ("cdn.example.org",))
    assert not allowed("ftp://www.hz.gov.cn/r.pdf", page, ())


def _page_result(tmp_path: Path, url: str, html: str) -> FetchResult:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    return FetchResult(url, "downloaded", 200, path=str(path), sha256="ab" * 32, bytes=len(html))


def test_attachment_page_gives_the_attachment_cells_with_page_facts(web_report, truth, tmp_path: Path) -> None:
    site = Site()
    site.add("/nb/2024.html", attachment_page(web_report, "/files/report.pdf", report_title(web_report) + ".pdf"))
    site.add("/files/report.pdf", render_pdf(web_report), "application/pdf")
    with SiteServer(site) as server:
        page = fetch_url(server.url("/nb/2024.html"), None, tmp_path / "dl")
        bundle = expand_page(page, tmp_path / "dl")
    assert Path(bundle.path).is_dir() and bundle.sha256 != page.sha256
    report = extract_path(bundle.path)
    assert cells_of(report) == truth
    assert report.source.path == server.url("/nb/2024.html")
    assert report.source.part == server.url("/files/report.pdf")
    assert report.published_on == web_report.published_on.isoformat()
    assert site.hits["/zwgk/nb/2022.pdf"] == 0  # navigation is not followed


def test_attachments_over_the_cap_are_not_fetched(web_report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OGI_MAX_ATTACHMENTS", "2")
    links = "".join(f"<p><a href='/f/{i}.pdf'>附件{i}.pdf</a></p>" for i in range(5))
    site = Site()
    for i in range(5):
        site.add(f"/f/{i}.pdf", b"%PDF-1.4 not really", "application/pdf")
    site.add("/p.html", page_html(web_report, links))
    with SiteServer(site) as server:
        page = fetch_url(server.url("/p.html"), None, tmp_path / "dl")
        bundle = expand_page(page, tmp_path / "dl")
    manifest = json.loads((Path(bundle.path) / "bundle.json").read_text(encoding="utf-8"))
    assert len(manifest["parts"]) == 2
    assert [s["reason"] for s in manifest["skipped"]] == ["over the cap of 2 parts per page"] * 3
    assert sum(site.hits[f"/f/{i}.pdf"] for i in range(5)) == 2


def test_a_missing_attachment_is_a_clear_error_on_the_page(web_report, tmp_path: Path) -> None:
    site = Site()
    site.add("/p.html", attachment_page(web_report, "/files/gone.pdf", "年度报告.pdf"))
    with SiteServer(site) as server:
        page = fetch_url(server.url("/p.html"), None, tmp_path / "dl")
        report = extract_path(expand_page(page, tmp_path / "dl").path)
    errors = [i for i in report.issues if i.severity == "error"]
    assert errors and "HTTP 404" in errors[0].message and "gone.pdf" in errors[0].message
    assert report.source.path == server.url("/p.html")


def test_a_page_with_its_own_tables_is_not_expanded(tmp_path: Path) -> None:
    from bench.readers_fixtures import fixture_report, render_html

    html = render_html(fixture_report(5))
    result = _page_result(tmp_path, "http://x.gov.cn/p.html", html)
    assert expand_page(result, tmp_path / "dl") is result


def test_a_saved_page_with_its_files_folder_is_one_report(web_report, truth, tmp_path: Path) -> None:
    from flows.discover import scan_inboxes

    inbox = tmp_path / "inbox"
    (inbox / "年报_files").mkdir(parents=True)
    (inbox / "年报_files" / "report.pdf").write_bytes(render_pdf(web_report))
    (inbox / "年报.html").write_text(attachment_page(web_report, "年报_files/report.pdf", "年度报告.pdf"), encoding="utf-8")
    (inbox / "other.txt").write_text("会议纪要", encoding="utf-8")
    found = scan_inboxes([inbox])
    assert sorted(Path(c.path).name for c in found) == ["other.txt", "年报.html"]
    page = next(c for c in found if c.path.endswith(".html"))
    report = extract_path(page.path)
    assert cells_of(report) == truth
    assert report.source.part.endswith("report.pdf")


def test_a_folder_with_a_page_and_its_attachment_is_one_report(web_report, truth, tmp_path: Path) -> None:
    from flows.discover import scan_inboxes

    inbox = tmp_path / "inbox"
    folder = inbox / "hz-2024"
    folder.mkdir(parents=True)
    (folder / "report.pdf").write_bytes(render_pdf(web_report))
    (folder / "index.html").write_text(attachment_page(web_report, "report.pdf", "年度报告.pdf"), encoding="utf-8")
    found = scan_inboxes([inbox])
    assert [Path(c.path).name for c in found] == ["hz-2024"]
    assert cells_of(extract_path(found[0].path)) == truth


# ----------------------------------------------------------------------------- through ogi run
@pytest.mark.integration
@needs_soffice
def test_ogi_run_reads_every_kind_of_report_page(web_report, truth, doc_bytes, tmp_path: Path, capsys) -> None:
    import tests.flows.conftest  # noqa: F401 - the test session's own Prefect home
    from bench.web_fixtures import page_images
    from flows.cli import main

    name = report_title(web_report)
    site = Site()
    site.add("/a/page.html", attachment_page(web_report, "/a/files/report.pdf", name + ".pdf"))
    site.add("/a/files/report.pdf", render_pdf(web_report), "application/pdf")
    site.add("/zwgk/nb/2022.pdf", b"%PDF-1.4 another year's report", "application/pdf")
    site.add("/b/page.html", attachment_page(web_report, "/b/report.doc", name + ".doc"))
    site.add("/b/report.doc", doc_bytes, "application/msword")
    images = page_images(web_report)
    for i, png in enumerate(images, start=1):
        site.add(f"/c/img/{i}.png", png, "image/png")
    site.add("/c/page.html", pictures_page(web_report, [f"/c/img/{i}.png" for i in range(1, len(images) + 1)]))
    site.add("/d/page.html", attachment_page(web_report, "/d/missing.pdf", name + ".pdf"))
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    with SiteServer(site) as server:
        pages = {k: server.url(f"/{k}/page.html") for k in "abcd"}
        (project / "data" / "sources.txt").write_text("\n".join(pages.values()) + "\n", encoding="utf-8")
        cwd = Path.cwd()
        os.chdir(project)
        try:
            rc = main(["run", "--json", "--no-progress"])
        finally:
            os.chdir(cwd)
    capsys.readouterr()
    assert rc == 0
    assert site.hits["/zwgk/nb/2022.pdf"] == 0
    con = duckdb.connect(str(project / "data" / "warehouse" / "ogi.duckdb"), read_only=True)
    try:
        docs = dict(con.execute("SELECT path, status FROM raw.documents").fetchall())
        assert docs == {pages["a"]: "ok", pages["b"]: "ok", pages["c"]: "ok", pages["d"]: "failed"}
        error = con.execute("SELECT error FROM raw.documents WHERE path = ?", [pages["d"]]).fetchone()[0]
        assert "HTTP 404" in error
        parts = dict(con.execute("""SELECT d.path, r.source_part FROM raw.reports r
                                    JOIN raw.documents d ON d.sha256 = r.document_sha256""").fetchall())  # fmt: skip
        assert parts[pages["a"]] == server.url("/a/files/report.pdf")  # provenance: the page and its part
        assert parts[pages["b"]] == server.url("/b/report.doc")
        assert parts[pages["c"]].startswith(server.url("/c/img/1.png"))
        for key in "abc":
            rows = con.execute(
                """SELECT c.section, c.row_code, c.column_code, c.value FROM raw.cells c
                   JOIN raw.reports r USING (report_id) JOIN raw.documents d ON d.sha256 = r.document_sha256
                   WHERE d.path = ?""",
                [pages[key]],
            ).fetchall()
            got = {(s, r, c): float(v) for s, r, c, v in rows}
            assert got == truth, key
    finally:
        con.close()
