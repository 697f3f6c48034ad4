"""Reports whose tables are pictures: the scans (``render_scan``), and a web page or a Word file
whose narrative is text but whose tables were pasted in as images.

Many sites publish the report as HTML with each table a screenshot (``<img>``; a browser's "save
page" keeps them beside the page as ``page.html`` + ``page_files/table1.png``), and many Word
files carry the tables as pictures. The pictures are the scan printout's tables (``scan_print``)
rasterised alone at screen resolution, PNG or JPEG, section three sometimes cut in two pictures
(one per printed page); which of these is drawn from the report's seed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape
from pathlib import Path

from bench.generator.model import GenReport
from bench.generator.narrative import date_text
from bench.generator.outline import outline
from bench.generator.render_scan import SCAN_LAYOUTS, scan_rng
from bench.generator.scan_print import print_style, table_flowable
from bench.generator.tables import WIDTH, expand
from extract.templates import APPLICATIONS


@dataclass(frozen=True)
class Picture:
    """One table image: its file name, bytes, pixel size and the section it shows."""

    name: str
    data: bytes
    size: tuple[int, int]
    section: str


def _rasterise(flowable, width: float, dpi: float, jpeg: int) -> tuple[bytes, tuple[int, int], str]:
    """A flowable drawn alone on a page of its own size, rasterised (PNG, or JPEG when ``jpeg``)."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    w, h = flowable.wrap(width, 100_000)
    pad = 6.0
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(w + 2 * pad, h + 2 * pad), invariant=1)
    flowable.drawOn(c, pad, pad)
    c.showPage()
    c.save()
    pdf = pdfium.PdfDocument(buf.getvalue())
    im = pdf[0].render(scale=dpi / 72).to_pil().convert("RGB")
    pdf.close()
    out = io.BytesIO()
    if jpeg:
        im.save(out, format="JPEG", quality=jpeg)
        return out.getvalue(), im.size, ".jpg"
    im.save(out, format="PNG")
    return out.getvalue(), im.size, ".png"


_LAST: tuple[tuple, list[Picture]] | None = None


def picture_style(rep: GenReport) -> tuple[float, int, bool]:
    """(screen dpi, JPEG quality or 0 for PNG, section three cut in two pictures), per seed."""
    rng = scan_rng(rep, "pictures")
    dpi = rng.choice((96.0, 120.0, 144.0))
    jpeg = rng.choice((0, 0, rng.randint(70, 95)))
    return dpi, jpeg, rng.random() < 0.3


def picture_buckets(rep: GenReport) -> dict[str, str]:
    """Bucket labels of a picture layout for ``bench.scan_quality`` (pages = pictures)."""
    dpi, jpeg, split = picture_style(rep)
    return {
        "layout": rep.layout,
        "picture_dpi": f"{dpi:g}",
        "picture_format": "jpeg" if jpeg else "png",
        "section_three_pictures": "2" if split else "1",
        "pages": str(len(pictures(rep))),
    }


def pictures(rep: GenReport) -> list[Picture]:
    """The table pictures of a report in print order (cached for the last report: the page and
    the files beside it are written from the same pictures)."""
    global _LAST
    key = (rep.id, rep.seed, rep.layout, rep.defect, rep.variant)
    if _LAST is not None and _LAST[0] == key:
        return _LAST[1]
    ps = print_style(rep)
    dpi, jpeg, split = picture_style(rep)
    width = 500.0
    out: list[Picture] = []
    for b in outline(rep):
        if b.kind != "table" or b.grid is None:
            continue
        n = len(expand(b.grid, WIDTH[b.section]))
        parts = [[(0, n)]]
        if split and b.section == APPLICATIONS and n > 10:
            k = 3 + (n - 3) // 2
            parts = [[(0, k)], ([(0, 3)] if ps.repeat_header else []) + [(k, n)]]
        for segments in parts:
            data, size, suffix = _rasterise(
                table_flowable(rep, b.grid, b.section, ps, width, segments), width, dpi, jpeg
            )
            out.append(Picture(f"table{len(out) + 1}{suffix}", data, size, b.section))
    _LAST = (key, out)
    return out


def files_dir(page: Path) -> Path:
    """Where a browser puts a saved page's images: ``page_files`` beside ``page.html``."""
    return page.with_name(page.stem + "_files")


def render_html_img(rep: GenReport) -> str:
    """The page: narrative as HTML paragraphs, each table an ``<img>`` of ``<id>_files/``."""
    pics = iter(pictures(rep))
    folder = f"{rep.id}_files"
    body: list[str] = []
    for b in outline(rep):
        if b.kind == "title":
            body.append(f"<h1 style='text-align:center'>{escape(b.text.replace(chr(10), ''))}</h1>")
            if rep.published_on:
                body.append(f"<p class='info'>发布日期：{rep.published_on.isoformat()}</p>")
        elif b.kind == "table":
            n_parts = 1
            if b.section == APPLICATIONS:
                n_parts = sum(1 for p in pictures(rep) if p.section == APPLICATIONS)
            for _ in range(n_parts):
                p = next(pics)
                w, h = p.size
                body.append(f"<p style='text-align:center'><img src=\"{folder}/{p.name}\" width=\"{w}\" height=\"{h}\" "
                            f"alt=\"\" border=\"0\" /></p>")  # fmt: skip
        elif b.kind == "signoff":
            name, _when = b.text.split("\n")
            assert rep.published_on is not None
            body.append(f"<p style='text-align:right'>{escape(name)}</p>")
            body.append(f"<p style='text-align:right'>{date_text(rep, rep.published_on)}</p>")
        elif b.kind in ("heading", "subheading"):
            body.append(f"<p><strong>{escape(b.text)}</strong></p>")
        else:
            body.append(f"<p style='text-indent:2em'>{escape(b.text)}</p>")
    title = escape("".join(outline(rep)[0].text.split("\n")))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>'
        + title
        + "</title></head><body><div class='nav'><a href='/'>首页</a> &gt; <a href='/zwgk'>政务公开</a></div>"
        + "<div class='article'>"
        + "\n".join(body)
        + "</div><div class='footer'>主办单位：人民政府办公室</div></body></html>\n"
    )


def write_page_files(rep: GenReport, page: Path) -> None:
    """Write the table pictures a saved ``html_img`` page links to beside it."""
    folder = files_dir(page)
    folder.mkdir(parents=True, exist_ok=True)
    for p in pictures(rep):
        (folder / p.name).write_bytes(p.data)


def render_docx_img(rep: GenReport) -> bytes:
    """A Word file: headings and paragraphs as text, every table a picture (``add_picture``)."""
    from docx.shared import Inches

    from bench.generator.render_docx import render_docx

    pics = pictures(rep)
    parts = sum(1 for p in pics if p.section == APPLICATIONS)  # section three may be cut in two
    queue = iter(pics)

    def put_pictures(doc, b) -> None:
        for _ in range(parts if b.section == APPLICATIONS else 1):
            p = next(queue)
            doc.add_picture(io.BytesIO(p.data), width=Inches(min(6.0, p.size[0] / 96)))

    return _fixed_zip_times(render_docx(rep, put_pictures))


def _fixed_zip_times(data: bytes) -> bytes:
    """python-docx stamps the zip entries with the current time: rewrite them with a fixed one so
    one seed gives the same bytes."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render_picture(rep: GenReport) -> bytes:
    """The file of a picture layout (for ``html_img`` the page; ``write_page_files`` adds its images)."""
    if rep.layout in SCAN_LAYOUTS:
        from bench.generator.render_scan import render_scan

        return render_scan(rep)
    if rep.layout == "html_img":
        return render_html_img(rep).encode("utf-8")
    if rep.layout == "docx_img":
        return render_docx_img(rep)
    raise ValueError(f"layout {rep.layout!r} is not a picture layout")
