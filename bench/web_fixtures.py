"""A generated report as government sites publish it: a page with an attachment, a page of
pictures, a legacy Word (.doc) or WPS file, a saved page with its ``_files`` folder.

Truth comes from the generator (``bench.generator``), so the tests of issue 15 compare the cells
read through the page with the report's own values. The .doc is made the way offices make it,
by Word's format through LibreOffice (``soffice --convert-to doc``), so it is a real Word 97
binary; a ``.wps`` is the same bytes under Kingsoft's name (WPS Writer writes Word 97 binaries).

``python -m bench.web_fixtures --out DIR [--seed S]`` writes a small site folder to look at.
"""

from __future__ import annotations

import argparse
import html
import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.generator.model import GenReport, draw_report
from bench.generator.render_docx import render_docx
from bench.generator.render_pdf import render_pdf

NAV = (
    "<div class='nav'><a href='/'>首页</a> <a href='/zwgk/'>政务公开</a>"
    " <a href='/zwgk/nb/2022.pdf'>2022年政府信息公开工作年度报告.pdf</a>"
    " <a href='/zwgk/nb/2023.html'>2023年政府信息公开工作年度报告</a></div>"
)
FOOTER = "<div class='footer'>主办单位：某某人民政府办公室 <a href='/help.doc'>使用帮助.doc</a></div>"


def fixture_report(seed: int = 11) -> GenReport:
    """A valid generated report (no defect, with a sign-off date) to publish in every way: the
    first such draw from ``seed`` on, so the page's date can be checked as a report fact."""
    for s in range(seed, seed + 100):
        rep = draw_report(s, "tab", rid=f"web_{s}")
        if rep.published_on is not None and not rep.blank:
            return rep
    raise RuntimeError(f"no dated report drawn from seeds {seed}..{seed + 99}")


def report_title(rep: GenReport) -> str:
    return f"{rep.agency.name}{rep.year}年政府信息公开工作年度报告"


def soffice_convert(data: bytes, suffix: str, target: str, seconds: float = 120.0) -> bytes:
    """Convert document bytes with LibreOffice (``target`` e.g. ``doc``); own throw-away profile."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise RuntimeError("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory(prefix="ogi-fixture-") as tmp:
        src = Path(tmp) / f"report{suffix}"
        src.write_bytes(data)
        cmd = [soffice, "--headless", "--norestore", f"-env:UserInstallation={(Path(tmp) / 'p').as_uri()}",
               "--convert-to", target, "--outdir", str(Path(tmp) / "out"), str(src)]  # fmt: skip
        subprocess.run(cmd, check=True, capture_output=True, timeout=seconds, env={**os.environ, "HOME": tmp})
        return (Path(tmp) / "out" / f"report.{target}").read_bytes()


def legacy_doc(rep: GenReport) -> bytes:
    """The report as a Word 97-2003 binary (.doc), converted from its generated DOCX."""
    return soffice_convert(render_docx(rep), ".docx", "doc")


def page_images(rep: GenReport, dpi: int = 150) -> list[bytes]:
    """The report's PDF pages as PNG pictures (a page that shows the report as images)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(render_pdf(rep))
    out = []
    for i in range(len(pdf)):
        buf = io.BytesIO()
        pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L").save(buf, format="PNG", dpi=(dpi, dpi))
        out.append(buf.getvalue())
    return out


def page_html(rep: GenReport, body: str) -> str:
    """A report page: navigation, the article (title, date, body), a footer."""
    pub = rep.published_on.isoformat() if rep.published_on else ""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(report_title(rep))}</title></head><body>{NAV}"
        f"<div class='article'><h1>{html.escape(report_title(rep))}</h1>"
        f"<div class='info'>发布日期：{pub}</div>{body}</div>{FOOTER}</body></html>"
    )


def attachment_page(rep: GenReport, href: str, name: str) -> str:
    """A page whose body is a short note and the report as an attachment."""
    note = f"<p>现将{html.escape(report_title(rep))}予以公布。</p>"
    return page_html(rep, f"{note}<p>附件：<a href='{href}'>{html.escape(name)}</a></p>")


def pictures_page(rep: GenReport, srcs: list[str]) -> str:
    """A page that shows the report as page pictures."""
    imgs = "".join(f"<p><img src='{s}' alt='年度报告第{i}页'></p>" for i, s in enumerate(srcs, start=1))
    return page_html(rep, imgs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    out = Path(args.out)
    rep = fixture_report(args.seed)
    (out / "attachment" / "files").mkdir(parents=True, exist_ok=True)
    (out / "attachment" / "files" / "report.pdf").write_bytes(render_pdf(rep))
    (out / "attachment" / "page.html").write_text(
        attachment_page(rep, "files/report.pdf", report_title(rep) + ".pdf"), encoding="utf-8"
    )
    (out / "legacy").mkdir(parents=True, exist_ok=True)
    (out / "legacy" / f"{rep.id}.doc").write_bytes(legacy_doc(rep))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
