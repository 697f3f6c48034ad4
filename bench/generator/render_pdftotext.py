"""The ``pdftotext`` layouts: a generated report printed to PDF, then dumped by the real tool.

``render_layout`` simulates ``pdftotext -layout``; these layouts run poppler's own
``pdftotext -layout`` (Debian ``poppler-utils``) on the report's PDF, so the reader meets what the
tool really writes: its column arithmetic, its page breaks, how it splits a ruled cell's wrapped
label around the row's numbers. Two PDFs are dumped:

- ``pdftotext``: the project's own PDF (``render_pdf``: reportlab, ruled tables, wrapped labels);
- ``docx_pdftotext``: the report's DOCX (``render_docx``) printed to PDF by LibreOffice
  (``soffice --headless --convert-to pdf``), the way most published PDFs are made from Word files.

Nothing here changes a value: the truth is the model's. Without the binaries the renderers raise
``ToolMissing`` (tests skip on it).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from bench.generator.model import GenReport


class ToolMissing(RuntimeError):
    """A command-line tool the layout needs is not installed."""


def pdftotext_layout(pdf: bytes, timeout: float = 60.0) -> str:
    """``pdftotext -layout`` of a PDF (UTF-8 text, pages separated by form feeds)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise ToolMissing("pdftotext not found (Debian package poppler-utils)")
    with tempfile.TemporaryDirectory(prefix="ogi-pdftotext-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        done = subprocess.run(
            [exe, "-layout", "-enc", "UTF-8", str(src), "-"], capture_output=True, timeout=timeout, check=True
        )
    return done.stdout.decode("utf-8")


def docx_to_pdf(docx: bytes, timeout: float = 120.0) -> bytes:
    """A DOCX printed to PDF by LibreOffice in headless mode (own throw-away profile, so runs
    never share or lock a user profile; its process group killed at the deadline)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise ToolMissing("soffice not found (Debian package libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory(prefix="ogi-soffice-") as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(docx)
        cmd = [
            exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", tmp, str(src),
        ]  # fmt: skip
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        out = Path(tmp) / "report.pdf"
        if not out.exists():
            raise RuntimeError(f"LibreOffice did not convert the DOCX (exit {proc.returncode})")
        return out.read_bytes()


def render_pdftotext(rep: GenReport) -> str:
    """The report's PDF (``render_pdf``) as ``pdftotext -layout`` writes it."""
    from bench.generator.render_pdf import render_pdf

    return pdftotext_layout(render_pdf(rep))


def render_docx_pdftotext(rep: GenReport) -> str:
    """The report's DOCX, printed to PDF by LibreOffice, as ``pdftotext -layout`` writes it."""
    from bench.generator.render_docx import render_docx

    return pdftotext_layout(docx_to_pdf(render_docx(rep)))


DUMP_RENDERERS = {"pdftotext": render_pdftotext, "docx_pdftotext": render_docx_pdftotext}
