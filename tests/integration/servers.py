"""Real local servers for the integration tests: a Prefect API server, processes stopped by PID."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

NEWSETL = str(Path(sys.executable).parent / "newsetl")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# A busy server answers 503 (its database briefly locked, the request rolled back): try again.
_BUSY_RETRY_SECONDS = 60.0


def api(url: str, method: str = "GET", body: dict[str, Any] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    deadline = time.monotonic() + _BUSY_RETRY_SECONDS
    while True:
        request = urllib.request.Request(
            url, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            if exc.code != 503 or time.monotonic() > deadline:
                raise
        time.sleep(1.0)


def wait_for(check: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = check()
        except OSError:
            found = None
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def start(command: list[str], env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    with open(log, "wb") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)


def stop(proc: subprocess.Popen[bytes]) -> int:
    """SIGTERM, then SIGKILL after 30 s; returns the exit code."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    return proc.returncode


@contextmanager
def prefect_server(home: Path, env: dict[str, str]) -> Iterator[str]:
    """`newsetl server` on a free local port; yields its API URL; stopped by PID on exit."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    server = start(
        [NEWSETL, "server", "--port", str(port)],
        {**env, "PREFECT_HOME": str(home)},
        home.parent,
        home.parent / "prefect-server.log",
    )
    try:
        wait_for(lambda: api(f"{url}/health"), 300, "the Prefect server")  # it migrates a new home first
        yield url
    finally:
        stop(server)
