"""How fast ``ogi query "select 1"`` answers, start to exit (target ≤ 0.5 s), and what it imports.

Runs the real command in fresh processes on a tiny warehouse, N times, and prints the best and
median wall times, Python's own start-up for comparison, and whether pandas, pyarrow, Prefect or
dbt were imported on the way (they cost seconds and must stay off this path).

    .venv/bin/python -m bench.query_start [--n 10]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 0.5
HEAVY = ("pandas", "pyarrow", "prefect", "dbt", "numpy")


def _times(cmd: list[str], n: int, cwd: Path) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out.append(time.perf_counter() - t0)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=10, help="runs of each command (default 10)")
    args = ap.parse_args(argv)
    import duckdb

    with tempfile.TemporaryDirectory(prefix="ogi-query-bench-") as tmp:
        root = Path(tmp)
        db = root / "data" / "warehouse" / "ogi.duckdb"
        db.parent.mkdir(parents=True)
        con = duckdb.connect(str(db))
        con.execute("CREATE TABLE mart_agency_year AS SELECT 2024 AS year, '某县人民政府' AS agency_name, DATE '2025-01-20' AS published_on")
        con.close()
        query = [sys.executable, "-m", "flows.cli", "query", "select 1"]
        python = _times([sys.executable, "-c", "pass"], args.n, root)
        ogi = _times(query, args.n, root)
        imports = subprocess.run([sys.executable, "-X", "importtime", *query[1:]], cwd=root, capture_output=True, text=True).stderr
    heavy = sorted({name for line in imports.splitlines() if "|" in line
                    for name in [line.rsplit("|", 1)[1].strip()] if name.split(".")[0] in HEAVY})  # fmt: skip
    best, median = min(ogi), statistics.median(ogi)
    print(f"python -c pass               best {min(python):.3f} s  median {statistics.median(python):.3f} s")
    print(f'ogi query "select 1"         best {best:.3f} s  median {median:.3f} s  '
          f"target <= {TARGET_SECONDS} s: {'met' if median <= TARGET_SECONDS else 'MISSED'}")  # fmt: skip
    print(f"heavy imports on the path:   {', '.join(sorted({h.split('.')[0] for h in heavy})) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
