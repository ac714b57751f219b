"""Scoring predictions against gold: one article, then the whole corpus.

The per-field rules are in :mod:`newsetl.evaluate.fields`; every field of an article is a
:class:`~newsetl.evaluate.ratio.Ratio`, and the corpus score of a field is the sum of the
article ratios (a micro average over articles).

A missing prediction (``None``) is all wrong: every higher-is-better field scores ``0`` out of
the denominator a perfect prediction would have had (at least 1), and ``chrome_leak_rate``
counts every gold ``not_body`` line as leaked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from newsetl.evaluate.fields import (
    score_authors,
    score_body,
    score_entities,
    score_images,
    score_metadata,
    score_quotes,
)
from newsetl.evaluate.gold import GoldArticle
from newsetl.evaluate.predicted import PredictedArticle, prediction_from_gold
from newsetl.evaluate.ratio import DIRECTIONS, FIELD_KEYS, Direction, Ratio


@dataclass(frozen=True, slots=True)
class ArticleScore:
    """Every field of one article, with the counts behind it."""

    article_id: str
    fields: dict[str, Ratio]
    missing: bool = False

    def value(self, key: str) -> float:
        return self.fields[key].value


@dataclass(frozen=True, slots=True)
class CorpusScore:
    """Corpus totals per field (micro averages) plus the per-article details."""

    fields: dict[str, Ratio]
    articles: tuple[ArticleScore, ...] = field(default_factory=tuple)

    def value(self, key: str) -> float:
        return self.fields[key].value

    @property
    def values(self) -> dict[str, float]:
        return {key: ratio.value for key, ratio in self.fields.items()}

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(a.article_id for a in self.articles if a.missing)


def score_article(gold: GoldArticle, predicted: PredictedArticle | None) -> ArticleScore:
    """Score one prediction against its gold article (``None`` = missing, all wrong)."""
    if predicted is None:
        return _missing(gold)
    fields: dict[str, Ratio] = {}
    for scorer in (score_metadata, score_authors, score_body, score_images, score_quotes, score_entities):
        fields.update(scorer(gold, predicted))
    return ArticleScore(gold.id, {key: fields[key] for key in FIELD_KEYS})


def _missing(gold: GoldArticle) -> ArticleScore:
    perfect = score_article(gold, prediction_from_gold(gold)).fields
    fields: dict[str, Ratio] = {}
    for key, ratio in perfect.items():
        if DIRECTIONS[key] is Direction.LOWER_IS_BETTER:
            fields[key] = Ratio(ratio.den, ratio.den, ratio.empty)
        else:
            fields[key] = Ratio(0, max(ratio.den, 1), ratio.empty)
    return ArticleScore(gold.id, fields, missing=True)


def combine(articles: Iterable[ArticleScore]) -> CorpusScore:
    """Sum article ratios field by field. With no articles every field is its empty value."""
    articles = tuple(articles)
    totals: dict[str, Ratio] = {}
    for key in FIELD_KEYS:
        empty = 0.0 if DIRECTIONS[key] is Direction.LOWER_IS_BETTER else 1.0
        total = Ratio(0, 0, empty)
        for article in articles:
            total += article.fields[key]
        totals[key] = total
    return CorpusScore(totals, articles)


def score_corpus(pairs: Iterable[tuple[GoldArticle, PredictedArticle | None]]) -> CorpusScore:
    """Score every ``(gold, prediction)`` pair and micro-average over the corpus."""
    return combine(score_article(gold, predicted) for gold, predicted in pairs)
