"""``python -m bench.generator.speed [--n N]``: generation speed per text layout, one core.

Prints CPU milliseconds per report for drawing alone and for draw + render + truth (in memory,
no disk), and the extrapolated CPU seconds for 100k reports. CPU time (``process_time``) rather
than wall time, so a busy machine does not distort the number.
"""

from __future__ import annotations

import argparse
import time

from bench.generator.model import TEXT_LAYOUTS
from bench.generator.write import generate, plans, render, truth_tsv


def measure(layout: str, n: int, seed: int = 1) -> tuple[float, float]:
    """(ms per report to draw, ms per report to draw + render + truth), CPU time."""
    ps = list(plans(n, [layout], seed))
    generate(ps[0])  # load the division list outside the timing
    t0 = time.process_time()
    for p in ps:
        generate(p)
    t1 = time.process_time()
    for p in ps:
        rep = generate(p)
        render(rep)
        truth_tsv(rep)
    t2 = time.process_time()
    return (t1 - t0) / n * 1e3, (t2 - t1) / n * 1e3


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.generator.speed")
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--layouts", default=",".join(TEXT_LAYOUTS))
    a = ap.parse_args(argv)
    total = 0.0
    layouts = a.layouts.split(",")
    print(f"{'layout':8} {'draw ms':>8} {'full ms':>8} {'s/100k':>8}")
    for layout in layouts:
        draw, full = measure(layout, a.n)
        total += full
        print(f"{layout:8} {draw:8.3f} {full:8.3f} {full * 100:8.1f}")
    print(f"mix of {','.join(layouts)}: {total / len(layouts) * 100:.1f} CPU s per 100k reports (one core)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
