"""Kill -9 at ≥ 30 points of an ingest (and during checkpointed runs); the warehouse stays
queryable and a rerun converges.

The scenarios are run by ``crash_driver.py`` in its own process (it forks one child per kill);
``python tests/integration/crash_driver.py --points 0 --random 200`` is the slower stress version.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def _raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    samples = sorted((REPO / "raw").glob("*.txt"))
    for index, sample in enumerate(samples):
        (raw / f"a{index}.txt").write_bytes(sample.read_bytes())
        (raw / f"b{index}.txt").write_bytes(
            sample.read_bytes() + b"\nA further statement is expected soon.\n"
        )
    (raw / "c-copy.txt").write_bytes(samples[0].read_bytes())  # a duplicate name
    (raw / "d-empty.txt").write_bytes(b"")  # a reject
    return raw


def _drive(tmp_path: Path, *options: str) -> dict[str, Any]:
    done = subprocess.run(
        [
            sys.executable,
            str(HERE / "crash_driver.py"),
            "--raw",
            str(_raw(tmp_path)),
            "--work",
            str(tmp_path / "work"),
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.stdout.strip(), done.stderr[-3000:]
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert done.returncode == 0, report
    return report


def test_kill_nine_during_checkpointed_runs(tmp_path: Path) -> None:
    """A checkpoint after every batch: each kill leaves whole checkpoints, the rerun resumes and
    equals an uninterrupted run, and its runs rows read interrupted → resumed and completed."""
    report = _drive(tmp_path, "--checkpoint-batches", "1", "--points", "14", "--random", "4")
    assert report["failures"] == [], report
    assert report["survived"] == report["points"] == 18
    assert report["checkpoint_sources"] == [0, 1, 2, 3, 4]  # 3 checkpoints with new files, then final
    assert report["left_checkpoints"] >= 3, report  # kills between checkpoints really happened


def test_kill_nine_at_many_points(tmp_path: Path) -> None:
    random_points = 6
    report = _drive(tmp_path, "--points", "32", "--random", str(random_points))
    assert report["failures"] == [], report
    assert report["survived"] == report["points"]
    deterministic = report["points"] - random_points  # a kill before or after a rename, or mid-write
    assert deterministic >= 30 and report["child_status"].get("killed", 0) >= deterministic, report
    assert (
        report["renames_per_run"] >= 5
    )  # parts of several tables, the commit record, the catalog  # the kills really happened
