"""The shared alias mechanism: entities, speakers, authors and agencies all use it."""

from __future__ import annotations

import pytest

from newsetl.evaluate.aliases import name_key, same_agency, same_name
from newsetl.evaluate.matching import greedy_matching, max_matching

SAME = [
    ("U.S.", "United States"),
    ("US", "United States"),
    ("America", "U.S."),
    ("UK", "United Kingdom"),
    ("U.K.", "Britain"),
    ("AP", "Associated Press"),
    ("AP", "The Associated Press"),
    ("EU", "European Union"),
    ("the EU", "European Union"),
    ("the Kremlin", "Kremlin"),
    ("U.N.", "UN"),
    ("UN", "United Nations"),
    ("WHO", "World Health Organisation"),
    ("a judge", "judge"),
    ("REUTERS", "Reuters"),
    ("Peskov's", "Peskov"),
    ("Russia", "Russian Federation"),
    ("Türkiye", "Turkey"),
    ("Gaza", "Gaza Strip"),
    ("U.S. Attorney’s Office", "U.S. Attorney's Office"),
    ("danica kirka", "Danica Kirka"),
]

DIFFERENT = [
    ("AP", "Reuters"),
    ("US", "United Kingdom"),
    ("EU", "European Commission"),
    ("it", "Italy"),  # a lower-case word is not a country code
    ("Jeremy Corbyn", "Boris Johnson"),
    ("Kremlin", None),
    ("AP", "Apple"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_name(a: str, b: str) -> None:
    assert same_name(a, b)
    assert same_name(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names(a: str, b: str | None) -> None:
    assert not same_name(a, b)


def test_none_equals_only_none() -> None:
    assert same_name(None, None)
    assert not same_name(None, "Kremlin")


def test_countries_share_one_key() -> None:
    assert {name_key(n) for n in ("US", "U.S.", "USA", "United States", "America")} == {"united states"}


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        ("AP", "Associated Press", True),
        ("AP", "AP Photo", True),
        ("ITV via AP", "ITV via Associated Press", True),
        ("ITV via AP", "ITV", False),
        ("Reuters", "REUTERS", True),
        (None, None, True),
        ("Getty Images", None, False),
    ],
)
def test_same_agency(gold: str | None, predicted: str | None, expected: bool) -> None:
    assert same_agency(gold, predicted) is expected


def test_max_matching_is_one_to_one_and_maximal() -> None:
    gold = ["a", "b"]
    predicted = ["ab", "a"]  # "ab" fits both golds; "a" only the first
    pairs = max_matching(gold, predicted, lambda g, p: g in p)
    assert pairs == [(0, 1), (1, 0)]


def test_greedy_matching_takes_best_pairs_first() -> None:
    pairs = greedy_matching([10, 20], [19, 11, 50], lambda g, p: 100 - abs(g - p), threshold=90)
    assert pairs == [(0, 1), (1, 0)]
