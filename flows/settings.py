"""Environment for Prefect, set before ``prefect`` is first imported.

Prefect reads its settings from the environment once, at import time, so every entry point that
may import it (``flows.ingest``, ``ogi run``, ``ogi serve``, tests) calls :func:`configure` first.
Values are only defaults: anything already in the environment wins, so a user (or a test) can point
``PREFECT_HOME`` or ``PREFECT_API_URL`` elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

# Where Prefect keeps its state (the ephemeral server's SQLite DB, cached task results): inside the
# project, next to the warehouse, so a run never writes to ~/.prefect and `make clean` removes it.
PREFECT_HOME_DIR = Path("data/.prefect")


def prefect_env(root: Path | None = None) -> dict[str, str]:
    """The defaults ``configure`` applies (a dict, so tests and subprocesses can reuse them)."""
    base = (root or Path.cwd()).resolve()
    return {
        "PREFECT_HOME": str(base / PREFECT_HOME_DIR),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        # The ephemeral server takes 10-25 s to start on a small machine; the default (20 s) is too
        # tight and fails runs at random.
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        # Per-task INFO lines drown the progress bar and the summary; warnings still show.
        "PREFECT_LOGGING_LEVEL": "WARNING",
        # The ephemeral server logs cancelled event flushes as ERROR tracebacks when it stops at the
        # end of every run; they are harmless and only frighten users. A real server
        # (`prefect server start`) is not affected by this setting of the client process.
        "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
        # No update checks or other calls out: the run is offline.
        "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    }


def configure(root: Path | None = None) -> dict[str, str]:
    """Set Prefect's environment defaults (existing variables win); returns what is now in effect."""
    applied = {}
    for key, value in prefect_env(root).items():
        applied[key] = os.environ.setdefault(key, value)
    Path(applied["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)
    return applied
