"""``ogi extract [--json] FILE...``: extract reports and print them (JSON lines or a summary)."""

from __future__ import annotations

import argparse
import json
import sys

from extract.model import Report
from extract.pipeline import extract_path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="extract the tables of report files", description=__doc__)
    p.add_argument("files", nargs="+", metavar="FILE", help="report files (.txt .md .html .pdf .docx .png ...)")
    p.add_argument("--json", action="store_true", help="one JSON object per report per line")
    p.add_argument("--no-agency", action="store_true", help="skip resolving the agency's region and kind")
    p.set_defaults(func=run)


def enrich(report: Report, text_of: str | None = None) -> None:
    """Add region facts from the agency resolver when it is installed (transform/agency)."""
    try:
        from transform.agency import resolve  # noqa: PLC0415 - optional stage
    except ImportError:
        return
    res = resolve(report.agency, report.year, text_of or "")
    report.region.update(res.to_fields())
    for sev, code, msg in res.issues:
        report.issue(sev, code, msg)


def run(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.files:
        report = extract_path(path)
        if not args.no_agency and not report.failed:
            enrich(report, _text(path))
        failed += report.failed
        if args.json:
            sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
        else:
            from flows.commands.extract_summary import print_summary  # noqa: PLC0415

            print_summary(report)
    return 0 if not failed or args.json else 1


def _text(path: str) -> str:
    """The document text for the agency resolver (body clues such as area codes)."""
    from extract.readers import ReaderError, read_path  # noqa: PLC0415

    try:
        return read_path(path).text
    except (ReaderError, OSError):
        return ""
