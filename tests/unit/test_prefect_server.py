"""The temporary server's waiting rules, with a real child process that never answers."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsetl import runtime
from newsetl.prefect_server import TemporaryServer, prepare_database


def test_a_server_that_never_answers_fails_after_the_allowance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    monkeypatch.setenv(runtime.STARTUP_TIMEOUT_VAR, "1")
    server = TemporaryServer()
    silent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        server._process = silent  # a live process that never answers the health check
        server._deadline = time.monotonic() + 1
        started = time.monotonic()
        with pytest.raises(runtime.PrefectUnavailable, match="did not start within 1 s"):
            server.wait_ready()
        assert time.monotonic() - started < 30
    finally:
        silent.kill()
        silent.wait()


def test_the_database_is_prepared_once_per_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    monkeypatch.delenv("PREFECT_SERVER_DATABASE_CONNECTION_URL", raising=False)
    assert prepare_database() is True
    assert (tmp_path / "prefect.db").is_file()
    assert prepare_database() is False  # stamped: no second migration
    (tmp_path / "prefect.db").unlink()
    assert prepare_database() is True  # the database went away: migrated again
