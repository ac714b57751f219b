"""Leave-publisher-out evaluation of quotes and speakers (pure: no I/O, no NLP).

Folds group gold articles by a normalised publisher name, so a publisher is never both in what a
model learns from and in what it is scored on. The caller supplies ``train`` (articles -> model) and
``predict`` (model, article -> quotes); a rule-only extractor can ignore the model. Scores are the
project's own quote fields (:func:`newsetl.evaluate.fields.score_quotes`), micro-averaged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from newsetl.evaluate.aliases import same_name
from newsetl.evaluate.fields import score_quotes
from newsetl.evaluate.gold import GoldArticle
from newsetl.evaluate.matching import max_matching
from newsetl.evaluate.predicted import PredictedArticle, PredictedQuote
from newsetl.evaluate.ratio import Ratio
from newsetl.evaluate.text import fold_accents, norm_quote

M = TypeVar("M")

QUOTE_FIELDS: tuple[str, ...] = ("quotes_precision", "quotes_recall", "quote_speaker", "quote_kind")
_PARENS = re.compile(r"\([^)]*\)")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def publisher_key(name: str | None) -> str:
    """Normalised publisher: case and accents folded, a parenthesised note and a leading 'the' dropped
    (``Harbour Wire (hosted.example)`` = ``Harbour Wire``; ``The Veld Gazette`` = ``Veld Gazette``)."""
    text = fold_accents(_PARENS.sub(" ", name or "")).casefold()
    words = _NON_WORD.sub(" ", text).split()
    if words[:1] == ["the"] and len(words) > 1:
        words = words[1:]
    return " ".join(words) or "unknown"


def publisher_folds(gold: Mapping[str, GoldArticle]) -> dict[str, list[str]]:
    """Article ids by normalised publisher, each list sorted; keys in sorted order."""
    folds: dict[str, list[str]] = {}
    for article_id in sorted(gold):
        folds.setdefault(publisher_key(gold[article_id].publisher), []).append(article_id)
    return dict(sorted(folds.items()))


def cross_validate(
    gold: Mapping[str, GoldArticle],
    train: Callable[[Sequence[str]], M],
    predict: Callable[[M, str], tuple[PredictedQuote, ...]],
) -> dict[str, tuple[PredictedQuote, ...]]:
    """Predictions for every article from a model trained without the article's publisher."""
    folds = publisher_folds(gold)
    predictions: dict[str, tuple[PredictedQuote, ...]] = {}
    for held_out, test_ids in folds.items():
        train_ids = [i for key, ids in folds.items() if key != held_out for i in ids]
        model = train(train_ids)
        for article_id in test_ids:
            predictions[article_id] = predict(model, article_id)
    return predictions


@dataclass(frozen=True, slots=True)
class QuoteScores:
    """Quote fields summed over a set of articles."""

    fields: dict[str, Ratio]

    def value(self, key: str) -> float:
        return self.fields[key].value

    def line(self) -> str:
        return "  ".join(
            f"{key} {self.fields[key].value:.3f} ({self.fields[key].num}/{self.fields[key].den})"
            for key in QUOTE_FIELDS
        )


def score_quote_fields(
    gold: Mapping[str, GoldArticle],
    predicted: Mapping[str, tuple[PredictedQuote, ...]],
    ids: Iterable[str] | None = None,
) -> QuoteScores:
    """Quote precision/recall, speaker and kind accuracy over ``ids`` (default: all gold)."""
    totals = {key: Ratio(0, 0) for key in QUOTE_FIELDS}
    for article_id in sorted(gold) if ids is None else ids:
        pred = PredictedArticle(quotes=predicted.get(article_id, ()))
        scored = score_quotes(gold[article_id], pred)
        totals = {key: totals[key] + scored[key] for key in QUOTE_FIELDS}
    return QuoteScores(totals)


@dataclass(frozen=True, slots=True)
class QuoteError:
    """One scored disagreement: a missed or spurious quote, or a wrong speaker or kind."""

    article_id: str
    what: str  # "missed", "spurious", "speaker", "kind"
    text: str
    gold: str | None
    predicted: str | None


def quote_errors(gold: GoldArticle, predicted: Sequence[PredictedQuote]) -> list[QuoteError]:
    """Every disagreement of one article, matched as the scorer matches quotes."""
    pairs = max_matching(
        gold.quotes,
        predicted,
        lambda g, p: norm_quote(g.text) == norm_quote(p.text),
        prefer=lambda g, p: g.speaker == p.speaker,
    )
    errors: list[QuoteError] = []
    matched_gold = {i for i, _ in pairs}
    matched_pred = {j for _, j in pairs}
    for i, g in enumerate(gold.quotes):
        if i not in matched_gold:
            errors.append(QuoteError(gold.id, "missed", g.text, g.speaker, None))
    for j, p in enumerate(predicted):
        if j not in matched_pred:
            errors.append(QuoteError(gold.id, "spurious", p.text, None, p.speaker))
    for i, j in pairs:
        g, p = gold.quotes[i], predicted[j]
        if not same_name(g.speaker, p.speaker):
            errors.append(QuoteError(gold.id, "speaker", g.text, g.speaker, p.speaker))
        elif g.kind.casefold() != p.kind.casefold():
            errors.append(QuoteError(gold.id, "kind", g.text, g.kind, p.kind))
    return errors
