"""Leave-publisher-out folds and quote scoring (pure part of the speaker evaluation)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from newsetl.evaluate.gold import GoldArticle, GoldQuote
from newsetl.evaluate.predicted import PredictedQuote
from newsetl.evaluate.speakers_cv import (
    cross_validate,
    publisher_folds,
    publisher_key,
    quote_errors,
    score_quote_fields,
)


def _gold(article_id: str, publisher: str, quotes: tuple[GoldQuote, ...] = ()) -> GoldArticle:
    return GoldArticle(
        id=article_id,
        source="test",
        url=None,
        publisher=publisher,
        headline="h",
        dek=None,
        authors=(),
        published=None,
        dateline=None,
        paragraph_count=1,
        body_first_sentence="b",
        body_last_sentence="b",
        not_body=(),
        images=(),
        quotes=quotes,
        persons=(),
        organizations=(),
        places=(),
    )


def test_publisher_key_folds_notes_case_and_leading_the() -> None:
    assert publisher_key("Harbour Wire (hosted.example)") == publisher_key("harbour wire")
    assert publisher_key("The Veld Gazette") == publisher_key("Veld Gazette")
    assert publisher_key(None) == "unknown"


def test_folds_group_every_page_of_a_publisher() -> None:
    gold = {
        "a-1": _gold("a-1", "The Alpha Post"),
        "a-2": _gold("a-2", "Alpha Post"),
        "b-1": _gold("b-1", "Beta Times"),
    }
    assert publisher_folds(gold) == {"alpha post": ["a-1", "a-2"], "beta times": ["b-1"]}


def test_a_publisher_is_never_in_its_own_training_set() -> None:
    gold = {
        i: _gold(i, p) for i, p in [("a-1", "Alpha"), ("a-2", "Alpha"), ("b-1", "Beta"), ("c-1", "Gamma")]
    }
    seen: dict[str, Sequence[str]] = {}

    def train(ids: Sequence[str]) -> Sequence[str]:
        return ids

    def predict(trained_on: Sequence[str], article_id: str) -> tuple[PredictedQuote, ...]:
        seen[article_id] = trained_on
        return ()

    cross_validate(gold, train, predict)
    assert set(seen) == set(gold)
    for article_id, trained_on in seen.items():
        publisher = publisher_key(gold[article_id].publisher)
        assert all(publisher_key(gold[i].publisher) != publisher for i in trained_on)
    assert sorted(seen["b-1"]) == ["a-1", "a-2", "c-1"]


def test_scores_and_errors_follow_the_project_scorer() -> None:
    quotes = (
        GoldQuote("We will rebuild.", "Olga Brenner", "full"),
        GoldQuote("no comment", "Ivo Strand", "partial"),
    )
    gold = {"a-1": _gold("a-1", "Alpha", quotes), "b-1": replace(_gold("b-1", "Beta"), quotes=())}
    predicted = {
        "a-1": (PredictedQuote("We will rebuild,", "Brenner", "full"), PredictedQuote("Extra", None, "full")),
        "b-1": (),
    }
    scores = score_quote_fields(gold, predicted)
    assert (scores.fields["quotes_precision"].num, scores.fields["quotes_precision"].den) == (1, 2)
    assert (scores.fields["quotes_recall"].num, scores.fields["quotes_recall"].den) == (1, 2)
    assert scores.value("quote_speaker") == 0.0  # a surname is not the full name
    kinds = sorted(e.what for e in quote_errors(gold["a-1"], predicted["a-1"]))
    assert kinds == ["missed", "speaker", "spurious"]
