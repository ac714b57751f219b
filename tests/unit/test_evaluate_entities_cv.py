"""Leave-publisher-out folds and scoring (pure), with invented gold."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from newsetl.evaluate.entities_cv import (
    CrossValidation,
    leave_publisher_out,
    publisher_folds,
    publisher_key,
)
from newsetl.evaluate.gold import GoldArticle
from newsetl.evaluate.predicted import PredictedEntity

BASE = GoldArticle(
    id="x", source="s", url=None, publisher=None, headline="h", dek=None, authors=(), published=None,
    dateline=None, paragraph_count=1, body_first_sentence="a", body_last_sentence="a", not_body=(),
    images=(), quotes=(), persons=(), organizations=(), places=(),
)  # fmt: skip


def _gold(article_id: str, publisher: str, persons: tuple[str, ...]) -> GoldArticle:
    return dataclasses.replace(BASE, id=article_id, publisher=publisher, persons=persons)


GOLDS = {
    "p1": _gold("p1", "The Daily Quill", ("Tova Lindqvist",)),
    "p2": _gold("p2", "Daily Quill", ("Per Lindqvist",)),
    "p3": _gold("p3", "Harbor Post", ("Maria Osk",)),
}


def test_publisher_names_are_grouped_after_folding() -> None:
    assert publisher_key("The Daily Quill") == publisher_key("daily quill") == "daily quill"
    assert publisher_key(None) == "unknown"
    assert publisher_folds(GOLDS.values()) == {"daily quill": ["p1", "p2"], "harbor post": ["p3"]}


def test_the_model_never_sees_the_publisher_it_predicts() -> None:
    seen: list[tuple[Sequence[str], str]] = []

    def fit(train: Sequence[str]) -> frozenset[str]:
        return frozenset(train)

    def predict(model: frozenset[str], article_id: str) -> list[PredictedEntity]:
        seen.append((sorted(model), article_id))
        return [PredictedEntity(name, "PERSON") for name in GOLDS[article_id].persons]

    scores, predicted = leave_publisher_out(GOLDS, CrossValidation(fit, predict))
    for train, article_id in seen:
        assert publisher_key(GOLDS[article_id].publisher) not in {
            publisher_key(GOLDS[i].publisher) for i in train
        }
    assert sorted(predicted) == ["p1", "p2", "p3"]
    assert scores["persons_f1"].value == 1.0


def test_wrong_predictions_lower_the_scores() -> None:
    scores, _ = leave_publisher_out(
        GOLDS, CrossValidation(lambda _ids: None, lambda _m, _i: [PredictedEntity("Nobody Known", "PERSON")])
    )
    assert scores["persons_precision"].value == 0.0
    assert scores["persons_recall"].value == 0.0
