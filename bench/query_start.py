"""How fast ``ogi query "select 1"`` answers, start to exit (target ≤ 0.5 s), and what it imports.

Runs the real command in fresh processes on a tiny warehouse, N times, and prints the best and
median wall times, Python's own start-up for comparison, and whether pandas, pyarrow, Prefect or
dbt were imported on the way (they cost seconds and must stay off this path).

    .venv/bin/python -m bench.query_start [--n 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 0.5
HEAVY = ("pandas", "pyarrow", "prefect", "dbt", "numpy")


def _times(cmd: list[str], n: int, cwd: Path) -> tuple[list[float], list[float]]:
    """Wall times and CPU times (user + system of the child: what a loaded machine does not inflate)."""
    import resource

    wall, cpu = [], []
    for _ in range(n):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, cpu


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
    (py_wall, py_cpu), (wall, cpu) = python, ogi
    best, median = min(wall), statistics.median(wall)
    print(f"python -c pass               wall best {min(py_wall):.3f} s  median {statistics.median(py_wall):.3f} s  "
          f"cpu median {statistics.median(py_cpu):.3f} s")  # fmt: skip
    print(f'ogi query "select 1"         wall best {best:.3f} s  median {median:.3f} s  cpu median {statistics.median(cpu):.3f} s  '
          f"target <= {TARGET_SECONDS} s: {'met' if median <= TARGET_SECONDS else 'MISSED'}")  # fmt: skip
    print(f"load average                 {os.getloadavg()[0]:.1f} (wall times grow with it; cpu times do not)")
    print(f"heavy imports on the path:   {', '.join(sorted({h.split('.')[0] for h in heavy})) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
