"""Leave-publisher-out evaluation of persons / organizations / places F1 (pure; no I/O).

The gold articles are grouped by a normalised publisher name; each group in turn is held out, a
model is learned on the other groups (``fit``), and the held-out articles are predicted with it
(``predict``). Scores are the corpus scorer's own (:func:`newsetl.evaluate.fields.score_entities`),
micro-averaged over all held-out predictions, so a publisher is never in both what is learned and
what is reported. With a ``fit`` that learns nothing this is a plain evaluation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from newsetl.evaluate.fields import score_entities
from newsetl.evaluate.gold import GoldArticle
from newsetl.evaluate.predicted import PredictedArticle, PredictedEntity
from newsetl.evaluate.ratio import Ratio
from newsetl.evaluate.speakers_cv import publisher_key

M = TypeVar("M")

ENTITY_FIELDS: tuple[str, ...] = tuple(
    f"{cls}_{measure}"
    for cls in ("persons", "organizations", "places")
    for measure in ("precision", "recall", "f1")
)


def publisher_folds(golds: Iterable[GoldArticle]) -> dict[str, list[str]]:
    """Article ids per normalised publisher, both sorted (the folds of the evaluation)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for gold in golds:
        groups[publisher_key(gold.publisher)].append(gold.id)
    return {key: sorted(ids) for key, ids in sorted(groups.items())}


def entity_scores(
    golds: Mapping[str, GoldArticle], predicted: Mapping[str, Sequence[PredictedEntity]]
) -> dict[str, Ratio]:
    """Entity fields summed over the articles in ``predicted`` (micro averages)."""
    totals = {key: Ratio(0, 0) for key in ENTITY_FIELDS}
    for article_id in sorted(predicted):
        fields = score_entities(golds[article_id], PredictedArticle(entities=tuple(predicted[article_id])))
        for key in ENTITY_FIELDS:
            totals[key] += fields[key]
    return totals


@dataclass(frozen=True)
class CrossValidation(Generic[M]):
    """How to learn on some articles and predict others."""

    fit: Callable[[Sequence[str]], M]
    predict: Callable[[M, str], Sequence[PredictedEntity]]


def leave_publisher_out(
    golds: Mapping[str, GoldArticle], cv: CrossValidation[M]
) -> tuple[dict[str, Ratio], dict[str, list[PredictedEntity]]]:
    """Scores over every article predicted by a model that never saw its publisher, and the predictions."""
    predicted: dict[str, list[PredictedEntity]] = {}
    for held_out in publisher_folds(golds.values()).values():
        train = sorted(set(golds) - set(held_out))
        model = cv.fit(train)
        for article_id in held_out:
            predicted[article_id] = list(cv.predict(model, article_id))
    return entity_scores(golds, predicted), predicted


def format_entity_scores(rows: Mapping[str, Mapping[str, Ratio]]) -> str:
    """A table: one line per named configuration, precision/recall/F1 per class."""
    header = f"{'step':<28}" + "".join(f"{cls[:6]:>8}P {'R':>5} {'F1':>5}" for cls in _CLASSES)
    lines = [header, "-" * len(header)]
    for name, scores in rows.items():
        cells = "".join(
            f"{scores[f'{cls}_precision'].value:>9.3f} {scores[f'{cls}_recall'].value:>5.3f}"
            f" {scores[f'{cls}_f1'].value:>5.3f}"
            for cls in _CLASSES
        )
        lines.append(f"{name:<28}{cells}")
    return "\n".join(lines)


_CLASSES = ("persons", "organizations", "places")
