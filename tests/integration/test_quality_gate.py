"""Quality gate: the gold scores never fall below the recorded floors in quality/floors.json.

The floors were re-based once, when gold grew to 30 pages, to what those pages scored then
(``_baseline`` in the file). Floors only go up: a recorded floor looser than its baseline is refused.
The issues' targets (``newsetl.evaluate.report.FLOORS``) are goals that ``newsetl eval`` reports,
not the gate.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsetl.evaluate.harness import evaluate_dir
from newsetl.evaluate.ratio import DIRECTIONS, Direction
from newsetl.evaluate.report import misses_target

pytestmark = [pytest.mark.slow, pytest.mark.corpus]
RECORDED = Path(__file__).resolve().parents[2] / "quality" / "floors.json"


def _recorded() -> dict[str, float]:
    data = json.loads(RECORDED.read_text(encoding="utf-8"))
    return {k: float(v) for k, v in data.items() if not k.startswith("_")}


def _baseline() -> dict[str, float]:
    data = json.loads(RECORDED.read_text(encoding="utf-8"))
    return {k: float(v) for k, v in data["_baseline"].items()}


def test_floors_only_go_up() -> None:
    recorded, baseline = _recorded(), _baseline()
    assert set(recorded) == set(baseline), "every field keeps a floor"
    for key, floor in baseline.items():
        looser = (
            recorded[key] > floor if DIRECTIONS[key] is Direction.LOWER_IS_BETTER else recorded[key] < floor
        )
        assert not looser, f"{key}: recorded floor {recorded[key]} is below its re-based value {floor}"


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
