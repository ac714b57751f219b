"""Scoring pipeline predictions against the gold annotations of the evaluation corpus.

* :mod:`~newsetl.evaluate.gold` loads gold files, :mod:`~newsetl.evaluate.predicted` defines
  what a prediction looks like.
* :mod:`~newsetl.evaluate.scoring` scores one article or the corpus; the rule of every field is
  documented in :mod:`~newsetl.evaluate.fields`.
* :mod:`~newsetl.evaluate.aliases` is the single alias mechanism (entities, speakers, authors, agencies).
* :mod:`~newsetl.evaluate.report` renders scores and checks them against :data:`FLOORS`.
"""

from newsetl.evaluate.gold import GoldArticle, GoldFormatError, load_gold, load_gold_dir
from newsetl.evaluate.predicted import (
    PredictedArticle,
    PredictedEntity,
    PredictedImage,
    PredictedQuote,
    prediction_from_gold,
)
from newsetl.evaluate.ratio import DIRECTIONS, FIELD_KEYS, Direction, Ratio
from newsetl.evaluate.report import FLOORS, below_floor, format_scores, to_json
from newsetl.evaluate.scoring import ArticleScore, CorpusScore, score_article, score_corpus

__all__ = [
    "DIRECTIONS",
    "FIELD_KEYS",
    "FLOORS",
    "ArticleScore",
    "CorpusScore",
    "Direction",
    "GoldArticle",
    "GoldFormatError",
    "PredictedArticle",
    "PredictedEntity",
    "PredictedImage",
    "PredictedQuote",
    "Ratio",
    "below_floor",
    "format_scores",
    "load_gold",
    "load_gold_dir",
    "prediction_from_gold",
    "score_article",
    "score_corpus",
    "to_json",
]
