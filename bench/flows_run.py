"""``python -m bench.flows_run --n 200 [--workers N | --dask local] [--layouts tab,cells,md,flat]``

Times ``ogi run`` end to end on N generated reports in a fresh project folder (its own warehouse
and Prefect home, so no cached extraction helps): the first run, then a re-run with nothing new.
Prints wall-clock seconds (including Prefect's ephemeral server start) and the flow's stage times.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def generate(inbox: Path, n: int, layouts: list[str], seed: int) -> None:
    from bench.generator.model import SUFFIX
    from bench.generator.write import generate as draw
    from bench.generator.write import plans, render

    inbox.mkdir(parents=True, exist_ok=True)
    for plan in plans(n, layouts, seed):
        rep = draw(plan)
        (inbox / f"{rep.id}{SUFFIX[rep.layout]}").write_bytes(render(rep))


@dataclass
class Measured:
    """One ``ogi run`` as the benchmark saw it: wall, CPU of the whole process tree, peak memory."""

    wall: float
    cpu: float  # user + system of ogi run and every process it started (workers, Prefect server)
    peak_rss_mb: float  # largest sum of RSS over the process tree, sampled every 0.25 s
    summary: dict[str, Any]


def _tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and all its descendants (read from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * page
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


def measured_run(project: Path, extra: list[str]) -> Measured:
    """``ogi run --json`` in ``project`` as a subprocess, with its own Prefect home."""
    env = {**os.environ, "PREFECT_HOME": str(project / "data" / ".prefect")}
    env.pop("PREFECT_API_URL", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "run", "--json", "--no-progress", *extra],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.wait(0.25):
            peak = max(peak, _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.stderr.write(err[-4000:])
        raise SystemExit(f"ogi run failed with exit code {proc.returncode}")
    return Measured(wall, cpu, peak / 2**20, json.loads(out.strip().splitlines()[-1]))


def ogi_run(project: Path, extra: list[str]) -> tuple[float, dict]:
    m = measured_run(project, extra)
    return m.wall, m.summary


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
