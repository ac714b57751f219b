"""A new user's first run: a new Prefect home on a busy machine, reusing a running server, clear failures,
and read-only commands that load neither Prefect nor spaCy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import NEWSETL, api, prefect_server, stop, wait_for

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "raw"
SAMPLES = len(list(RAW.glob("*.txt")))


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, PREFECT_HOME=str(home), COLUMNS="200", **extra)
    env.pop("PREFECT_API_URL", None)
    if "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS" not in extra:
        env.pop("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", None)  # newsetl's own default
    return env


def _newsetl(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NEWSETL, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=900)


@pytest.fixture
def busy_machine() -> Iterator[list[int]]:
    """Two busy loops (one per core of this machine), stopped by their own PIDs."""
    loops = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        yield [p.pid for p in loops]
    finally:
        for loop in loops:
            loop.kill()
            loop.wait(10)


def test_first_ingest_on_a_new_home_passes_on_a_loaded_machine(
    busy_machine: list[int], tmp_path: Path
) -> None:
    home = tmp_path / "new-home"
    assert not home.exists()
    done = _newsetl(
        "ingest", str(RAW), "--warehouse", str(tmp_path / "wh"), "--json", env=_env(home), cwd=tmp_path
    )
    assert all(Path(f"/proc/{pid}").exists() for pid in busy_machine), "the load lasted the whole run"
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["rows"]["articles"] == SAMPLES
    assert summary["prefect_api"] == "temporary"
    assert "preparing Prefect's database" in done.stderr  # migrated before the server had to answer


def test_a_server_that_does_not_start_is_one_clear_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ready = _newsetl("setup", env=_env(home), cwd=tmp_path)
    assert ready.returncode == 0, ready.stderr
    broken_db = "sqlite+aiosqlite:////nonexistent-folder/prefect.db"  # the server cannot open it
    env = _env(home, PREFECT_SERVER_DATABASE_CONNECTION_URL=broken_db)
    done = _newsetl("ingest", str(RAW), "--warehouse", str(tmp_path / "wh"), env=env, cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    problem = [line for line in done.stderr.splitlines() if "Prefect unavailable" in line]
    assert len(problem) == 1 and "temporary Prefect server exited" in problem[0], done.stderr
    log = home / "newsetl-temporary-server.log"
    assert str(log) in done.stderr and "startup failed" in log.read_text()  # where to look
    assert not (tmp_path / "wh" / "_commits").exists()  # nothing half-written


def test_ingest_reuses_a_running_newsetl_server(tmp_path: Path) -> None:
    home = tmp_path / "home"
    record = home / "newsetl-server.json"
    with prefect_server(home, _env(home)) as url:
        wait_for(record.exists, 30, "the server's record")
        assert json.loads(record.read_text())["api_url"] == url
        done = _newsetl(
            "ingest", str(RAW), "--warehouse", str(tmp_path / "wh"), "--json", env=_env(home), cwd=tmp_path
        )
        assert done.returncode == 0, done.stderr
        summary = json.loads(done.stdout)
        assert summary["prefect_api"] == url
        assert "temporary" not in done.stderr
        run = api(f"{url}/flow_runs/{summary['flow_run_id']}")  # the run lives on that server
        assert run["state"]["type"] == "COMPLETED"
    assert not record.exists(), "the record is removed when the server stops"


def test_a_stale_server_record_falls_back_to_a_temporary_server(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    stop(dead)  # type: ignore[arg-type]
    (home / "newsetl-server.json").write_text(
        json.dumps({"api_url": "http://127.0.0.1:9/api", "pid": dead.pid})
    )
    done = _newsetl(
        "ingest", str(RAW), "--warehouse", str(tmp_path / "wh"), "--json", env=_env(home), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["prefect_api"] == "temporary"
    assert not (home / "newsetl-server.json").exists()
