"""Text extraction speed: reports per second over the seeds and the corpus text reports.

Run: ``.venv/bin/python -m bench.extract_text [--rounds N]``. Reads ../shared (the real reports);
one core, after start-up (imports and regex compilation are excluded by a warm-up pass).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from extract.pipeline import extract_bytes

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def files() -> list[Path]:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    corpus = [SHARED / "corpus" / n for n in ("pingtan_2020.txt", "pingtan_2022.txt", "sh_kewei_2024.md")]
    return [p for p in seeds + corpus if p.exists()]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=200, help="passes over the file set")
    args = ap.parse_args(argv)
    docs = [(p.name, p.read_bytes()) for p in files()]
    if not docs:
        raise SystemExit(f"no reports found under {SHARED}")
    for name, data in docs:  # warm-up: imports, regex compilation
        extract_bytes(data, name)
    per_file: dict[str, float] = {}
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    for _ in range(args.rounds):
        for name, data in docs:
            s = time.perf_counter()
            extract_bytes(data, name)
            per_file[name] = per_file.get(name, 0.0) + time.perf_counter() - s
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    n = args.rounds * len(docs)
    print(f"text extraction: {n} reports in {wall:.2f} s wall, {cpu:.2f} s CPU")
    print(f"  {n / wall:.0f} reports/s wall ({1000 * wall / n:.2f} ms/report); {n / cpu:.0f} reports/s of CPU time")
    print("  target: >= 500 reports/s on one core (<= 2 ms/report)")
    for name, secs in sorted(per_file.items()):
        print(f"  {name:32} {1000 * secs / args.rounds:7.2f} ms")


if __name__ == "__main__":
    main()
