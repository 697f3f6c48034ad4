"""Benchmark: load + dbt models + export for N synthetic report dicts; prints seconds and peak RSS.

    .venv/bin/python bench/warehouse_load.py 100000 [--batch 5000] [--db bench/out/wh.duckdb]

Reports are synthesised lazily (never all in memory) with the cell counts of a full 2019 template
(~190 cells), for ~N/50 agencies over 2019-2024 with a few re-published (changed) files.
Targets: 100k reports <= 3 min, peak RSS <= 4 GB.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transform.export import export  # noqa: E402
from transform.models import build_models  # noqa: E402
from transform.warehouse import connect, load  # noqa: E402

APPLICANTS = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
              "legal_service_org", "other_org", "total")
REASONS = ("withheld_state_secret", "withheld_prohibited_by_law", "withheld_three_securities_one_stability",
           "withheld_third_party_rights", "withheld_internal_affairs", "withheld_process_information",
           "withheld_enforcement_case_file", "withheld_administrative_query", "unable_not_held",
           "unable_needs_creation", "unable_still_unclear", "rejected_petition_complaint", "rejected_repeated",
           "rejected_publication", "rejected_excessive", "rejected_confirmation", "other")
KINDS = ("county_government", "township_government", "department", "municipal_government", "subdistrict_office")
PROVINCES = ("河南省", "江苏省", "山西省", "江西省", "福建省", "上海市")


def synth(i: int, rng: random.Random) -> dict:
    agency = i // 6
    year = 2019 + i % 6
    version = 1 if rng.random() < 0.02 else 0
    new = rng.randint(0, 200)
    over = rng.randint(0, 5)
    disclosed = rng.randint(0, new)
    reasons = [rng.randint(0, 3) for _ in REASONS]
    outcome = disclosed + sum(reasons)
    rows = {"new_received": new, "carried_over": over, "disclosed": disclosed, "partially_disclosed": 0,
            **dict(zip(REASONS, reasons, strict=True)), "outcome_total": outcome,
            "carried_forward": max(new + over - outcome, 0)}
    cells = []
    for row, total in rows.items():
        for column in APPLICANTS:
            value = total if column in ("total", "natural_person") else 0
            cells.append({"section": "applications", "row": row, "column": column, "value": value,
                          "raw": str(value), "table": "applications", "line": 40})
    for row in ("administrative_review", "litigation_direct", "litigation_after_review"):
        for column in ("upheld", "corrected", "other", "pending", "total"):
            cells.append({"section": "review_litigation", "row": row, "column": column, "value": 0, "raw": "0",
                          "table": "review_litigation", "line": 80})
    for row in ("regulations", "normative_documents"):
        for column in ("new_made", "new_published", "total_published"):
            cells.append({"section": "active_disclosure", "row": row, "column": column, "value": 1, "raw": "1",
                          "table": "article20_1", "line": 20})
    # an amount converted from 元 with fen: 6 decimals in 万元, stored exactly (DECIMAL(38,10))
    amount = round(rng.randint(0, 10**9) / 10**6, 6)
    cells.append({"section": "active_disclosure", "row": "centralized_procurement", "column": "amount_10k_yuan",
                  "value": amount, "raw": f"{amount * 10000:.2f}元", "table": "article20_8", "line": 30})
    identities = [{"name": "flow", "section": "applications", "scope": "total", "status": "held", "detail": ""}]
    if rng.random() < 0.02:  # a failed identity: its cells go to raw.identity_terms / mart_identity_failures
        identities.append({"name": "outcome_sum", "section": "applications", "scope": "total", "status": "failed",
                           "detail": "x"})
    sha = hashlib.sha256(f"{i}-{version}".encode()).hexdigest()
    return {
        "document": {"sha256": sha, "path": f"/r/{i}.txt", "format": "txt", "bytes": 9000, "status": "ok",
                     "error": None},
        "report": {"source": {"sha256": sha}, "agency": f"机关{agency}", "year": year, "template": "2019",
                   "section_templates": {"applications": "2019"},
                   "published_on": f"{year + 1}-01-20", "cells": cells,
                   "issues": [{"severity": "info", "code": "blank", "message": "m"}],
                   "identities": identities,
                   "extractor_version": "bench", "province": PROVINCES[agency % 6],
                   "agency_kind": KINDS[agency % 5]},
    }


def results(n: int) -> Iterator[dict]:
    rng = random.Random(7)
    for i in range(n):
        yield synth(i, rng)


class Stages:
    """Wall time, CPU time (all threads of the process: DuckDB works on its own threads) and peak
    RSS per stage. RSS is sampled every 20 ms by a thread, so short spikes may be missed; the
    process-wide peak (``ru_maxrss``) is printed too and is exact."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.peak: dict[str, int] = {}
        self.current: str | None = None
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        with open("/proc/self/statm") as statm:
            while not self._stop.wait(0.02):
                statm.seek(0)
                rss = int(statm.read().split()[1]) * page
                if self.current is not None:
                    self.peak[self.current] = max(self.peak.get(self.current, 0), rss)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.current = name
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu
            self.current = None

    def close(self) -> None:
        self._stop.set()
        self._sampler.join()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=10_000)
    parser.add_argument("--batch", type=int, default=5_000, help="reports per load() call (one transaction)")
    parser.add_argument("--db", type=Path, default=Path("bench/out/warehouse_load.duckdb"))
    args = parser.parse_args()
    shutil.rmtree(args.db.parent, ignore_errors=True)
    stages = Stages()
    with stages.stage("load"):
        con = connect(args.db)
    stream = results(args.n)
    cells = 0
    while True:
        with stages.stage("synthesis"):
            batch = list(islice(stream, args.batch))
        if not batch:
            break
        with stages.stage("load"):
            cells += load(con, batch).cells
        del batch
    with stages.stage("load"):
        con.close()
    with stages.stage("models"):
        models = build_models(args.db)
    with stages.stage("export"):
        paths = export(args.db, args.db.parent / "exports")
    stages.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"reports {args.n}  cells {cells}  batch {args.batch}  "
          f"({models.models} models, {models.tests} tests, {len(paths)} tables exported)")
    print(f"{'stage':<10} {'wall_s':>8} {'cpu_s':>8} {'peak_rss_mb':>12}")
    for name in ("synthesis", "load", "models", "export"):
        print(f"{name:<10} {stages.wall[name]:8.1f} {stages.cpu[name]:8.1f} {stages.peak.get(name, 0) / 2**20:12.0f}")
    work = ("load", "models", "export")
    print(f"{'total':<10} {sum(stages.wall.values()):8.1f} {sum(stages.cpu.values()):8.1f} {peak_mb:12.0f}")
    print(f"{'target':<10} {sum(stages.wall[s] for s in work):8.1f} {sum(stages.cpu[s] for s in work):8.1f} "
          f"{peak_mb:12.0f}   (load + models + export; goal <= 180 s wall, <= 4096 MB)")
    print(f"load rate  {cells / max(stages.wall['load'], 1e-9):,.0f} cells/s wall, "
          f"{cells / max(stages.cpu['load'], 1e-9):,.0f} cells/s cpu")


if __name__ == "__main__":
    main()
