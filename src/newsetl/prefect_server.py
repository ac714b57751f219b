"""A Prefect home's database and the temporary Prefect server that a run without a server starts.

The database under ``PREFECT_HOME`` is migrated once per home and Prefect version, before any server
opens it (:func:`prepare_database`): a server that migrates a new database itself answers only after
the migration, which on a busy machine outlasted Prefect's start-up allowance.

:class:`TemporaryServer` starts ``prefect server start --no-ui --no-services`` on a free local port
as the very first step of a run, so that it comes up on the other core while this process imports
Prefect and spaCy; the run waits for it only just before its first API call, and stops it at the end.
Imports neither Prefect nor spaCy.
"""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from types import TracebackType

from newsetl.runtime import STARTUP_TIMEOUT_VAR, PrefectUnavailable, healthy, prefect_home

Announce = Callable[[str], None] | None
_POLL_SECONDS = 0.2
_STOP_SECONDS = 15


def _stamp(home: Path) -> Path:
    return home / f".newsetl-db-migrated-{version('prefect')}"


def _migrated(home: Path) -> bool:
    custom_db = os.environ.get("PREFECT_SERVER_DATABASE_CONNECTION_URL") or os.environ.get(
        "PREFECT_API_DATABASE_CONNECTION_URL"
    )
    return _stamp(home).exists() and (bool(custom_db) or (home / "prefect.db").exists())


def prepare_database(announce: Announce = None) -> bool:
    """Migrate the Prefect database of this home once (per Prefect version), before any server opens it.

    A temporary server migrates a new database itself before it answers, and on a busy machine that
    takes longer than Prefect's default allowance: the first run on a new home used to time out.
    Returns whether a migration ran. Raises :class:`PrefectUnavailable` with the fix when it fails.
    """
    home = prefect_home()
    if _migrated(home):
        return False
    home.mkdir(parents=True, exist_ok=True)
    with open(home / ".newsetl-db.lock", "a+") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # one migration at a time per home
        if _migrated(home):
            return False
        if announce is not None:
            announce(f"preparing Prefect's database in {home} (once per Prefect home)")
        timeout = _allowance()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "prefect", "server", "database", "upgrade", "-y"],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise PrefectUnavailable(
                f"migrating Prefect's database in {home} took over {timeout} s; "
                f"raise {STARTUP_TIMEOUT_VAR} or run `newsetl server` and export PREFECT_API_URL"
            ) from exc
        if done.returncode != 0:
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise PrefectUnavailable(
                f"could not migrate Prefect's database in {home}: {last[0]} "
                f"(delete {home} to start afresh, or set PREFECT_API_URL to a running server)"
            )
        _stamp(home).touch()
    return True


def _allowance() -> int:
    return int(os.environ.get(STARTUP_TIMEOUT_VAR) or 300)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class TemporaryServer:
    """A Prefect API server for one run: started at once, waited for when needed, stopped at exit.

    Use as a context manager; inside it ``PREFECT_API_URL`` points at the server.
    """

    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        self.log = prefect_home() / "newsetl-temporary-server.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._previous_url: str | None = None
        self._deadline = 0.0

    def __enter__(self) -> TemporaryServer:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--no-ui", "--no-services", "--log-level", "WARNING"]
        with open(self.log, "wb") as out:
            self._process = subprocess.Popen(
                command,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: stopped whole at exit
            )
        self._deadline = time.monotonic() + _allowance()  # the allowance counts from the start
        self._previous_url = os.environ.get("PREFECT_API_URL")
        os.environ["PREFECT_API_URL"] = self.url
        return self

    def wait_ready(self) -> None:
        """Block until the server answers; :class:`PrefectUnavailable` with the fix if it does not."""
        allowance = _allowance()
        while not healthy(self.url, timeout=1.0):
            process = self._process
            if process is None or process.poll() is not None:
                code = None if process is None else process.returncode
                raise PrefectUnavailable(
                    f"the temporary Prefect server exited (code {code}) before it answered; see {self.log}"
                )
            if time.monotonic() > self._deadline:
                raise PrefectUnavailable(
                    f"the temporary Prefect server did not start within {allowance} s "
                    f"({STARTUP_TIMEOUT_VAR}). Start a server once with `newsetl server` and rerun "
                    "(it is reused), or raise the allowance"
                )
            time.sleep(_POLL_SECONDS)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        _drain_prefect_workers()  # the run's last logs and events reach the server before it stops
        if self._previous_url is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = self._previous_url
        process = self._process
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=_STOP_SECONDS)


def _drain_prefect_workers(timeout: float = 30) -> None:
    """Send what Prefect's background workers still hold (run logs, events), as its test harness does
    before it stops its server; otherwise they retry against a stopped server at exit."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=timeout)
