"""Kill -9 `newsetl reprocess` at 12 points: every article stays readable exactly once, and a rerun
gives the tables of an uninterrupted reprocess (``reprocess_crash_driver.py``, its own process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def test_kill_nine_during_reprocess(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for index, sample in enumerate(sorted((REPO / "raw").glob("*.txt"))):
        (raw / f"a{index}.txt").write_bytes(sample.read_bytes())
        (raw / f"b{index}.txt").write_bytes(
            sample.read_bytes() + b"\nA further statement is expected soon.\n"
        )
    done = subprocess.run(
        [
            sys.executable,
            str(HERE / "reprocess_crash_driver.py"),
            "--raw",
            str(raw),
            "--work",
            str(tmp_path / "work"),
            "--points",
            "10",
            "--random",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.stdout.strip(), done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["failures"] == [], report
    assert report["points"] == 12 and report["articles"] == 6
    assert report["renames_per_run"] >= 3 * 5  # three commits (batches of 2), each with several parts
    assert done.returncode == 0
