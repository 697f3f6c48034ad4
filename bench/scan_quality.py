"""How well scans are read, per kind of degradation.

``python -m bench.scan_quality --n 30 --seed 0 [--layouts scan,scan_jpg,scan_tif,scan_pdf] [--keep DIR] [-v]``

Generates ``n`` valid reports printed and scanned the way offices do it (``bench.generator.
render_scan``: 150-300 dpi, grey or colour, rotated up to ±1.5°, JPEG 50-90, speckles, blur,
uneven light, section three across a page break, vertical group labels, stamps), extracts each
with ``extract.pipeline.extract_path`` and scores it against its truth by the scorer's rules
(``bench.generator.roundtrip.compare``). Prints recall / precision / silent per bucket (dpi,
rotation, JPEG quality, layout, printing choices), how many reports got agency/year/template/date
wrong (meta_wrong) and the CPU seconds per page, so the reader's progress is measured on the
class of scans rather than one picture. ``--layouts html_img,docx_img`` measures tables pasted
as pictures into a web page or a Word file. ``--via office`` scans the reviewers' way: the
generator's Word file printed to PDF by LibreOffice (its fonts, rulings, padding and page breaks,
not ours), then the same scanner. ``--keep DIR`` leaves the
files, truth TSVs and reports.tsv there (``score_extraction.py`` reads that folder).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from bench.generator.render_scan import SCAN_LAYOUTS, VIAS, office_available, scan_buckets
from bench.generator.roundtrip import Outcome, compare
from bench.generator.roundtrip import Summary as Tally  # one bucket's sums: the round trip's own
from bench.generator.write import generate, plans, write_report


def _cpu() -> float:
    """CPU seconds of this process and its finished children (readers run in a forked child)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def measure(
    n: int,
    seed: int,
    layouts: Sequence[str],
    keep: Path | None = None,
    verbose: bool = False,
    blank_rate: float = 0.0,
    guard: bool = False,
    via: str = "print",
) -> tuple[dict[str, dict[str, Tally]], list[Outcome], float, int]:
    """Generate, extract and score ``n`` scans; return (tallies by bucket kind and value, outcomes,
    extraction CPU seconds, pages). ``guard=False`` reads in-process: on a loaded machine the
    guard's wall-clock limit would cut slow OCR and the numbers would measure the load.
    ``via="office"`` prints each report's Word file with LibreOffice before scanning it."""
    from extract.pipeline import extract_path

    tallies: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    outcomes: list[Outcome] = []
    cpu = 0.0
    pages = 0
    with tempfile.TemporaryDirectory() as tmp:
        out = keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        rows = []
        for plan in plans(n, layouts, seed=seed, defect_rate=0.0, blank_rate=blank_rate):
            rep = generate(plan)
            path = write_report(rep, out) if via == "print" else _write_office_scan(rep, out)
            buckets = scan_buckets(rep, via)
            t0 = _cpu()
            got = extract_path(path, guard=guard).to_dict()
            if keep:
                import json

                (out / f"{rep.id}.extracted.json").write_text(json.dumps(got, ensure_ascii=False), encoding="utf-8")
            dt = _cpu() - t0
            cpu += dt
            pages += int(buckets["pages"])
            o = compare(rep, got)
            outcomes.append(o)
            tallies["all"]["all"].add(o)
            for kind, value in buckets.items():
                tallies[kind][value].add(o)
            if verbose:
                print(f"{o.id} recall={o.recall:.3f} precision={o.precision:.3f} silent={o.silent} "
                      f"cpu={dt:.1f}s {' '.join(f'{k}={v}' for k, v in buckets.items())}", file=sys.stderr)  # fmt: skip
                for w in o.wrong + [f"meta {m}" for m in o.meta_wrong]:
                    print(f"    {w}", file=sys.stderr)
            if keep:
                from bench.generator.truth import REPORT_COLUMNS, report_row

                row = report_row(rep)
                rows.append("\t".join(row[c] for c in REPORT_COLUMNS))
        if keep:
            from bench.generator.truth import REPORT_COLUMNS

            (out / "reports.tsv").write_text(
                "\t".join(REPORT_COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8"
            )
    return tallies, outcomes, cpu, pages


def _write_office_scan(rep, out: Path) -> Path:
    """The scan of the report printed by LibreOffice from its Word file, with its truth files."""
    from bench.generator.model import SUFFIX
    from bench.generator.render_scan import render_scan
    from bench.generator.write import facts_tsv, truth_tsv

    doc = out / f"{rep.id}{SUFFIX[rep.layout]}"
    doc.write_bytes(render_scan(rep, via="office"))
    (out / f"{rep.id}.tsv").write_text(truth_tsv(rep), encoding="utf-8")
    (out / f"{rep.id}.facts.tsv").write_text(facts_tsv(rep), encoding="utf-8")
    return doc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scan_quality", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--layouts", default=",".join(SCAN_LAYOUTS))
    ap.add_argument(
        "--blank-rate", type=float, default=0.0, help="share of reports with only the 总计 column"
    )
    ap.add_argument("--keep", type=Path, help="write the scans and their truth into this folder")
    ap.add_argument("--guard", action="store_true", help="read in the guarded child (time limit 120 s wall)")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per report")
    ap.add_argument("--via", choices=VIAS, default="print",
                    help="print: our own printout; office: the Word file printed by LibreOffice")  # fmt: skip
    a = ap.parse_args(argv)
    if a.via == "office" and not office_available():
        print("LibreOffice (soffice) is not installed: the office scans are skipped")
        return 0
    layouts = [x for x in a.layouts.split(",") if x]
    t0 = time.perf_counter()
    tallies, outcomes, cpu, pages = measure(a.n, a.seed, layouts, a.keep, a.verbose, a.blank_rate, a.guard, a.via)
    wall = time.perf_counter() - t0
    print(f"{'bucket':<28}{'reports':>8}{'recall':>9}{'precision':>11}{'silent':>8}{'meta_wrong':>12}")
    for kind in sorted(tallies, key=lambda k: (k != "all", k)):
        for value in sorted(tallies[kind]):
            t = tallies[kind][value]
            label = "TOTAL" if kind == "all" else f"{kind}={value}"
            print(
                f"{label:<28}{t.reports:>8}{t.recall:>9.4f}{t.precision:>11.4f}{t.silent:>8}{t.meta_wrong:>12}"
            )
    worst = sorted(outcomes, key=lambda o: o.recall)[:3]
    print("worst: " + ", ".join(f"{o.id} (seed {o.seed}) recall {o.recall:.3f}" for o in worst))
    print(
        f"extraction CPU {cpu:.1f}s for {pages} pages = {cpu / max(1, pages):.2f} s/page; wall {wall:.1f}s in all"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
