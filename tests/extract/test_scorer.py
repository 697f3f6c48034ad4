"""The acceptance bars of the text extractor, measured by the project's shared scorer.

These fail (not skip) when ../shared is present and the numbers drop below the bars.
"""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT

CMD = f"{sys.executable} -m flows.cli extract --json --no-agency"
REGION_META = "agency,year,template,published_on,province,city,county,township,agency_kind"


def score(shared, labels: str, corpus: str, only: str = "", cmd: str = CMD, meta: str = "") -> dict[str, float]:
    args = [
        sys.executable,
        str(shared / "tools" / "score_extraction.py"),
        "--labels",
        str(shared / labels),
        "--corpus",
        str(shared / corpus),
        "--cmd",
        cmd,
    ]
    if only:
        args += ["--only", only]
    if meta:
        args += ["--meta", meta]
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


def test_report_facts_and_regions_through_ogi_extract(shared):
    """Issue 7 end to end: province/city/county/township/kind of seeds and text corpus via the CLI."""
    cmd = f"{sys.executable} -m flows.cli extract --json"
    seeds = score(shared, "seeds/expected", "seeds", cmd=cmd, meta=REGION_META)
    assert seeds["meta_wrong"] == 0, seeds["_out"]
    corpus = score(shared, "corpus/labels", "corpus", only="sh_kewei_2024,pingtan_2020,pingtan_2022", cmd=cmd, meta=REGION_META)
    assert corpus["meta_wrong"] == 0, corpus["_out"]


def test_corpus_pdf_and_html_meet_the_bar(shared):
    """Issue 6: the PDF (hongze_2024) and HTML (shanghai_office_2019) reports."""
    s = score(shared, "corpus/labels", "corpus", only="hongze_2024,shanghai_office_2019")
    assert s["recall"] >= 0.99 and s["precision"] >= 0.99, s["_out"]
    for key in ("silent", "missed_flags", "failed_docs"):
        assert s[key] == 0, (key, s["_out"])


def test_whole_corpus_stays_at_the_text_bars(shared):
    s = score(shared, "corpus/labels", "corpus")
    assert s["recall"] >= 0.97, s["_out"]
    for key in ("silent", "missed_flags", "failed_docs"):
        assert s[key] == 0, (key, s["_out"])
