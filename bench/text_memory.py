"""Peak memory of extracting one large text file, as a multiple of its size (target ≤ 10×).

Three shapes of ~19 MB (the limit is 20 MB): a report followed by long paragraphs, a report
followed by many short tab rows, and one report repeated. Each is extracted in a fresh process
(``extract_report``, as ``ogi run`` does, agency resolution included) after one ordinary report
has been extracted there: the peak RSS above that warm process is what the large file cost, and
is printed beside the file size. The warm-up itself — mostly the agency gazetteer, loaded once
per process whatever the files — is printed on its own line, so no cost is hidden: it is a fixed
cost per worker, not a multiple of any file.

    .venv/bin/python -m bench.text_memory [--mb 19]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

TARGET_RATIO = 10.0
ROOT = Path(__file__).resolve().parents[1]

_MEASURE = """
import resource, sys, time
import extract.pipeline, transform.report_facts
from flows.stages import extract_report

def rss_kb():  # current resident set, not the high-water mark
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() // 1024

cold = rss_kb()
extract_report(sys.argv[2])  # warm: gazetteer, compiled patterns, the guard's forkserver
warm = rss_kb()
base = warm
t = time.perf_counter()
report = extract_report(sys.argv[1])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # conservative: includes the warm-up's peak
print(peak - base, time.perf_counter() - t, len(report.cells), warm - cold)
"""


def shapes(report: bytes, size: int) -> dict[str, bytes]:
    para = ("本机关严格落实政府信息公开工作要求，持续推进决策、执行、管理、服务、结果公开。" * 8 + "\n").encode()
    rows = "".join(f"其他事项{i}\t{i % 7}\t{i % 5}\t0\n" for i in range(2000)).encode()
    out = {
        "long paragraphs": report + para * ((size - len(report)) // len(para)),
        "short tab rows": report + rows * ((size - len(report)) // len(rows)),
        "report repeated": report * (size // len(report)),
    }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=19.0, help="file size in MB (default 19)")
    args = ap.parse_args(argv)
    sample = ROOT / "data" / "samples" / "tab_000000.txt"
    report = sample.read_bytes()
    size = int(args.mb * 1_000_000)
    warmed = False
    with tempfile.TemporaryDirectory(prefix="ogi-text-memory-") as tmp:
        for name, data in shapes(report, size).items():
            path = Path(tmp) / "big.txt"
            path.write_bytes(data)
            out = subprocess.run([sys.executable, "-c", _MEASURE, str(path), str(sample)], capture_output=True, text=True, cwd=ROOT)
            if out.returncode:
                print(f"{name:<16} failed: {out.stderr.strip().splitlines()[-1:]}")
                continue
            peak_kb, seconds, cells, warm_kb = out.stdout.split()
            if not warmed:
                print(f"{'(warm-up)':<16} one {len(report) / 1e3:.0f} KB report first: +{int(warm_kb) / 1024:.0f} MB per process, "
                      "whatever the files (the agency gazetteer); not counted below")  # fmt: skip
                warmed = True
            ratio = int(peak_kb) * 1024 / len(data)
            print(f"{name:<16} {len(data) / 1e6:5.1f} MB  peak +{int(peak_kb) / 1024:6.0f} MB  {ratio:5.1f}x  "
                  f"{float(seconds):5.1f} s  {cells} cells  target <= {TARGET_RATIO:g}x: {'met' if ratio <= TARGET_RATIO else 'MISSED'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
