"""Integration fixtures: one real Prefect test server for the session, real warehouses in tmp dirs."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A temporary Prefect API server (real, local) shared by the flow runs of this session."""
    home = tmp_path_factory.mktemp("prefect-home")
    os.environ["PREFECT_HOME"] = str(home)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")  # run logs reach the API
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    from prefect.testing.utilities import prefect_test_harness

    from newsetl.settings import Settings

    # The same start-up allowance as `newsetl ingest`: the harness migrates a new database first.
    with prefect_test_harness(server_startup_timeout=Settings().prefect_startup_timeout):
        yield


@pytest.fixture
def run_flow(prefect_server: None) -> Any:
    from newsetl.flows.ingest import ingest

    def _run(raw: list[Path], warehouse: Path, **overrides: Any) -> dict[str, Any]:
        result: dict[str, Any] = ingest(
            raw=[str(r) for r in raw], warehouse=str(warehouse), overrides=overrides or None
        )
        return result

    return _run


@pytest.fixture
def sample_raw(tmp_path: Path) -> Path:
    """A private copy of the shipped sample in raw/ (tests may add files to it)."""
    target = tmp_path / "raw"
    shutil.copytree(REPO / "raw", target)
    return target
