"""``ogi extract [--json] FILE...``: extract reports and print them (JSON lines or a summary)."""

from __future__ import annotations

import argparse
import json
import sys

from flows.stages import extract_report


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="extract the tables of report files", description=__doc__)
    p.add_argument("files", nargs="+", metavar="FILE", help="report files (.txt .md .html .pdf .docx .png ...)")
    p.add_argument("--json", action="store_true", help="one JSON object per report per line")
    p.add_argument("--no-agency", action="store_true", help="skip resolving the agency's region and kind")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.files:
        report = extract_report(path, agency=not args.no_agency)
        failed += report.failed
        if args.json:
            sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
        else:
            from flows.commands.extract_summary import print_summary  # noqa: PLC0415

            print_summary(report)
    return 0 if not failed or args.json else 1
