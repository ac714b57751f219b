"""Canonical entities on short invented articles run through the spaCy model."""

from __future__ import annotations

from collections.abc import Callable

from newsetl.model import Entity, Extraction, Image, ParsedArticle

Maker = Callable[..., ParsedArticle]
Runner = Callable[[ParsedArticle], Extraction]


def _entities(run_extract: Runner, parsed: ParsedArticle) -> dict[str, Entity]:
    return {e.name: e for e in run_extract(parsed).entities}


def test_surname_and_possessive_fold_into_full_name(run_extract: Runner, make_article: Maker) -> None:
    parsed = make_article(
        [
            "Defence Secretary Harriet Ashworth visited the base on Monday.",
            "Ashworth's aides said the trip had been planned for months.",
        ]
    )
    entities = _entities(run_extract, parsed)
    assert entities["Harriet Ashworth"].label == "PERSON"
    assert entities["Harriet Ashworth"].mention_count == 2
    assert "Ashworth" not in entities
    assert "Ashworth's" not in entities


def test_country_forms_share_one_name(run_extract: Runner, make_article: Maker) -> None:
    parsed = make_article(
        [
            "Trade between the U.S. and Canada fell last year.",
            "Officials in the US blamed tariffs, and America will review them.",
            "The United States and Britain signed a deal; the UK welcomed it.",
        ]
    )
    entities = _entities(run_extract, parsed)
    assert entities["United States"].label == "GPE"
    assert entities["United States"].mention_count >= 3
    assert entities["United Kingdom"].label == "GPE"
    assert not {"U.S.", "US", "America", "Britain", "UK"} & set(entities)


def test_credit_names_are_not_story_persons(run_extract: Runner, make_article: Maker) -> None:
    image = Image(
        None, "Mayor Elena Brandt opens the new bridge.", "Jonas Keller / AP", "Jonas Keller", "AP", 0
    )
    parsed = make_article(["Mayor Elena Brandt opened the bridge in Hamburg on Sunday."], images=(image,))
    entities = _entities(run_extract, parsed)
    assert set(entities["Elena Brandt"].sections) == {"body", "caption"}
    for entity in entities.values():
        if "Keller" in entity.name:
            assert entity.sections == ("credit",)
    story_persons = {e.name for e in entities.values() if e.label == "PERSON" and "credit" not in e.sections}
    assert story_persons == {"Elena Brandt"}


def test_sections_list_headline_dek_body(run_extract: Runner, make_article: Maker) -> None:
    parsed = make_article(
        ["Prime Minister Sofia Marquez met farmers in Seville on Friday."],
        headline="Marquez promises aid to farmers",
        dek="The Spanish leader visited Seville.",
    )
    entities = _entities(run_extract, parsed)
    assert entities["Sofia Marquez"].sections == ("headline", "body")
    assert entities["Seville"].sections == ("dek", "body")


def test_wire_tag_in_dateline_is_not_an_org(run_extract: Runner, make_article: Maker) -> None:
    parsed = make_article(["PARIS (AP) — The Louvre Museum closed early on Monday after a strike."])
    entities = _entities(run_extract, parsed)
    assert "AP" not in entities
    assert "Paris" in {name.title() for name in entities}


def test_label_follows_known_person(run_extract: Runner, make_article: Maker) -> None:
    parsed = make_article(
        [
            "Judge Miriam Okafor rejected the appeal on Thursday.",
            "Okafor wrote that the evidence was clear. Okafor also criticised the delays.",
        ]
    )
    entities = _entities(run_extract, parsed)
    assert entities["Miriam Okafor"].label == "PERSON"
    assert entities["Miriam Okafor"].mention_count == 3


def test_lone_surname_resolves_to_the_only_person_with_it() -> None:
    from newsetl.extract.entities import Canon

    canon = Canon(labels={"Helen Castillo": "PERSON", "Castillo Bridge": "FAC", "Graham Pell": "PERSON"})
    assert canon.name_of("Castillo") == "Helen Castillo"
    assert canon.name_of("Mayor Castillo") == "Helen Castillo"
    assert canon.name_of("Pell's") == "Graham Pell"
    assert canon.name_of("Smith") is None
    canon.labels["Ana Castillo"] = "PERSON"  # two people share it: no guess
    assert canon.name_of("Castillo") is None
