"""How long agency resolution takes: start-up (gazetteer load) and milliseconds per report.

Run: ``.venv/bin/python bench/agency_resolve.py [--rounds N]``. Uses the seeds and corpus in
../shared when present (the PDF through pdfplumber, outside the timing) and the names table of
tests/agency; prints numbers, asserts nothing (the goal is ≤ 5 ms per report after start-up).
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from transform.agency import resolve  # noqa: E402
from transform.agency.gazetteer import gazetteer  # noqa: E402


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t"))


def _text(path: Path) -> str:
    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n".join(p.extract_text() or "" for p in pdf.pages)
    return path.read_text(encoding="utf-8")


def reports() -> list[tuple[str, int, str]]:
    """(agency, year, full text) of every real report at hand."""
    out: list[tuple[str, int, str]] = []
    seeds = SHARED / "seeds" / "expected" / "reports.tsv"
    if seeds.exists():
        for row in _tsv(seeds):
            out.append((row["agency"], int(row["year"]), _text(SHARED / "seeds" / f"{row['seed']}.txt")))
    labels = SHARED / "corpus" / "labels" / "reports.tsv"
    if labels.exists():
        for row in _tsv(labels):
            path = sorted((SHARED / "corpus").glob(f"{row['id']}.*"))[0]
            text = _text(path)
            out.extend((name, int(row["year"]), text) for name in row["agency"].split("|"))
    return out


def names_table(name: str = "names.tsv") -> list[tuple[str, int, str]]:
    """(agency, year, short body) of a names table of tests/agency."""
    return [(r["agency"], int(r["year"]), r["body"]) for r in _tsv(ROOT / "tests" / "agency" / name)]


def timed(items: list[tuple[str, int, str]], rounds: int) -> tuple[list[float], list[float]]:
    """Per-call milliseconds, wall clock and CPU time of this process (on a shared machine the
    wall clock includes waiting for a core; CPU time is what the resolver costs)."""
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        for agency, year, text in items:
            t, c = time.perf_counter(), time.process_time()
            resolve(agency, year, text)
            cpu.append((time.process_time() - c) * 1000)
            wall.append((time.perf_counter() - t) * 1000)
    return sorted(wall), sorted(cpu)


def _p95(values: list[float]) -> float:
    return values[int(len(values) * 0.95)] if values else 0.0


def show(label: str, items: list[tuple[str, int, str]], times: tuple[list[float], list[float]]) -> float:
    wall, cpu = times
    chars = statistics.mean(len(t) for _, _, t in items) if items else 0
    print(f"{label}: {len(items)} items, mean text {chars:.0f} chars; ms/report wall mean "
          f"{statistics.mean(wall or [0]):.3f} median {statistics.median(wall or [0]):.3f} "
          f"p95 {_p95(wall):.3f} max {max(wall or [0]):.3f}; CPU median {statistics.median(cpu or [0]):.3f} "
          f"p95 {_p95(cpu):.3f}")
    return _p95(cpu)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    real, table, damaged = reports(), names_table(), names_table("ocr_names.tsv")
    t0 = time.perf_counter()
    g = gazetteer()
    years = sorted({y for _, y, _ in real + table + damaged})
    for y in years:  # and the years beside them (a county named as it was a year later or earlier)
        for near in (y - 1, y, y + 1):
            g.year(near)
    # an ambiguous name: builds the mention automaton and loads pypinyin's dictionary
    resolve("鼓楼区人民政府", 2020, "www.gulou.gov.cn 邮编：350001")
    startup = time.perf_counter() - t0
    print(f"load average (other work on this machine inflates the numbers): {os.getloadavg()[0]:.1f}")
    print(f"start-up (gazetteer load, {len(years)} year indexes, first call): {startup * 1000:.0f} ms")
    longest = max((t for _, _, t in real), key=len, default="")
    hard = [(a, 2020, longest) for a in ("和平街道办事处", "沐阳县人民政府", "王集乡人民政府", "鼓楼区人民政府")]
    worst = max(
        show(f"reports x{args.rounds}", real, timed(real, args.rounds)),
        show(f"names table x{args.rounds}", table, timed(table, args.rounds)),
        show(f"OCR-damaged names table x{args.rounds}", damaged, timed(damaged, args.rounds)),
        show(f"ambiguous and damaged names over the longest report x{args.rounds}", hard, timed(hard, args.rounds)),
    )
    print(f"goal p95 <= 5 ms/report (CPU time): {'met' if worst <= 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
