"""Report rendering and floor checks."""

from __future__ import annotations

import json

from newsetl.evaluate.ratio import DIRECTIONS, FIELD_KEYS, Direction, Ratio
from newsetl.evaluate.report import FLOORS, below_floor, format_scores, to_json
from newsetl.evaluate.scoring import CorpusScore


def _score(**values: tuple[int, int]) -> CorpusScore:
    fields = {key: Ratio(1, 1) for key in FIELD_KEYS}
    fields["chrome_leak_rate"] = Ratio(0, 10, empty=0.0)
    fields.update({key: Ratio(num, den) for key, (num, den) in values.items()})
    return CorpusScore(fields)


def test_floors_cover_known_fields_and_leak_is_a_ceiling() -> None:
    assert set(FLOORS) <= set(FIELD_KEYS)
    assert DIRECTIONS["chrome_leak_rate"] is Direction.LOWER_IS_BETTER
    assert DIRECTIONS["headline"] is Direction.HIGHER_IS_BETTER
    assert FLOORS["chrome_leak_rate"] == 0.02


def test_below_floor_respects_direction() -> None:
    assert below_floor(_score()) == []
    score = _score(headline=(9, 10), chrome_leak_rate=(3, 100), dek=(17, 20))
    assert below_floor(score, FLOORS) == ["headline", "chrome_leak_rate"]


def test_format_scores_table() -> None:
    text = format_scores(_score(headline=(9, 10)), FLOORS)
    line = next(row for row in text.splitlines() if row.startswith("headline "))
    assert "0.900" in line and "9/10" in line and ">= 0.95" in line and "FAIL" in line
    leak = next(row for row in text.splitlines() if row.startswith("chrome_leak_rate"))
    assert "<= 0.02" in leak and leak.endswith("ok")
    assert "FAIL" not in format_scores(_score(headline=(9, 10)), None)


def test_to_json_is_serialisable() -> None:
    data = to_json(_score(headline=(9, 10)))
    assert json.loads(json.dumps(data))["fields"]["headline"] == {"value": 0.9, "num": 9, "den": 10}
    assert data["directions"] == {key: DIRECTIONS[key].value for key in FIELD_KEYS}
