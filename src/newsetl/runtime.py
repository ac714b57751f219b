"""Which Prefect API a flow run talks to, and making sure it comes up on a new machine.

Three choices, in this order (:func:`choose_api`):

1. ``PREFECT_API_URL`` is set: that server is used as it is.
2. A ``newsetl server`` started for this Prefect home is running and healthy: it is used. The server
   records where it listens in ``$PREFECT_HOME/newsetl-server.json`` and removes the record on shutdown.
3. Otherwise a temporary server for the run (:mod:`newsetl.prefect_server`), on a database migrated
   once per home beforehand, with a start-up allowance large enough for a loaded 2-core machine.

Everything here must run before ``prefect`` is imported, and imports neither Prefect nor spaCy.
Explicit environment variables always win over these defaults.
"""

from __future__ import annotations

import contextlib
import json
import os
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsetl.pids import alive

STARTUP_TIMEOUT_VAR = "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"
SERVER_RECORD = "newsetl-server.json"
_HEALTH_TIMEOUT_SECONDS = 2.0


class PrefectUnavailable(RuntimeError):
    """Prefect's API could not be reached or started; the message says what to do."""


@dataclass(frozen=True, slots=True)
class ApiChoice:
    """The Prefect API a run uses: ``url`` is None for a temporary server; ``source`` says why."""

    url: str | None
    source: str  # "PREFECT_API_URL" | "newsetl server" | "temporary server"

    def describe(self) -> str:
        if self.url is None:
            return "Prefect: a temporary server for this run (start `newsetl server` to reuse one)"
        return f"Prefect: the server at {self.url} ({self.source})"


def prefect_defaults(home: Path | None = None, startup_timeout: int | None = None) -> None:
    """Project-local home, no analytics, quiet console, and the temporary server's start-up allowance."""
    os.environ.setdefault("PREFECT_HOME", str((home or Path.cwd() / ".prefect").resolve()))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    # Run logs (with each stage's counts) go to the Prefect API at INFO; the console shows warnings only.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_LOGGING_LOG_PRINTS", "false")
    if startup_timeout is None:
        from newsetl.settings import Settings

        startup_timeout = Settings().prefect_startup_timeout
    os.environ.setdefault(STARTUP_TIMEOUT_VAR, str(startup_timeout))


def prefect_home() -> Path:
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect")


def record_path(home: Path | None = None) -> Path:
    return (home or prefect_home()) / SERVER_RECORD


def healthy(api_url: str, timeout: float = _HEALTH_TIMEOUT_SECONDS) -> bool:
    """Whether a Prefect API answers its health check."""
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout) as response:
            return int(response.status) == 200
    except (OSError, ValueError):
        return False


def write_record(api_url: str, pid: int, home: Path | None = None) -> Path:
    """Record where this home's ``newsetl server`` listens (written atomically)."""
    path = record_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"api_url": api_url, "pid": pid}), encoding="utf-8")
    os.replace(tmp, path)
    return path


def remove_record(pid: int, home: Path | None = None) -> None:
    """Remove the record if it is this server's (a newer server may have replaced it)."""
    path = record_path(home)
    with contextlib.suppress(OSError, ValueError):
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == pid:
            path.unlink()


def recorded_server(home: Path | None = None) -> str | None:
    """The API URL of this home's running, healthy ``newsetl server``; a stale record is removed."""
    path = record_path(home)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        url, pid = str(data["api_url"]), int(data["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not alive(pid):
        path.unlink(missing_ok=True)
        return None
    return url if healthy(url) else None


def choose_api() -> ApiChoice:
    """Pick the API for this process (see the module docstring) and export it for Prefect."""
    explicit = os.environ.get("PREFECT_API_URL")
    if explicit:
        return ApiChoice(explicit, "PREFECT_API_URL")
    url = recorded_server()
    if url:
        os.environ["PREFECT_API_URL"] = url
        return ApiChoice(url, "newsetl server")
    return ApiChoice(None, "temporary server")
