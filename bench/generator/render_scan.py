"""A scanned report as offices make it: the report printed from Word, scanned, and published as
PNG/JPEG pages, a multi-page TIFF or an image-only PDF.

The clean raster of a generated PDF is too kind: real scans are 150-300 dpi, grey or colour,
slightly rotated and shifted, JPEG-compressed, speckled, a little blurred, unevenly lit, printed
with faded or bold toner, sometimes with the lid's shadow along an edge; and the printout itself
breaks section three's table over two pages, stacks the group label one character per line,
wraps labels and headers, numbers the pages and carries a red seal (``scan_print``). Every one of these is drawn per report
from the report's seed (``ScanStyle``, its own random stream so the report itself does not change),
so the tests and ``bench.scan_quality`` measure the class of scans, not one picture, and a failing
scan is reproduced from its seed alone.

The printout is our own (``scan_print``) unless ``via="office"``: then it is the generator's
Word file printed to PDF by LibreOffice, the way reviewers make test scans (Word -> PDF -> printer
-> scanner), with LibreOffice's fonts, 0.5-pt rulings, cell padding, equal column widths (labels
one or two characters wide) and rows broken across pages; the scanner's degradations are the same.

Output per layout: ``scan`` one PNG of the pages stacked (a phone scan, a long screenshot),
``scan_jpg`` the same as JPEG, ``scan_tif`` one TIFF frame per page, ``scan_pdf`` an image-only
PDF with one JPEG per page (what a scanner's "scan to PDF" writes).
"""

from __future__ import annotations

import io
import random
from dataclasses import asdict, dataclass

from bench.generator.model import GenReport

SCAN_LAYOUTS = ("scan", "scan_jpg", "scan_tif", "scan_pdf")
SCAN_SUFFIX = {"scan": ".png", "scan_jpg": ".jpg", "scan_tif": ".tif", "scan_pdf": ".pdf"}
DPIS = (150, 200, 300)
MAX_ANGLE = 1.5  # degrees either way


@dataclass(frozen=True)
class ScanStyle:
    """How one report was printed and scanned (every field drawn from the report's seed).

    ``angle`` is the page rotation in degrees, counter-clockwise positive (PIL's convention);
    ``jpeg_quality`` the quality of the JPEG the scanner (or the person converting the file)
    wrote, applied to every output format; ``noise`` the share of pixels hit by speckles;
    ``blur`` the Gaussian radius in pixels at 150 dpi; ``light`` how much darker the darkest
    corner is than the brightest (uneven lid or lamp); ``paper``/``ink`` the grey levels of
    blank paper and full toner; ``toner`` a gamma on the printed page (below 1 faded, thin strokes
    and broken rulings; above 1 bold, filled-in strokes); ``shift`` the page offset in pixels at
    150 dpi. Printing choices are in ``scan_print.PrintStyle``.
    """

    dpi: int
    gray: bool
    angle: float
    jpeg_quality: int
    noise: float
    blur: float
    light: float
    paper: int
    ink: int
    shift: tuple[int, int]
    toner: float = 1.0
    edge: int = 0  # a dark band at the left or right page edge (the lid's shadow), px at 150 dpi

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def scan_rng(rep: GenReport, what: str) -> random.Random:
    """A random stream of its own per report and purpose: drawing a scan never changes the report."""
    return random.Random(f"{what}:{rep.seed}")


def scan_style(rep: GenReport) -> ScanStyle:
    """The scan of this report (deterministic per seed)."""
    rng = scan_rng(rep, "scan")
    return ScanStyle(
        dpi=rng.choices(DPIS, (5, 3, 2))[0],
        gray=rng.random() < 0.7,
        angle=round(rng.uniform(-MAX_ANGLE, MAX_ANGLE), 3),
        jpeg_quality=rng.randint(50, 90),
        noise=round(rng.uniform(0.0002, 0.002), 5),
        blur=round(rng.uniform(0.2, 0.9), 2),
        light=round(rng.uniform(0.0, 0.18), 3),
        paper=rng.randint(222, 250),
        ink=rng.randint(15, 70),
        shift=(rng.randint(-12, 12), rng.randint(-12, 12)),
        toner=round(rng.uniform(0.7, 1.8), 2),
        edge=rng.choice((0, 0, 0, rng.randint(4, 18), -rng.randint(4, 18))),
    )


def _degrade(page, st: ScanStyle, rng):
    """One rasterised page (PIL RGB, white paper) → the page as the scanner saw it."""
    import numpy as np
    from PIL import Image, ImageFilter

    im = page if not st.gray else page.convert("L")
    fill = (255, 255, 255) if im.mode == "RGB" else 255
    k = st.dpi / 150
    im = im.rotate(st.angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=fill,
                   translate=(st.shift[0] * k, st.shift[1] * k))  # fmt: skip
    if st.blur:
        im = im.filter(ImageFilter.GaussianBlur(st.blur * k))
    a = np.asarray(im, dtype=np.float32)
    if a.ndim == 2:
        a = a[:, :, None]
    h, w = a.shape[:2]
    # toner and paper: faded or bold strokes, full white → paper grey, full black → ink grey
    a = 255.0 * (a / 255.0) ** (1.0 / st.toner)
    a = st.ink + a * ((st.paper - st.ink) / 255.0)
    if a.shape[2] == 3:
        a = a * np.array([1.0, 0.985, 0.95], dtype=np.float32)  # paper is a little warm
    if st.edge:  # the lid's shadow beyond the sheet: dark, fading into the paper
        wdt = round(abs(st.edge) * k)
        ramp = np.linspace(0.25, 1.0, wdt, dtype=np.float32)[:, None]
        if st.edge > 0:
            a[:, :wdt] *= ramp.T[:, :, None]
        else:
            a[:, w - wdt :] *= ramp[::-1].T[:, :, None]
    # uneven light: a smooth field darkest at one corner
    cx, cy = rng.random(), rng.random()
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    dist = np.hypot(xx / w - cx, yy / h - cy) / 1.42
    a = a * (1.0 - st.light * dist)[:, :, None]
    # sensor noise and speckles (dust: dark dots; dropouts: light dots)
    a += rng.normal(0.0, 4.0, size=(h, w, 1)).astype(np.float32)
    n = int(st.noise * h * w)
    ys, xs = rng.integers(0, h, n), rng.integers(0, w, n)
    dark = rng.random(n) < 0.7
    size = max(1, round(k))
    for dy in range(size):
        for dx in range(size):
            y2, x2 = np.clip(ys + dy, 0, h - 1), np.clip(xs + dx, 0, w - 1)
            a[y2[dark], x2[dark]] = st.ink + 20
            a[y2[~dark], x2[~dark]] = st.paper
    a = np.clip(a, 0, 255).astype(np.uint8)
    out = Image.fromarray(a[:, :, 0] if a.shape[2] == 1 else a)
    # the scanner's JPEG: every output carries its artefacts
    buf = io.BytesIO()
    out.save(buf, format="JPEG", quality=st.jpeg_quality)
    return Image.open(io.BytesIO(buf.getvalue())), buf.getvalue()


# How the printout is made: ``print`` draws it with reportlab (``scan_print``: page breaks, seals,
# vertical labels drawn per seed); ``office`` is the reviewers' path, the generator's Word file
# (``render_docx``) converted by LibreOffice, whose fonts, line widths, cell padding and header
# layout are not ours.
VIAS = ("print", "office")
OFFICE_SECONDS = 120.0


def office_available() -> bool:
    """Whether LibreOffice is installed (the ``office`` printout needs it)."""
    from extract.readers.legacy_office import soffice_path

    return soffice_path() is not None


_OFFICE_LAST: tuple[tuple, bytes] | None = None


def office_pdf(rep: GenReport) -> bytes:
    """The report's Word file (``render_docx``) printed to PDF by LibreOffice, as an office does
    before scanning (``soffice --headless --convert-to pdf``, its own profile so parallel runs do
    not share one). The last one is cached: the scan and its buckets both ask for it. Raises
    RuntimeError when LibreOffice is missing or fails."""
    import os
    import subprocess
    import tempfile
    from pathlib import Path

    from bench.generator.render_docx import render_docx
    from extract.readers.legacy_office import soffice_path

    global _OFFICE_LAST
    key = (rep.id, rep.seed, rep.layout, rep.defect, rep.variant)
    if _OFFICE_LAST is not None and _OFFICE_LAST[0] == key:
        return _OFFICE_LAST[1]
    soffice = soffice_path()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="ogi-office-scan-") as tmp:
        work = Path(tmp)
        src = work / "report.docx"
        src.write_bytes(render_docx(rep))
        cmd = [
            soffice, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to", "pdf", "--outdir", str(work / "out"), str(src),
        ]  # fmt: skip
        env = {**os.environ, "HOME": str(work), "SAL_USE_VCLPLUGIN": "svp"}
        done = subprocess.run(cmd, capture_output=True, env=env, cwd=work, timeout=OFFICE_SECONDS, check=False)
        out = work / "out" / "report.pdf"
        if done.returncode != 0 or not out.is_file():
            raise RuntimeError(f"LibreOffice could not print the report: {done.stderr.decode('utf-8', 'replace')[-200:]}")
        pdf = out.read_bytes()
    _OFFICE_LAST = (key, pdf)
    return pdf


def printed_pdf(rep: GenReport, via: str = "print") -> bytes:
    """The printout a scan is made of (see ``VIAS``)."""
    if via == "office":
        return office_pdf(rep)
    from bench.generator.scan_print import print_pdf

    return print_pdf(rep)


def scan_pages(
    rep: GenReport, st: ScanStyle | None = None, only: int | None = None, via: str = "print"
) -> list[tuple[object, bytes]]:
    """The scanned pages: (PIL image, its JPEG bytes) per page; ``only`` = just that page index
    (negative from the end), for tests that look at one page; ``via`` how it was printed."""
    import numpy as np
    import pypdfium2 as pdfium

    st = st or scan_style(rep)
    bits = scan_rng(rep, "pixels").getrandbits(64)
    pdf = pdfium.PdfDocument(printed_pdf(rep, via))
    out = []
    wanted = range(len(pdf)) if only is None else [range(len(pdf))[only]]
    for i in wanted:
        page = pdf[i].render(scale=st.dpi / 72).to_pil().convert("RGB")
        out.append(_degrade(page, st, np.random.default_rng([bits, i])))  # each page its own noise
    pdf.close()
    return out


def render_scan(rep: GenReport, layout: str | None = None, via: str = "print") -> bytes:
    """The file of a scan layout (``rep.layout`` unless ``layout`` is given), printed ``via``
    our own printout or LibreOffice (``VIAS``)."""
    from PIL import Image

    layout = layout or rep.layout
    if layout not in SCAN_LAYOUTS:
        layout = "scan"
    st = scan_style(rep)
    pages = scan_pages(rep, st, via=via)
    images = [p for p, _ in pages]
    buf = io.BytesIO()
    if layout == "scan_pdf":
        return _image_pdf([j for _, j in pages], [im.size for im in images], st.dpi)
    if layout == "scan_tif":
        images[0].save(buf, format="TIFF", save_all=True, append_images=images[1:], compression="tiff_lzw",
                       dpi=(st.dpi, st.dpi))  # fmt: skip
        return buf.getvalue()
    width = max(im.width for im in images)
    sheet = Image.new(images[0].mode, (width, sum(im.height for im in images)), "white")
    y = 0
    for im in images:
        sheet.paste(im, (0, y))
        y += im.height
    if layout == "scan_jpg":
        sheet.save(buf, format="JPEG", quality=st.jpeg_quality, dpi=(st.dpi, st.dpi))
    else:
        sheet.save(buf, format="PNG", dpi=(st.dpi, st.dpi))
    return buf.getvalue()


def _image_pdf(jpegs: list[bytes], sizes: list[tuple[int, int]], dpi: int) -> bytes:
    """An image-only PDF: each page one JPEG, embedded as is (no text layer)."""
    from reportlab import rl_config
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    a85 = rl_config.useA85
    rl_config.useA85 = 0  # the JPEG bytes as a scanner writes them, not ASCII85-wrapped
    try:
        c = canvas.Canvas(buf, invariant=1)
        for data, (w, h) in zip(jpegs, sizes, strict=True):
            wp, hp = w * 72 / dpi, h * 72 / dpi
            c.setPageSize((wp, hp))
            c.drawImage(ImageReader(io.BytesIO(data)), 0, 0, wp, hp)
            c.showPage()
        c.save()
    finally:
        rl_config.useA85 = a85
    return buf.getvalue()


def page_count(rep: GenReport, via: str = "print") -> int:
    """Pages of the printed report (the printout is cached, so this costs no second print)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(printed_pdf(rep, via))
    try:
        return len(pdf)
    finally:
        pdf.close()


def scan_buckets(rep: GenReport, via: str = "print") -> dict[str, str]:
    """The report's scan as bucket labels (dpi, rotation, JPEG quality, colour, layout, pages and
    the printing choices), so a benchmark can say which degradation costs recall. A printout by
    LibreOffice has none of our printing choices: its bucket is ``via=office``."""
    from bench.generator.scan_print import print_buckets

    if rep.layout not in SCAN_LAYOUTS:
        from bench.generator.render_pictures import picture_buckets

        return picture_buckets(rep)
    st = scan_style(rep)
    turn = abs(st.angle)
    q = st.jpeg_quality
    return {
        "layout": rep.layout,
        "dpi": str(st.dpi),
        "rotation": "<0.5" if turn < 0.5 else "0.5-1.0" if turn < 1.0 else "1.0-1.5",
        "jpeg": "50-64" if q < 65 else "65-79" if q < 80 else "80-90",
        "colour": "gray" if st.gray else "colour",
        "pages": str(page_count(rep, via)),
        **(print_buckets(rep) if via == "print" else {"via": via}),
    }
