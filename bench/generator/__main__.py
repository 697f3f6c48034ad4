"""``python -m bench.generator --out DIR --n N [--layouts tab,cells,...] [--seed S] [--defects RATE] [--jobs J]``

Writes N generated reports with their truth and reports.tsv into DIR, then prints how long the
generation took (drawing + rendering + writing), so the speed target stays measured.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench.generator.model import LAYOUTS, TEXT_LAYOUTS
from bench.generator.write import write_folder


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.generator", description=__doc__)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--layouts", default=",".join(TEXT_LAYOUTS), help=f"comma list of {','.join(LAYOUTS)}")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--defects", type=float, default=0.2, help="share of reports with a declared defect")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (same output as 1)")
    a = ap.parse_args(argv)
    layouts = [x for x in a.layouts.split(",") if x]
    unknown = [x for x in layouts if x not in LAYOUTS]
    if unknown:
        ap.error(f"unknown layouts: {unknown}")
    t0 = time.perf_counter()
    written, flagged = write_folder(a.out, a.n, layouts, a.seed, a.defects, a.jobs)
    dt = time.perf_counter() - t0
    print(f"wrote {written} reports ({flagged} with declared defects) to {a.out} in {dt:.2f}s "
          f"({dt / max(1, written) * 1e3:.2f} ms/report)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
