"""A real Prefect server, a served deployment with a schedule, a run triggered through the API."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from servers import NEWSETL, api, free_port, start, stop, wait_for

from newsetl.store.query import query

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def test_served_deployment_runs_on_a_real_server(tmp_path: Path) -> None:
    started = time.monotonic()
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_API_URL=api_url)
    logs = tmp_path / "logs"
    logs.mkdir()
    server = start([NEWSETL, "server", "--port", str(port)], env, tmp_path, logs / "server.out")
    serve: subprocess.Popen[bytes] | None = None
    try:
        wait_for(lambda: api(f"{api_url}/health"), 90, "the Prefect server")
        warehouse = tmp_path / "wh"
        command = [NEWSETL, "serve", "--interval", "3600", "--raw", str(REPO / "raw"), "--name", "ci"]
        serve = start([*command, "--warehouse", str(warehouse)], env, tmp_path, logs / "serve.out")
        deployment = wait_for(
            lambda: api(f"{api_url}/deployments/name/newsetl-ingest/ci"), 90, "the deployment"
        )
        assert deployment["schedules"], "the deployment carries its schedule"
        flow_run = api(f"{api_url}/deployments/{deployment['id']}/create_flow_run", "POST", {})
        final = wait_for(
            lambda: (
                (r := api(f"{api_url}/flow_runs/{flow_run['id']}"))["state"]["type"]
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
        serve_code = stop(serve) if serve is not None else None
        server_code = stop(server)
    assert serve is not None and serve.poll() is not None and server.poll() is not None
    assert serve_code is not None
    print(
        f"server test took {time.monotonic() - started:.1f}s (serve exit {serve_code}, server {server_code})"
    )
    assert time.monotonic() - started < 120
