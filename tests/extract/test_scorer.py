"""The acceptance bars of the text extractor, measured by the project's shared scorer.

These fail (not skip) when ../shared is present and the numbers drop below the bars.
"""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT

CMD = f"{sys.executable} -m flows.cli extract --json --no-agency"


def score(shared, labels: str, corpus: str, only: str = "") -> dict[str, float]:
    args = [
        sys.executable,
        str(shared / "tools" / "score_extraction.py"),
        "--labels",
        str(shared / labels),
        "--corpus",
        str(shared / corpus),
        "--cmd",
        CMD,
    ]
    if only:
        args += ["--only", only]
    out = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, check=True).stdout
    total = next(line for line in out.splitlines() if line.startswith("TOTAL"))
    nums = dict(re.findall(r"(\w+) ([\d.]+)", total))
    meta_bad, _ = re.search(r"meta_wrong (\d+)/(\d+)", total).groups()
    result = {k: float(v) for k, v in nums.items()}
    result["meta_wrong"] = float(meta_bad)
    result["_out"] = out  # type: ignore[assignment]
    return result


def test_seeds_are_read_perfectly(shared):
    s = score(shared, "seeds/expected", "seeds")
    assert s["recall"] == 1.0, s["_out"]
    assert s["precision"] == 1.0, s["_out"]
    for key in ("wrong", "silent", "failed_docs", "missed_flags", "noisy_flags", "meta_wrong"):
        assert s[key] == 0, (key, s["_out"])


def test_corpus_text_reports_meet_the_bar(shared):
    s = score(shared, "corpus/labels", "corpus", only="sh_kewei_2024,pingtan_2020,pingtan_2022")
    assert s["recall"] >= 0.97, s["_out"]
    for key in ("silent", "missed_flags", "failed_docs"):
        assert s[key] == 0, (key, s["_out"])
