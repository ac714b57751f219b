"""Scoring rules on small invented articles (tests/fixtures/evaluate/gold)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from newsetl.evaluate.gold import GoldArticle, GoldQuote, load_gold
from newsetl.evaluate.predicted import (
    PredictedArticle,
    PredictedEntity,
    PredictedImage,
    PredictedQuote,
    prediction_from_gold,
)
from newsetl.evaluate.ratio import FIELD_KEYS
from newsetl.evaluate.scoring import score_article, score_corpus


@pytest.fixture()
def gold(fixtures_dir: Path) -> GoldArticle:
    return load_gold(fixtures_dir / "evaluate" / "gold" / "harbor-01.json")


@pytest.fixture()
def quiet(fixtures_dir: Path) -> GoldArticle:
    return load_gold(fixtures_dir / "evaluate" / "gold" / "quiet-02.json")


@pytest.fixture()
def perfect(gold: GoldArticle) -> PredictedArticle:
    return prediction_from_gold(gold)


def _perfect_value(key: str) -> float:
    return 0.0 if key == "chrome_leak_rate" else 1.0


def test_perfect_prediction_scores_one_everywhere(gold: GoldArticle, perfect: PredictedArticle) -> None:
    score = score_corpus([(gold, perfect)])
    assert set(score.fields) == set(FIELD_KEYS)
    assert score.values == {key: _perfect_value(key) for key in FIELD_KEYS}


def test_perfect_empty_article_scores_one_everywhere(quiet: GoldArticle) -> None:
    score = score_corpus([(quiet, prediction_from_gold(quiet))])
    assert score.values == {key: _perfect_value(key) for key in FIELD_KEYS}
    assert score.fields["authors_f1"].num == 2  # both-empty byline = one TP-equivalent


def _images(p: PredictedArticle, index: int, **changes: Any) -> tuple[PredictedImage, ...]:
    images = list(p.images)
    images[index] = replace(images[index], **changes)
    return tuple(images)


def _quotes(p: PredictedArticle, index: int, **changes: Any) -> tuple[PredictedQuote, ...]:
    quotes = list(p.quotes)
    quotes[index] = replace(quotes[index], **changes)
    return tuple(quotes)


def _without_entity(p: PredictedArticle, name: str) -> tuple[PredictedEntity, ...]:
    return tuple(e for e in p.entities if e.name != name)


# Each mutation breaks exactly one aspect; the listed fields (and only those) must drop.
Mutation = Callable[[PredictedArticle], PredictedArticle]
MUTATIONS: dict[str, tuple[Mutation, set[str]]] = {
    "headline": (lambda p: replace(p, headline="Harbor town votes"), {"headline"}),
    "dek": (lambda p: replace(p, dek=None), {"dek"}),
    "authors": (lambda p: replace(p, authors=("Mara Quill",)), {"authors_f1"}),
    "published": (lambda p: replace(p, published="2031-03-15"), {"published"}),
    "dateline": (lambda p: replace(p, dateline="LONDON"), {"dateline"}),
    "first_sentence": (
        lambda p: replace(p, paragraphs=("Residents voted.", *p.paragraphs[1:])),
        {"body_first_sentence", "body_sentences"},
    ),
    "last_sentence": (
        lambda p: replace(p, paragraphs=(*p.paragraphs[:-1], "Work starts soon.")),
        {"body_last_sentence", "body_sentences"},
    ),
    "leak": (
        lambda p: replace(p, paragraphs=(*p.paragraphs[:-1], "Advertisement", p.paragraphs[-1])),
        {"chrome_leak_rate"},
    ),
    "paragraph_count": (
        lambda p: replace(p, paragraphs=(p.paragraphs[0], p.paragraphs[-1])),
        {"paragraph_count_pm1"},
    ),
    "extra_image": (
        lambda p: replace(p, images=(*p.images, PredictedImage("Share on Facebook", None, None, None, None))),
        {"images_precision"},
    ),
    "lost_image": (lambda p: replace(p, images=p.images[:1]), {"images_recall"}),
    "caption": (
        lambda p: replace(p, images=_images(p, 0, caption="The old lighthouse at dusk, 2030.")),
        {"image_caption"},
    ),
    "credit": (lambda p: replace(p, images=_images(p, 0, credit="Lena Grove")), {"image_credit"}),
    "photographer": (lambda p: replace(p, images=_images(p, 0, photographer=None)), {"image_photographer"}),
    "agency": (lambda p: replace(p, images=_images(p, 1, agency="Reuters")), {"image_agency"}),
    "extra_quote": (
        lambda p: replace(p, quotes=(*p.quotes, PredictedQuote("Hello", None, "full"))),
        {"quotes_precision"},
    ),
    "lost_quote": (lambda p: replace(p, quotes=p.quotes[1:]), {"quotes_recall"}),
    "speaker": (lambda p: replace(p, quotes=_quotes(p, 0, speaker="Oskar Lind")), {"quote_speaker"}),
    "kind": (lambda p: replace(p, quotes=_quotes(p, 0, kind="partial")), {"quote_kind"}),
    "lost_person": (
        lambda p: replace(p, entities=_without_entity(p, "Oskar Lind")),
        {"persons_recall", "persons_f1"},
    ),
    "extra_org": (
        lambda p: replace(p, entities=(*p.entities, PredictedEntity("Harbor Trust", "ORG"))),
        {"organizations_precision", "organizations_f1"},
    ),
    "place_as_loc_wrong": (
        lambda p: replace(
            p, entities=(*_without_entity(p, "Port Ellis"), PredictedEntity("Port Elis", "LOC"))
        ),
        {"places_precision", "places_recall", "places_f1"},
    ),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_each_field_degrades_alone(name: str, gold: GoldArticle, perfect: PredictedArticle) -> None:
    mutate, expected = MUTATIONS[name]
    values = score_article(gold, mutate(perfect)).fields
    changed = {key for key in FIELD_KEYS if values[key].value != _perfect_value(key)}
    assert changed == expected
    if name == "leak":
        assert values["chrome_leak_rate"].value > 0


def test_aliases_in_entities_speakers_agencies(gold: GoldArticle, perfect: PredictedArticle) -> None:
    entities = (
        PredictedEntity("Ines Varga", "PERSON"),
        PredictedEntity("Oskar Lind", "PERSON"),
        PredictedEntity("EU", "ORG"),
        PredictedEntity("AP", "ORG"),
        PredictedEntity("the Kremlin", "ORG"),
        PredictedEntity("Port Ellis", "GPE"),
        PredictedEntity("U.S.", "GPE"),
        PredictedEntity("America", "GPE"),  # same country as U.S.: deduplicated, not a false positive
        PredictedEntity("Britain", "LOC"),
        PredictedEntity("Americans", "NORP"),  # ignored label
    )
    quotes = _quotes(replace(perfect, quotes=_quotes(perfect, 1, speaker="Kremlin")), 2, speaker="the EU")
    images = _images(perfect, 1, agency="Example Herald via Associated Press")
    predicted = replace(perfect, entities=entities, quotes=quotes, images=images)
    values = score_article(gold, predicted).fields
    assert {key: values[key].value for key in FIELD_KEYS} == {key: _perfect_value(key) for key in FIELD_KEYS}


def test_quote_text_normalisation(gold: GoldArticle, perfect: PredictedArticle) -> None:
    quotes = (
        PredictedQuote("“This light  guided my grandfather home.”", "Ines Varga", "full"),
        PredictedQuote("a beacon for the whole coast", "Kremlin", "partial"),
        PredictedQuote("We will pay our share", "European Union", "full"),
    )
    values = score_article(gold, replace(perfect, quotes=quotes)).fields
    assert values["quotes_precision"].value == values["quotes_recall"].value == 1.0


def test_duplicate_predicted_quote_is_false_positive(gold: GoldArticle, perfect: PredictedArticle) -> None:
    predicted = replace(perfect, quotes=(*perfect.quotes, perfect.quotes[0]))
    values = score_article(gold, predicted).fields
    assert (values["quotes_precision"].num, values["quotes_precision"].den) == (3, 4)
    assert values["quotes_recall"].value == 1.0


def test_duplicate_predicted_entity_alias_is_false_positive(
    gold: GoldArticle, perfect: PredictedArticle
) -> None:
    predicted = replace(perfect, entities=(*perfect.entities, PredictedEntity("EU", "ORG")))
    values = score_article(gold, predicted).fields
    assert (values["organizations_precision"].num, values["organizations_precision"].den) == (3, 4)


def test_repeated_quote_text_pairs_by_speaker(gold: GoldArticle) -> None:
    twin = replace(
        gold,
        quotes=(
            GoldQuote("anarchy", "Asim Munir", "partial"),
            GoldQuote("anarchy", "Pakistan Army", "partial"),
        ),
    )
    quotes = (
        PredictedQuote("anarchy", "Pakistan Army", "partial"),
        PredictedQuote("anarchy", "Asim Munir", "partial"),
    )
    values = score_article(twin, replace(prediction_from_gold(twin), quotes=quotes)).fields
    assert (values["quote_speaker"].num, values["quote_speaker"].den) == (2, 2)


def test_missing_prediction_is_all_wrong(gold: GoldArticle, quiet: GoldArticle) -> None:
    score = score_corpus([(gold, None), (quiet, None)])
    assert score.missing == ("harbor-01", "quiet-02")
    for key in FIELD_KEYS:
        assert score.value(key) == (1.0 if key == "chrome_leak_rate" else 0.0), key


def test_missing_prediction_counts_against_corpus(gold: GoldArticle, perfect: PredictedArticle) -> None:
    other = replace(gold, id="harbor-02")
    score = score_corpus([(gold, perfect), (other, None)])
    assert score.value("headline") == 0.5
    assert score.value("quotes_recall") == 0.5
    assert score.value("chrome_leak_rate") == 0.5
    assert [a.missing for a in score.articles] == [False, True]


def test_chrome_leak_counting(gold: GoldArticle, perfect: PredictedArticle) -> None:
    leaked = ("  Harbor town votes to rebuild its   old lighthouse", "Advertisement", "Advertisement")
    predicted = replace(perfect, paragraphs=(*leaked, *perfect.paragraphs, "Advertisement here"))
    ratio = score_article(gold, predicted).fields["chrome_leak_rate"]
    assert (ratio.num, ratio.den) == (2, len(gold.not_body))


def test_empty_prediction_gets_none_fields_right(quiet: GoldArticle) -> None:
    values = score_article(quiet, PredictedArticle()).fields
    assert values["dek"].value == values["published"].value == values["dateline"].value == 1.0
    assert values["authors_f1"].value == 1.0
    assert values["headline"].value == 0.0
    assert values["body_sentences"].value == 0.0


def test_micro_average_sums_counts(gold: GoldArticle, quiet: GoldArticle, perfect: PredictedArticle) -> None:
    score = score_corpus([(gold, replace(perfect, quotes=())), (quiet, prediction_from_gold(quiet))])
    assert (score.fields["quotes_recall"].num, score.fields["quotes_recall"].den) == (0, 3)
    assert score.value("quotes_precision") == 1.0  # nothing predicted: vacuous precision
    assert (score.fields["body_sentences"].num, score.fields["body_sentences"].den) == (4, 4)


def test_body_sentences_ignore_spacing_but_stay_within_one_paragraph(gold: GoldArticle) -> None:
    """A label made from HTML may lose the space between sentences or gain one inside quotation
    marks; the sentence is still found. Split over two paragraphs, it is not."""
    label = replace(
        gold,
        body_first_sentence="Voters backed “ the plan ” on Tuesday.Work starts soon.",
        body_last_sentence="It closes in May. Officials agreed.",
    )
    found = PredictedArticle(
        paragraphs=(
            "Voters backed “the plan” on Tuesday. Work starts soon.",
            "It closes in May. Officials agreed.",
        )
    )
    fields = score_article(label, found).fields
    assert fields["body_first_sentence"].value == 1.0 and fields["body_last_sentence"].value == 1.0
    split = PredictedArticle(
        paragraphs=(
            "Voters backed “the plan” on Tuesday.",
            "Work starts soon.",
            "It closes in May.",
            "Officials agreed.",
        )
    )
    fields = score_article(label, split).fields
    assert fields["body_first_sentence"].value == 0.0 and fields["body_last_sentence"].value == 0.0
