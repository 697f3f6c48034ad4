"""``python -m bench.flows_run --n 200 [--workers N | --dask local] [--layouts tab,cells,md,flat]``

Times ``ogi run`` end to end on N generated reports in a fresh project folder (its own warehouse
and Prefect home, so no cached extraction helps): the first run, then a re-run with nothing new.
Prints wall-clock seconds (including Prefect's ephemeral server start) and the flow's stage times.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def generate(inbox: Path, n: int, layouts: list[str], seed: int) -> None:
    from bench.generator.model import SUFFIX
    from bench.generator.write import generate as draw
    from bench.generator.write import plans, render

    inbox.mkdir(parents=True, exist_ok=True)
    for plan in plans(n, layouts, seed):
        rep = draw(plan)
        (inbox / f"{rep.id}{SUFFIX[rep.layout]}").write_bytes(render(rep))


def ogi_run(project: Path, extra: list[str]) -> tuple[float, dict]:
    env = {**os.environ, "PREFECT_HOME": str(project / "data" / ".prefect")}
    env.pop("PREFECT_API_URL", None)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", "--json", "--no-progress", *extra],
        cwd=project, env=env, capture_output=True, text=True,
    )  # fmt: skip
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"ogi run failed with exit code {proc.returncode}")
    return wall, json.loads(proc.stdout.strip().splitlines()[-1])


def line(label: str, wall: float, s: dict) -> str:
    stages = " ".join(f"{k}={v:.1f}" for k, v in s["stage_seconds"].items())
    return (
        f"{label:<8} wall {wall:6.1f} s | flow {s['total_seconds']:6.1f} s | extracted {s['extracted']:>5} "
        f"new {s['documents_new']:>5} unchanged {s['documents_unchanged']:>5} failed {s['documents_failed']:>4} "
        f"cells {s['cells']:>7} | {stages}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.flows_run", description=__doc__)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--layouts", default="tab,cells,md,flat")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int)
    ap.add_argument("--dask")
    ap.add_argument("--keep", type=Path, help="project folder to use and keep (default: a temporary one)")
    a = ap.parse_args(argv)
    project = a.keep or Path(tempfile.mkdtemp(prefix="ogi-bench-flows-"))
    extra = [*(["--workers", str(a.workers)] if a.workers else []), *(["--dask", a.dask] if a.dask else [])]
    try:
        t0 = time.perf_counter()
        generate(project / "data" / "inbox", a.n, [x for x in a.layouts.split(",") if x], a.seed)
        print(f"generated {a.n} reports ({a.layouts}) in {time.perf_counter() - t0:.1f} s into {project}")
        wall, first = ogi_run(project, extra)
        print(line("first", wall, first))
        print(f"         {a.n / wall:.1f} documents/s wall, {a.n / max(first['stage_seconds'].get('extract', 0), 1e-9):.1f}/s in extraction")
        wall, again = ogi_run(project, extra)
        print(line("no-op", wall, again))
    finally:
        if not a.keep:
            shutil.rmtree(project, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
