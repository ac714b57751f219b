"""Speaker names parsed with nameparser: titles, ranks and honorifics off, surnames expanded."""

from __future__ import annotations

import pytest

from newsetl.extract.names import (
    defined_acronyms,
    expand_org,
    expand_person,
    is_title_word,
    strip_person_titles,
    titled_person,
)


@pytest.mark.parametrize(
    ("written", "bare"),
    [
        ("Major-Gen Olu Brandt", "Olu Brandt"),
        ("Sen. Mara Quill", "Mara Quill"),
        ("Superintendent Ada Fenwick", "Ada Fenwick"),
        ("Datuk Seri Rahim Osman", "Rahim Osman"),
        ("Health Minister Ivo Strand", "Ivo Strand"),
        ("Rev. Dr. Tomas Ekker", "Tomas Ekker"),
        ("harbour spokesman Piet Lund", "Piet Lund"),
        ("Nia Brook MP", "Nia Brook"),
        ("Paul R. Vance Jr.", "Paul R. Vance Jr."),  # a generational suffix is part of the name
        ("Ivo Strand", "Ivo Strand"),
    ],
)
def test_titles_and_offices_are_stripped(written: str, bare: str) -> None:
    assert strip_person_titles(written) == bare


def test_title_words_come_from_nameparser() -> None:
    assert is_title_word("Lt-Col") and is_title_word("Archbishop") and is_title_word("Prof.")
    assert not is_title_word("Strand")


def test_surname_and_mr_forms_expand_to_the_one_full_name() -> None:
    people = ["Olga Brenner", "Ivo Strand", "Paul R. Vance Jr."]
    assert expand_person("Brenner", people) == "Olga Brenner"
    assert expand_person("Ms. Brenner", people) == "Olga Brenner"
    assert expand_person("Mr Vance", people) == "Paul R. Vance Jr."
    assert expand_person("Keller", people) == "Keller"


def test_a_surname_two_people_share_stays_as_written() -> None:
    assert expand_person("Strand", ["Ivo Strand", "Lena Strand"]) == "Strand"


def test_short_organisation_form_expands_to_the_article_name() -> None:
    orgs = ["Harbour Rovers Football Club", "Northern Defence Ministry"]
    assert expand_org("Harbour Rovers", orgs) == "Harbour Rovers Football Club"
    assert expand_org("Defence Ministry", orgs) == "Northern Defence Ministry"
    assert expand_org("Rovers", orgs) == "Rovers"


def test_acronyms_the_text_spells_out() -> None:
    text = (
        "A study by the Harbour Safety Research Institute (HSRI) was published. "
        "But the Veld Port Authority (VPA) said little, and officials of the Stichting Kustwacht (SKW) met."
    )
    assert defined_acronyms(text) == {
        "HSRI": "Harbour Safety Research Institute",
        "VPA": "Veld Port Authority",
        "SKW": "Stichting Kustwacht",
    }


def test_a_titled_run_of_names_is_a_person() -> None:
    assert titled_person(["Port", "police", "head", "Maj-Gen", "Olu", "Brandt"])
    assert titled_person(["Attorney", "General", "Mara", "Quill"])
    assert not titled_person(["General", "Harbour", "Authority"])
    assert not titled_person(["Prime", "Minister"])
