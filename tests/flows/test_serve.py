"""``ogi serve``: the nightly deployment it would serve, and its refusal without a server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from flows.cli import build_parser
from flows.commands.serve import build_deployment, run


def _args(*argv: str):
    return build_parser("serve").parse_args(["serve", *argv])


def test_nightly_deployment_in_the_given_time_zone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    dep = build_deployment(_args("--cron", "30 1 * * *", "--timezone", "Asia/Shanghai", "--workers", "3"))
    assert dep.name == "nightly"
    (sched,) = dep.schedules
    assert (sched.schedule.cron, sched.schedule.timezone) == ("30 1 * * *", "Asia/Shanghai")
    params = dep.parameters
    assert params["inbox"] == [str(tmp_path / "data" / "inbox")]  # absolute: the runner may change cwd
    assert params["db"] == str(tmp_path / "data" / "warehouse" / "ogi.duckdb")
    assert (params["workers"], params["dask"], params["progress"]) == (3, None, False)
    assert params["lock_timeout"] == 600.0  # a scheduled run waits for a manual one


def test_defaults_are_2am_shanghai() -> None:
    args = _args()
    assert (args.cron, args.timezone) == ("0 2 * * *", "Asia/Shanghai")


def test_serve_without_a_server_explains_how_to_start_one(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    assert "PREFECT_API_URL" not in os.environ
    assert run(_args()) == 2
    err = capsys.readouterr().err
    assert "prefect server start" in err and "cron" in err
