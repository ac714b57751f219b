"""Name normalization and country canonicalization."""

from __future__ import annotations

import pytest

from newsetl.extract.canonical import canonical_place, clean_name, country_name, strip_titles


@pytest.mark.parametrize(
    ("form", "name"),
    [
        ("U.S.", "United States"),
        ("US", "United States"),
        ("America", "United States"),
        ("United States", "United States"),
        ("UK", "United Kingdom"),
        ("U.K.", "United Kingdom"),
        ("Britain", "United Kingdom"),
        ("FR", "France"),
        ("Nepal", "Nepal"),
    ],
)
def test_country_forms(form: str, name: str) -> None:
    assert country_name(form) == name


def test_non_countries_are_left_alone() -> None:
    assert country_name("Springfield") is None
    assert canonical_place("Springfield") == "Springfield"


def test_clean_name_strips_possessives_line_breaks_and_the() -> None:
    assert clean_name("Ruiz's") == "Ruiz"
    assert clean_name("Ruiz’s") == "Ruiz"
    assert clean_name("Ana\nRuiz") == "Ana Ruiz"
    assert clean_name("the Harbour Board") == "Harbour Board"


def test_strip_titles_keeps_the_name() -> None:
    assert strip_titles("President Ana Ruiz") == "Ana Ruiz"
    assert strip_titles("Mr. Ruiz") == "Ruiz"
    assert strip_titles("President") == "President"
