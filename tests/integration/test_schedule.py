"""A real Prefect server, a served deployment with a schedule, a run triggered through the API."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from newsetl.store.query import query

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
NEWSETL = str(Path(sys.executable).parent / "newsetl")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _api(url: str, method: str = "GET", body: dict[str, Any] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def _wait_for(check: Any, timeout: float, what: str) -> Any:
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


def _start(command: list[str], env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    with open(log, "wb") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)


def _stop(proc: subprocess.Popen[bytes]) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    return proc.returncode


def test_served_deployment_runs_on_a_real_server(tmp_path: Path) -> None:
    started = time.monotonic()
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_API_URL=api)
    logs = tmp_path / "logs"
    logs.mkdir()
    server = _start([NEWSETL, "server", "--port", str(port)], env, tmp_path, logs / "server.out")
    serve: subprocess.Popen[bytes] | None = None
    try:
        _wait_for(lambda: _api(f"{api}/health"), 90, "the Prefect server")
        warehouse = tmp_path / "wh"
        command = [NEWSETL, "serve", "--interval", "3600", "--raw", str(REPO / "raw"), "--name", "ci"]
        serve = _start([*command, "--warehouse", str(warehouse)], env, tmp_path, logs / "serve.out")
        deployment = _wait_for(
            lambda: _api(f"{api}/deployments/name/newsetl-ingest/ci"), 90, "the deployment"
        )
        assert deployment["schedules"], "the deployment carries its schedule"
        flow_run = _api(f"{api}/deployments/{deployment['id']}/create_flow_run", "POST", {})
        final = _wait_for(
            lambda: (
                (r := _api(f"{api}/flow_runs/{flow_run['id']}"))["state"]["type"]
                in ("COMPLETED", "FAILED", "CRASHED")
                and r
            ),
            120,
            "the flow run",
        )
        assert final["state"]["type"] == "COMPLETED", (logs / "serve.out").read_text()[-3000:]

        samples = len(list((REPO / "raw").glob("*.txt")))
        assert query(warehouse, "SELECT count(*) AS n FROM articles").column("n")[0].as_py() == samples
        run = query(warehouse, "SELECT * FROM runs").to_pylist()
        assert len(run) == 1 and run[0]["status"] == "completed"
        assert run[0]["flow_run_id"] == flow_run["id"] and run[0]["files_new"] == samples
    finally:
        serve_code = _stop(serve) if serve is not None else None
        server_code = _stop(server)
    assert serve is not None and serve.poll() is not None and server.poll() is not None
    assert serve_code is not None
    print(
        f"server test took {time.monotonic() - started:.1f}s (serve exit {serve_code}, server {server_code})"
    )
    assert time.monotonic() - started < 120
