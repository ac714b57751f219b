"""Process defaults for the embedded Prefect run: a project-local home, no analytics, quiet logs.

Must run before ``prefect`` is imported; explicit environment variables always win.
"""

from __future__ import annotations

import os
from pathlib import Path


def prefect_defaults(home: Path | None = None) -> None:
    os.environ.setdefault("PREFECT_HOME", str((home or Path.cwd() / ".prefect").resolve()))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    # Run logs (with each stage's counts) go to the Prefect API at INFO; the console shows warnings only.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_LOGGING_LOG_PRINTS", "false")
