"""The pure resolution behind entity_registry, on invented names."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from newsetl.registry.resolve import AMBIGUOUS, LINKED, LINKED_BY_CONTEXT, UNKNOWN, EntityRow, resolve
from newsetl.rows import entity_id_for

D1, D2 = dt.date(2024, 1, 1), dt.date(2024, 3, 1)


def _canonical(rows: list[EntityRow], article: str, mention: str, label: str = "PERSON") -> tuple[str, float]:
    found = resolve(rows, {}).canonical(article, entity_id_for(mention, label))
    assert found is not None
    return found.name, found.confidence


def test_one_full_name_in_the_warehouse_takes_the_surname() -> None:
    rows = [EntityRow("a1", "Tova Lindqvist", "PERSON"), EntityRow("a2", "Lindqvist", "PERSON")]
    assert _canonical(rows, "a2", "Lindqvist") == ("Tova Lindqvist", LINKED)


def test_a_surname_with_no_full_name_keeps_its_own_entry() -> None:
    rows = [EntityRow("a1", "Lindqvist", "PERSON")]
    assert _canonical(rows, "a1", "Lindqvist") == ("Lindqvist", UNKNOWN)


def test_two_candidates_and_no_context_stay_apart_with_the_candidates_listed() -> None:
    rows = [
        EntityRow("a1", "Tova Lindqvist", "PERSON"),
        EntityRow("a2", "Per Lindqvist", "PERSON"),
        EntityRow("a3", "Lindqvist", "PERSON"),
    ]
    assert _canonical(rows, "a3", "Lindqvist") == ("Lindqvist", AMBIGUOUS)
    entry = {r["name"]: r for r in resolve(rows, {}).registry}["Lindqvist"]
    assert entry["candidates"] == ["Per Lindqvist", "Tova Lindqvist"]


def test_shared_context_picks_the_one_candidate() -> None:
    rows = [
        EntityRow("a1", "Tova Lindqvist", "PERSON"),
        EntityRow("a1", "Harbor Trust", "ORG"),
        EntityRow("a2", "Per Lindqvist", "PERSON"),
        EntityRow("a3", "Lindqvist", "PERSON"),
        EntityRow("a3", "Harbor Trust", "ORG"),
    ]
    assert _canonical(rows, "a3", "Lindqvist") == ("Tova Lindqvist", LINKED_BY_CONTEXT)


def test_a_known_given_name_beats_a_headline_fragment() -> None:
    rows = [
        EntityRow("a1", "Describes Lindqvist", "PERSON"),
        EntityRow("a2", "Maria Lindqvist", "PERSON"),
        EntityRow("a3", "Lindqvist", "PERSON"),
    ]
    assert _canonical(rows, "a3", "Lindqvist")[0] == "Maria Lindqvist"


def test_other_labels_and_full_names_are_their_own_canonical_entity() -> None:
    rows = [EntityRow("a1", "Lindqvist", "ORG"), EntityRow("a2", "Tova Lindqvist", "PERSON")]
    assert _canonical(rows, "a1", "Lindqvist", "ORG") == ("Lindqvist", 1.0)
    assert _canonical(rows, "a2", "Tova Lindqvist") == ("Tova Lindqvist", 1.0)


def test_an_article_never_holds_the_same_canonical_entity_twice() -> None:
    rows = [
        EntityRow("a1", "Tova Lindqvist", "PERSON"),
        EntityRow("a2", "Lindqvist", "PERSON"),
        EntityRow("a2", "LINDQVIST", "PERSON"),  # same id (case-folded): one row per article in practice
    ]
    found = resolve(rows, {})
    ids = {found.links[("a2", entity_id_for(m, "PERSON"))].entity_id for m in ("Lindqvist", "LINDQVIST")}
    assert len(ids) == 1


def test_registry_rows_count_articles_dates_and_aliases() -> None:
    rows = [
        EntityRow("a1", "Tova Lindqvist", "PERSON"),
        EntityRow("a2", "Lindqvist", "PERSON"),
        EntityRow("a3", "Tova Lindqvist", "PERSON"),
    ]
    entry = {r["name"]: r for r in resolve(rows, {"a1": D2, "a2": D1, "a3": None}).registry}["Tova Lindqvist"]
    assert entry["aliases"] == ["Lindqvist"]
    assert entry["article_count"] == 3
    assert (entry["first_seen"], entry["last_seen"]) == (D1, D2)
    assert entry["entity_id"] == entity_id_for("Tova Lindqvist", "PERSON")


POOL = [
    EntityRow("a1", "Tova Lindqvist", "PERSON"),
    EntityRow("a1", "Harbor Trust", "ORG"),
    EntityRow("a2", "Per Lindqvist", "PERSON"),
    EntityRow("a3", "Lindqvist", "PERSON"),
    EntityRow("a3", "Harbor Trust", "ORG"),
    EntityRow("a4", "Lindqvist", "PERSON"),
    EntityRow("a5", "Osk", "GPE"),
]


@settings(deadline=None)  # each example runs a DuckDB query: its time follows the machine's load
@given(st.permutations(POOL), st.integers(0, len(POOL)))
def test_the_result_depends_on_the_set_of_rows_only(order: list[EntityRow], repeat: int) -> None:
    reference = resolve(POOL, {"a1": D1})
    found = resolve(order + order[:repeat], {"a1": D1})
    assert found.links == reference.links
    assert found.registry == reference.registry
