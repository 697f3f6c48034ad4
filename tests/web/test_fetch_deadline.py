"""The fetch time limit is a wall-clock deadline for the whole download (issue 17, item 4)."""

from __future__ import annotations

import time
from pathlib import Path

from flows.fetch import FetchLimits, fetch_url
from tests.web.siteserver import Site, SiteServer


def test_a_one_byte_per_second_drip_stops_at_the_deadline(tmp_path: Path) -> None:
    site = Site()
    site.add("/drip.txt", "x" * 600, "text/plain")
    site.drip.add("/drip.txt")
    with SiteServer(site) as server:
        started = time.monotonic()
        result = fetch_url(server.url("/drip.txt"), None, tmp_path, FetchLimits(timeout=5.0))
        elapsed = time.monotonic() - started
    assert result.outcome == "failed"
    assert "5 s time limit" in (result.error or "")
    assert result.transient
    assert elapsed < 7.0, f"the deadline was 5 s but the fetch took {elapsed:.1f} s"
    assert not any(p.name.endswith(".part") for p in tmp_path.iterdir())


def test_a_fast_download_is_not_cut(tmp_path: Path) -> None:
    site = Site()
    site.add("/r.txt", "某某县人民政府2020年政府信息公开工作年度报告", "text/plain; charset=utf-8")
    with SiteServer(site) as server:
        result = fetch_url(server.url("/r.txt"), None, tmp_path, FetchLimits(timeout=5.0))
    assert result.outcome == "downloaded"
    assert Path(result.path).read_text(encoding="utf-8").startswith("某某县")
