"""``python -m bench.clean_warnings DIR [--show N]``: how often a clean report carries a warning.

DIR is a generated folder (``python -m bench.generator --out DIR ...``) or any labelled folder
with ``reports.tsv``. A report is *clean* when it declares no defect (``must_flag`` = no). An
analyst stops reading warnings that fire on clean reports, so this prints, per layout, the share
of clean reports with at least one warning or error, and which issue codes fire (the goal is
≤ 2% over all layouts). Extraction runs in this process (no subprocess per report), unguarded.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

from extract.pipeline import extract_path


def _document(folder: Path, rid: str) -> Path | None:
    files = sorted(p for p in folder.glob(f"{rid}.*") if p.suffix != ".tsv")
    return files[0] if files else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.clean_warnings", description=__doc__)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--show", type=int, default=0, help="print the warnings of the first N noisy reports")
    a = ap.parse_args(argv)
    with (a.folder / "reports.tsv").open(encoding="utf-8") as f:
        reports = list(csv.DictReader(f, delimiter="\t"))
    clean: Counter[str] = Counter()
    noisy: Counter[str] = Counter()
    codes: dict[str, Counter[str]] = defaultdict(Counter)
    shown = 0
    for r in reports:
        if (r.get("must_flag") or "no") != "no":
            continue
        path = _document(a.folder, r["id"])
        if path is None:
            continue
        layout = r.get("layout") or path.suffix.lstrip(".")
        clean[layout] += 1
        rep = extract_path(path, guard=False)
        loud = [i for i in rep.issues if i.severity in ("warning", "error")]
        if not loud:
            continue
        noisy[layout] += 1
        for code in {i.code for i in loud}:
            codes[layout][code] += 1
        if shown < a.show:
            shown += 1
            print(f"-- {path.name}", file=sys.stderr)
            for i in loud:
                print(f"   {i.severity} {i.code} {i.section}/{i.row}/{i.column}: {i.message}", file=sys.stderr)
    print(f"{'layout':10} {'clean':>6} {'warned':>6} {'rate':>7}  codes")
    for layout in sorted(clean):
        rate = noisy[layout] / clean[layout]
        top = ", ".join(f"{c}×{n}" for c, n in codes[layout].most_common())
        print(f"{layout:10} {clean[layout]:6d} {noisy[layout]:6d} {rate:7.1%}  {top}")
    total, warned = sum(clean.values()), sum(noisy.values())
    print(f"{'ALL':10} {total:6d} {warned:6d} {warned / max(1, total):7.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
