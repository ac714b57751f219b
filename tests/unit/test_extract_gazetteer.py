"""Gazetteers from data packages, and person names without titles (nameparser)."""

from __future__ import annotations

import pytest

from newsetl.extract.gazetteer import company_form, given_name, place
from newsetl.extract.personname import is_title_word, person_name


def test_places_come_from_the_data_packages() -> None:
    assert place("Nepal").country
    assert place("Ontario").region
    assert place("Europe").continent
    assert place("Kathmandu").city_population > 1_000_000 and place("Kathmandu").strong
    assert not place("Zqxland").any
    assert not place("").any


def test_company_legal_forms_come_from_cleanco() -> None:
    assert company_form("Brintwell Holdings Ltd.") is not None
    assert company_form("Quarrow Inc") is not None
    assert company_form("Brintwell") is None
    assert company_form("Tova Lindqvist") is None


def test_given_names() -> None:
    assert given_name("Maria")
    assert given_name("Eva-Marie") or given_name("Eva")
    assert not given_name("Describes")
    assert not given_name("maria")


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Superintendent Tova Lindqvist", "Tova Lindqvist"),
        ("Provincial Health Minister Tova Lindqvist", "Tova Lindqvist"),
        ("school superintendent Tova Lindqvist", "Tova Lindqvist"),
        ("Lt. Gen. Per Lindqvist", "Per Lindqvist"),
        ("Major-Gen Per Lindqvist", "Per Lindqvist"),
        ("Advocate Per Lindqvist", "Per Lindqvist"),
        ("Rabbi Per Lindqvist", "Per Lindqvist"),
        ("Mr. Lindqvist", "Lindqvist"),
        ("Tova Lindqvist", "Tova Lindqvist"),
        ("Prime Minister", "Prime Minister"),
    ],
)
def test_titles_offices_and_ranks_leave_person_names(written: str, name: str) -> None:
    assert person_name(written) == name


def test_title_words() -> None:
    assert is_title_word("Gen.") and is_title_word("Minister") and is_title_word("Major-Gen")
    assert not is_title_word("Tova")
