"""Kill -9 at ≥ 30 points of an ingest; the warehouse stays queryable and a rerun converges.

The scenarios are run by ``crash_driver.py`` in its own process (it forks one child per kill);
``python tests/integration/crash_driver.py --points 0 --random 200`` is the slower stress version.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def test_kill_nine_at_many_points(tmp_path: Path) -> None:
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
    done = subprocess.run(
        [
            sys.executable,
            str(HERE / "crash_driver.py"),
            "--raw",
            str(raw),
            "--work",
            str(tmp_path / "work"),
            "--points",
            "32",
            "--random",
            "6",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.stdout.strip(), done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["failures"] == [], report
    assert report["points"] >= 30 and report["survived"] == report["points"]
    deterministic = report["points"] - 8
    assert deterministic >= 30 and report["child_status"].get("killed", 0) >= deterministic, report
    assert (
        report["renames_per_run"] >= 5
    )  # parts of several tables, the commit record, the catalog  # the kills really happened
    assert done.returncode == 0
