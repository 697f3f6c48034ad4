"""Benchmark: ``ogi site`` build time and size on warehouses of N synthetic reports.

    .venv/bin/python -m bench.site_build [--n 10000 100000] [--keep]

Each N gets a warehouse of synthetic reports (``bench/warehouse_load.py``'s generator: ~N/6
agencies over 2019-2024, six provinces, five kinds) with its marts built, then the site is built
twice: from scratch, and again with nothing changed (the incremental path writes no page).
Prints seconds, pages and megabytes. Warehouses go under ``bench/out/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from bench.warehouse_load import results
from transform.models import build_models
from transform.site.build import build_site
from transform.warehouse import connect, load

OUT = Path(__file__).resolve().parent / "out" / "site"


def warehouse(n: int) -> Path:
    """A warehouse of ``n`` synthetic reports with its marts (built once, reused by later runs)."""
    db = OUT / f"wh-{n}.duckdb"
    if not db.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        con = connect(db)
        batch: list[dict] = []
        for r in results(n):
            batch.append(r)
            if len(batch) == 5000:
                load(con, batch)
                batch = []
        if batch:
            load(con, batch)
        con.close()
        build_models(db)
    return db


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--keep", action="store_true", help="keep the built sites under bench/out/site/")
    args = ap.parse_args()
    print(f"{'reports':>8} {'warehouse s':>12} {'build s':>8} {'rebuild s':>10} {'pages':>7} {'MB':>8} {'KB/page':>8}")
    for n in args.n:
        t0 = time.perf_counter()
        db = warehouse(n)
        t_wh = time.perf_counter() - t0
        site = OUT / f"site-{n}"
        shutil.rmtree(site, ignore_errors=True)
        first = build_site(db, site)
        again = build_site(db, site)
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        print(f"{n:>8} {t_wh:>12.1f} {first.seconds:>8.1f} {again.seconds:>10.1f} {first.pages:>7} "
              f"{size / 2**20:>8.1f} {size / max(first.pages, 1) / 1024:>8.1f}")  # fmt: skip
        if not args.keep:
            shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    main()
