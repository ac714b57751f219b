"""The built wheel, installed into a new virtual environment, ingests and answers SQL from any directory."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def _run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, f"{command[:3]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done


def test_wheel_installs_and_runs_from_any_directory(tmp_path: Path) -> None:
    dist, venv, work = tmp_path / "dist", tmp_path / "venv", tmp_path / "elsewhere"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(REPO), "-w", str(dist)], cwd=tmp_path)
    (wheel,) = dist.glob("newsetl-*.whl")
    _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    python, newsetl = str(venv / "bin" / "python"), str(venv / "bin" / "newsetl")
    _run([python, "-m", "pip", "install", "-q", str(wheel)], cwd=tmp_path)

    layout = _run(
        [
            python,
            "-c",
            "import importlib.util, json, newsetl.contracts as c; "
            "print(json.dumps({'flows': importlib.util.find_spec('flows') is not None, "
            "'schemas': str(c.schemas_dir()), 'tables': sorted(c.load_contracts())}))",
        ],
        cwd=tmp_path,
    )
    found = json.loads(layout.stdout)
    assert found["flows"] is False, "the wheel must not install a top-level 'flows' package"
    assert found["schemas"].startswith(str(venv)) and found["schemas"].endswith("_schemas")
    assert "articles" in found["tables"]

    work.mkdir()
    shutil.copytree(REPO / "raw", work / "raw")
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect-home"), COLUMNS="200")
    env.pop("PREFECT_API_URL", None)
    env.pop("VIRTUAL_ENV", None)
    ingested = _run([newsetl, "ingest", "raw", "--warehouse", "wh", "--json"], cwd=work, env=env)
    assert json.loads(ingested.stdout)["rows"]["articles"] == len(list((REPO / "raw").glob("*.txt")))
    answer = _run(
        [
            newsetl,
            "sql",
            "SELECT count(*) AS n FROM quotes WHERE speaker IS NOT NULL",
            "-w",
            str(work / "wh"),
        ],
        cwd=tmp_path,
        env=env,
    )
    (count,) = re.findall(r"│\s*(\d+)\s*│", answer.stdout)
    assert int(count) > 0, answer.stdout
