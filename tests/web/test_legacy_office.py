"""Legacy Word (.doc) and WPS (.wps) files read through LibreOffice (issue 15)."""

from __future__ import annotations

import io

import olefile
import pytest

from bench.generator.render_docx import render_docx
from extract.pipeline import extract_bytes
from extract.readers import ReaderError, sniff_format
from extract.readers.legacy_office import ole_kind, read_legacy_word
from tests.web.conftest import cells_of, needs_soffice


@needs_soffice
def test_doc_gives_the_cells_of_its_docx(web_report, doc_bytes, truth) -> None:
    assert olefile.isOleFile(io.BytesIO(doc_bytes))
    from_doc = extract_bytes(doc_bytes, "report.doc")
    from_docx = extract_bytes(render_docx(web_report), "report.docx")
    assert cells_of(from_doc) == cells_of(from_docx) == truth
    assert from_doc.source.format == "ole"
    assert not [i for i in from_doc.issues if i.severity in ("warning", "error")]


@needs_soffice
def test_the_same_bytes_named_wps_are_read_by_content(doc_bytes, truth) -> None:
    report = extract_bytes(doc_bytes, "2024年报.wps")
    assert cells_of(report) == truth
    assert ole_kind(doc_bytes)[0] == "word"


@needs_soffice
def test_a_docx_named_wps_or_doc_is_read_as_docx(web_report, truth) -> None:
    data = render_docx(web_report)
    for name in ("a.wps", "b.doc"):
        assert sniff_format(data, name[-4:]) == "docx"
        assert cells_of(extract_bytes(data, name)) == truth


def _as_workbook(doc: bytes) -> bytes:
    """The .doc's ``WordDocument`` stream renamed ``Workbook``: an OLE file as Excel writes them."""
    old = "WordDocument".encode("utf-16-le")
    at = doc.index(old)
    name = "Workbook".encode("utf-16-le")
    data = bytearray(doc)
    data[at : at + len(old)] = name + b"\0" * (len(old) - len(name))
    data[at + 64 : at + 66] = (len(name) + 2).to_bytes(2, "little")  # name length incl. the NUL
    return bytes(data)


def test_a_spreadsheet_inside_ole_is_named_for_what_it_is(doc_bytes) -> None:
    xls = _as_workbook(doc_bytes)
    assert ole_kind(xls)[0] == "excel"
    report = extract_bytes(xls, "report.doc")
    errors = [i for i in report.issues if i.severity == "error"]
    assert errors and errors[0].code == "unsupported_format"
    assert "Excel" in errors[0].message


def test_without_libreoffice_the_error_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    import extract.readers.legacy_office as lo

    monkeypatch.setattr(lo, "soffice_path", lambda: None)
    with pytest.raises(ReaderError) as err:
        lo.convert_to_docx(b"{\\rtf1 x}", ".rtf")
    assert err.value.code == "converter_missing"
    assert "libreoffice-writer" in str(err.value)


def test_a_damaged_ole_header_is_a_clear_error() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    with pytest.raises(ReaderError) as err:
        read_legacy_word(data, "ole")
    assert err.value.code == "ole_damaged"
    report = extract_bytes(data, "x.doc")
    assert [i.code for i in report.issues if i.severity == "error"] == ["ole_damaged"]


def test_ofd_is_named_unsupported() -> None:
    data = b"PK\x03\x04" + b"\x00" * 26 + b"OFD.xml" + b"\x00" * 64
    assert sniff_format(data, ".ofd") == "ofd"
    report = extract_bytes(data, "report.ofd")
    errors = [i for i in report.issues if i.severity == "error"]
    assert errors[0].code == "unsupported_format" and "OFD" in errors[0].message
