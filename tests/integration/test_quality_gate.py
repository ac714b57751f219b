"""Quality gate: the dev-gold scores never fall below the recorded floors in quality/floors.json.

Floors only go up. The recorded floors may never be looser than the project's targets
(``newsetl.evaluate.report.FLOORS``), so the gate also proves the targets are met.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsetl.evaluate.harness import evaluate_dir
from newsetl.evaluate.ratio import DIRECTIONS, Direction
from newsetl.evaluate.report import FLOORS, misses_target

pytestmark = [pytest.mark.slow, pytest.mark.corpus]
RECORDED = Path(__file__).resolve().parents[2] / "quality" / "floors.json"


def _recorded() -> dict[str, float]:
    data = json.loads(RECORDED.read_text(encoding="utf-8"))
    return {k: float(v) for k, v in data.items() if not k.startswith("_")}


def test_recorded_floors_are_at_least_the_targets() -> None:
    recorded = _recorded()
    for key, target in FLOORS.items():
        assert key in recorded, f"no recorded floor for {key}"
        looser = (
            recorded[key] > target if DIRECTIONS[key] is Direction.LOWER_IS_BETTER else recorded[key] < target
        )
        assert not looser, f"{key}: recorded floor {recorded[key]} is looser than the target {target}"


def test_dev_gold_meets_every_recorded_floor(run_flow: Any, corpus_dir: Path, tmp_path: Path) -> None:
    report, table, _ = evaluate_dir(
        corpus_dir / "gold", corpus_dir / "text", tmp_path / "wh", ingest=lambda raw, wh: run_flow(raw, wh)
    )
    print(table)  # shown with -s or on failure: the numbers to record when quality rises
    fields: dict[str, dict[str, float]] = report["fields"]  # type: ignore[assignment]
    failing = {
        key: (fields[key]["value"], floor)
        for key, floor in _recorded().items()
        if misses_target(key, fields[key]["value"], floor)
    }
    assert not failing, f"below recorded floor (value, floor): {failing}"
