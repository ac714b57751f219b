"""Who a pronoun, a spokesperson or a nested 'said' points to, on short invented articles."""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language

from newsetl.extract import compose
from newsetl.extract.agreement import person_genders
from newsetl.extract.article import extract_article
from newsetl.extract.candidates import Candidate
from newsetl.extract.spans import repaired_entities
from newsetl.model import Extraction, ParsedArticle, Quote

Maker = Callable[..., ParsedArticle]
Runner = Callable[[ParsedArticle], Extraction]


def _quote(run_extract: Runner, make_article: Maker, paragraphs: list[str]) -> Quote:
    (quote,) = run_extract(make_article(paragraphs)).quotes
    return quote


def test_a_body_spokesperson_speaks_for_the_body_that_spoke(run_extract: Runner, make_article: Maker) -> None:
    quote = _quote(
        run_extract,
        make_article,
        [
            "The Federal Water Bureau told the Harbour Gazette that it had received the complaint.",
            "“We take every report of contamination seriously,” a bureau spokesperson said.",
        ],
    )
    assert quote.speaker == "Federal Water Bureau"
    assert quote.speaker_mention == "a bureau spokesperson"


def test_an_owned_office_is_not_the_organisation_just_named(run_extract: Runner, make_article: Maker) -> None:
    quote = _quote(
        run_extract,
        make_article,
        [
            "Marcus Hale was arrested in April after a call to a congressman's office.",
            "During the call, he asked about the World Bank and called the congressman a “crook”, "
            "the prosecutor's office said.",
        ],
    )
    assert quote.speaker_mention == "prosecutor's office"
    assert quote.speaker != "World Bank"


def test_a_said_right_before_the_quote_beats_the_outer_verb(run_extract: Runner, make_article: Maker) -> None:
    quote = _quote(
        run_extract,
        make_article,
        [
            "Marcus Hale, 52, was charged on Monday with making threats.",
            "A clerk who took the call recalled that Hale said, “I will burn the building down,” "
            "the prosecutor said.",
        ],
    )
    assert quote.speaker == "Marcus Hale"


def test_a_noun_beside_the_name_gives_the_gender(extract_nlp: Language) -> None:
    doc = extract_nlp(
        "The governor's daughter, Sarah Mitchell, joined the delegation on Monday. "
        "Mitchell is one of the first women elected to the council. Peter Lang met them."
    )
    people = [e for e in repaired_entities(doc) if e.label_ == "PERSON"]
    genders = person_genders(doc, people, lambda span: span.text.split()[-1])
    assert genders.get("Mitchell") == "f"
    assert "Lang" not in genders


def test_he_prefers_the_subject_just_named_over_a_possessive(
    extract_nlp: Language, make_article: Maker
) -> None:
    parsed = make_article(
        [
            "Army spokesman Tomas Reyna said Ivan Kord's promotion would not change the plan.",
            "“There is only one place for him,” he told a broadcaster on Tuesday.",
        ]
    )
    composed = compose(parsed)
    doc = extract_nlp(composed.text)
    record: list[tuple[Quote, list[Candidate]]] = []
    (quote,) = extract_article(parsed, composed, doc, record=record).quotes
    features = {c.name: c.features for c in record[0][1]}
    assert features["Tomas Reyna"].get("antecedent_subject") == 1.0
    assert features["Ivan Kord"].get("antecedent_possessive") == 1.0
    assert quote.speaker == "Tomas Reyna"
