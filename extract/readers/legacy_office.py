"""Legacy Word (.doc) and Kingsoft WPS (.wps) files, read through LibreOffice.

Government sites still attach reports as Word 97-2003 binaries, and WPS Writer saves ``.wps``
files that are, inside, mostly the same OLE compound document with a ``WordDocument`` stream.
No maintained pure-Python reader handles their tables, so the file is converted to .docx by
LibreOffice in headless mode and read by the DOCX reader (one table code path).

The file's *content* decides: an OLE container is opened with ``olefile`` and its streams say
what it is (Word, WPS, Excel, PowerPoint); a ``.wps`` that is really a .docx or an RTF is handed
to the right reader; anything else gets a clear ``unsupported_format``.

The conversion runs inside the caller's reader guard (a child process with time and memory
limits); LibreOffice itself runs in its own session with a throw-away profile directory, is
given a deadline shorter than the guard's, and its whole process group is killed when it is
late, so no ``soffice.bin`` outlives the read.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from extract.document import Document

CONVERT_SECONDS = 60.0  # below the guard's 120 s, so we clean up LibreOffice ourselves
DEBIAN_PACKAGE = "libreoffice-writer-nogui"

# Streams that name what an OLE compound file holds (first match wins).
OLE_KINDS = (
    ("WordDocument", "word"),
    ("WpsDocument", "wps"),  # WPS Writer's own binary format (LibreOffice reads it too)
    ("Workbook", "excel"),
    ("Book", "excel"),
    ("PowerPoint Document", "powerpoint"),
    ("VisioDocument", "visio"),
)


def ole_kind(data: bytes) -> tuple[str, list[str]]:
    """What an OLE compound file holds: ``word``, ``wps``, ``excel``, … or ``unknown``, with its
    top-level stream names (for the error message)."""
    import olefile

    from extract.readers import ReaderError

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError and its own types on damaged headers
        raise ReaderError("ole_damaged", f"the Word/WPS binary file is damaged: {exc}") from exc
    try:
        names = ["/".join(entry) for entry in ole.listdir(streams=True, storages=False)]
    finally:
        ole.close()
    tops = {n.split("/", 1)[0] for n in names}
    for stream, kind in OLE_KINDS:
        if stream in tops:
            return kind, sorted(tops)
    return "unknown", sorted(tops)


def soffice_path() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, suffix: str, seconds: float = CONVERT_SECONDS) -> bytes:
    """Convert a legacy document (``.doc``, ``.wps``, ``.rtf``) to .docx bytes with LibreOffice."""
    from extract.readers import ReaderError

    soffice = soffice_path()
    if soffice is None:
        raise ReaderError(
            "converter_missing",
            f"legacy Word/WPS files are converted by LibreOffice, which is not installed "
            f"(Debian: apt-get install {DEBIAN_PACKAGE})",
        )
    with tempfile.TemporaryDirectory(prefix="ogi-soffice-") as tmp:
        work = Path(tmp)
        src = work / f"report{suffix or '.doc'}"
        src.write_bytes(data)
        out = work / "out"
        cmd = [
            soffice, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(src),
        ]  # fmt: skip
        env = {**os.environ, "HOME": str(work), "SAL_USE_VCLPLUGIN": "svp"}
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
            env=env, cwd=work, start_new_session=True,
        )  # fmt: skip
        try:
            _, err = proc.communicate(timeout=seconds)
        except subprocess.TimeoutExpired as exc:
            _kill_group(proc)
            raise ReaderError("time_limit", f"LibreOffice took longer than {seconds:g} s to convert the file") from exc
        finally:
            _kill_group(proc)  # a lingering soffice.bin of this session, if any
        result = out / f"{src.stem}.docx"
        if proc.returncode != 0 or not result.is_file():
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
            raise ReaderError("conversion_failed", f"LibreOffice could not convert the file: {detail[0]}")
        return result.read_bytes()


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def read_legacy_word(data: bytes, fmt: str = "ole") -> Document:
    """A Word 97-2003 or WPS file as a Document (converted to .docx, then the DOCX reader)."""
    from extract.readers import ReaderError
    from extract.readers.docx import read_docx

    if fmt == "ole":
        kind, streams = ole_kind(data)
        if kind not in ("word", "wps"):
            what = {
                "excel": "an Excel workbook (.xls/.et)",
                "powerpoint": "a PowerPoint presentation",
                "visio": "a Visio drawing",
            }.get(kind, f"an OLE file that is not a Word or WPS document (streams: {', '.join(streams[:6]) or 'none'})")
            raise ReaderError("unsupported_format", f"{what}, not a report document")
        suffix = ".wps" if kind == "wps" else ".doc"
    else:
        suffix = ".rtf"
    doc = read_docx(convert_to_docx(data, suffix), "docx")
    doc.format = "doc" if suffix == ".doc" else suffix.lstrip(".")
    doc.meta["converted_by"] = "libreoffice"
    return doc
