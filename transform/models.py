"""Run the dbt project in sql/ in process (``dbt build``: staging, intermediate, marts, their tests).

Materializations and DuckDB settings (threads, memory_limit) live in ``sql/dbt_project.yml`` and
``sql/profiles.yml``; they are tuned so a 100k-report warehouse builds in about a minute.

Why in process: one Python process, no shell, no network; dbt's own results come back as
objects, so a failing model or test raises :class:`ModelsError` with dbt's messages.

DuckDB lets one process open a file through one configuration at a time: close your own
connections to the warehouse before calling :func:`build_models`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from transform.warehouse import DEFAULT_DB

SQL_DIR: Path = Path(__file__).resolve().parents[1] / "sql"


class ModelsError(RuntimeError):
    """dbt build failed; ``messages`` holds what dbt said about each failing node."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("dbt build failed:\n" + "\n".join(messages))
        self.messages = messages


@dataclass
class ModelsResult:
    """Counts of what dbt built and checked, and how long it took."""

    models: int = 0
    tests: int = 0
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


@contextmanager
def _env(values: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def _release_database() -> None:
    """dbt-duckdb keeps its DuckDB handle open in a class attribute after the run; close it so
    the caller (or the next build against another file) can open the warehouse again."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # pragma: no cover - adapter layout changed
        return
    env = getattr(DuckDBConnectionManager, "_ENV", None)
    if env is not None:
        env.close()
        DuckDBConnectionManager._ENV = None


def build_models(
    db_path: str | Path = DEFAULT_DB,
    select: Sequence[str] = (),
    variables: dict[str, object] | None = None,
) -> ModelsResult:
    """``dbt build`` the project against ``db_path``; raise ModelsError on any error.

    ``select`` narrows the build (dbt selection syntax); ``variables`` overrides project vars,
    e.g. ``{"min_denominator": 20}``.
    """
    from dbt.cli.main import dbtRunner  # imported late: dbt is slow to import

    db = Path(db_path).resolve()
    if not db.exists():
        raise ModelsError([f"no warehouse at {db}: load reports first"])
    args = ["build", "--project-dir", str(SQL_DIR), "--profiles-dir", str(SQL_DIR), "--quiet"]
    if select:
        args += ["--select", *select]
    if variables:
        import json

        args += ["--vars", json.dumps(variables)]
    started = time.perf_counter()
    env = {"OGI_DB": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DBT_USE_COLORS": "false"}
    with _env(env):
        try:
            outcome = dbtRunner().invoke(args)
        finally:
            _release_database()
    result = ModelsResult(seconds=time.perf_counter() - started)
    if outcome.exception is not None:
        raise ModelsError([f"{type(outcome.exception).__name__}: {outcome.exception}"])
    failures: list[str] = []
    for node_result in outcome.result or ():
        node = node_result.node
        status = str(node_result.status)
        kind = getattr(node, "resource_type", "")
        if status in ("error", "fail", "runtime error"):
            failures.append(f"{kind} {node.name}: {status}: {node_result.message}")
        elif status == "warn":
            result.warnings.append(f"{kind} {node.name}: {node_result.message}")
        if str(kind) in ("model", "NodeType.Model"):
            result.models += 1
        elif str(kind) in ("test", "NodeType.Test"):
            result.tests += 1
    if failures or not outcome.success:
        raise ModelsError(failures or ["dbt reported failure without a failing node"])
    return result
