from __future__ import annotations

import copy
from typing import Any

import pytest

from newsetl.store.evolution import SchemaEvolutionError, check_evolution, evolution_problems, schema_record


def _current() -> dict[str, Any]:
    return schema_record()


def test_unchanged_contracts_are_compatible() -> None:
    assert evolution_problems(_current(), _current()) == []
    check_evolution(_current())
    check_evolution({})  # an empty warehouse accepts anything


def test_new_nullable_column_with_a_version_bump_is_allowed() -> None:
    recorded, current = _current(), _current()
    current["quotes"]["columns"]["sentiment"] = {"type": "float64", "nullable": True}
    current["quotes"]["version"] += 1
    assert evolution_problems(recorded, current) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["quotes"]["columns"].pop("speaker"), "quotes.speaker: column dropped"),
        (lambda s: s["quotes"]["columns"]["confidence"].update(type="string"), "type changed"),
        (lambda s: s["articles"]["columns"]["dek"].update(nullable=False), "became non-nullable"),
        (
            lambda s: (
                s["images"]["columns"].update(width={"type": "int32", "nullable": False}),
                s["images"].update(version=99),
            ),
            "must be nullable",
        ),
        (
            lambda s: s["images"]["columns"].update(width={"type": "int32", "nullable": True}),
            "without raising the contract version",
        ),
        (lambda s: s.pop("entities"), "entities: table dropped"),
    ],
)
def test_incompatible_changes_are_refused(change: Any, message: str) -> None:
    recorded, current = _current(), copy.deepcopy(_current())
    change(current)
    problems = evolution_problems(recorded, current)
    assert any(message in p for p in problems), problems


def test_check_evolution_raises_naming_the_problem() -> None:
    recorded = _current()
    recorded["articles"]["columns"]["legacy_score"] = {"type": "float64", "nullable": True}
    with pytest.raises(SchemaEvolutionError, match=r"articles\.legacy_score: column dropped"):
        check_evolution(recorded)
