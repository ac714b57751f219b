"""Leave-publisher-out cross-validation: folds by publisher, field and line-role scores. Pure.

* :func:`publisher_folds` puts every publisher in exactly one test fold (balanced by pages), so
  no publisher is ever in both the training and the test side of a fold.
* Gold pages are scored with the ``newsetl eval`` rules (:func:`score_article`, parser fields).
* Weak pages are scored on the fields their labels cover (:func:`score_weak`).
* :class:`RoleCounts` counts line-role precision and recall; a weak page's unlabelled line counts
  only against the roles it is known not to have (scrapinghub pages: body and crosshead).

Two weak-page figures are also given with a label convention made explicit (weak/README.md,
"Known weaknesses"), next to, never instead of, the figures as scored:

* ``published_printed``: the date, on the pages whose dump prints the labelled date (day, month
  and year on one line, read by :func:`date_printed`, not by the parser). A label taken from the
  page's metadata that the dump shows only as "7 hours ago", as an update date, or not at all
  cannot be read from the dump.
* ``paragraph_count_pm1_prose``: the paragraph count within one, counting on both sides only the
  lines that read as prose (:func:`is_prose`). The weak body counts list items, table cells,
  prices, tour dates and "Buy now" rows as paragraphs; the gold body does not.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from newsetl.evaluate.aliases import same_name
from newsetl.evaluate.matching import max_matching
from newsetl.evaluate.predicted import PredictedArticle, PredictedImage
from newsetl.evaluate.ratio import Ratio, hit, prf
from newsetl.evaluate.text import norm_ws, same_optional
from newsetl.model import ParsedArticle

# Fields reported for gold pages, in table order (all from :mod:`newsetl.evaluate.fields`).
GOLD_FIELDS: tuple[str, ...] = (
    "headline",
    "dek",
    "authors_f1",
    "published",
    "dateline",
    "paragraph_count_pm1",
    "chrome_leak_rate",
    "body_first_sentence",
    "body_last_sentence",
    "images_f1",
    "image_credit",
    "image_photographer",
    "image_agency",
)
# Fields reported for weak pages (what their labels cover).
WEAK_FIELDS: tuple[str, ...] = (
    "headline",
    "dek",
    "authors_f1",
    "published",
    "paragraph_count_pm1",
    "body_line_precision",
    "body_line_recall",
    "published_printed",
    "paragraph_count_pm1_prose",
)
_SENTENCE_END = re.compile(r"[.!?…][\"”’'\)\]]*$")
_PROSE_MIN_WORDS = 6
_PROSE_LONG_WORDS = 20


def date_printed(lines: Iterable[str], iso: str) -> bool:
    """Whether a line prints this date: day, month (name, abbreviation or number) and year."""
    day = dt.date.fromisoformat(iso)
    month = calendar.month_name[day.month].casefold()
    numeric = {
        iso,
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.month}/{day.day}/{day.year}",
        f"{day.month:02d}/{day.day:02d}/{day.year}",
    }
    for line in lines:
        text = line.casefold()
        if any(n in text for n in numeric):
            return True
        words = set(re.findall(r"[a-z]+|\d+", text))
        named = month in words or month[:3] in words or month[:4] in words
        if (
            str(day.year) in words
            and named
            and re.search(rf"(?<!\d)0?{day.day}(?:st|nd|rd|th)?(?!\d)", text.replace(str(day.year), " "))
        ):
            return True
    return False


def is_prose(line: str) -> bool:
    """A line that reads as running text: six words ending a sentence, or twenty words."""
    words = sum(1 for w in line.split() if any(c.isalnum() for c in w))
    return (words >= _PROSE_MIN_WORDS and bool(_SENTENCE_END.search(line))) or words >= _PROSE_LONG_WORDS


def publisher_folds(publishers: Sequence[str], folds: int) -> list[int]:
    """Fold number of each page: whole publishers, biggest first, each to the smallest fold."""
    sizes = Counter(publishers)
    load = [0] * folds
    fold_of: dict[str, int] = {}
    for publisher, size in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        target = min(range(folds), key=lambda f: (load[f], f))
        fold_of[publisher] = target
        load[target] += size
    return [fold_of[p] for p in publishers]


def as_prediction(article: ParsedArticle) -> PredictedArticle:
    """A parser result in the shape the scorer compares with gold (no quotes, no entities)."""
    return PredictedArticle(
        headline=article.headline,
        dek=article.dek,
        authors=article.authors,
        published=article.published_date.isoformat() if article.published_date else None,
        dateline=article.dateline,
        paragraphs=article.paragraphs,
        images=tuple(
            PredictedImage(i.alt_text, i.caption, i.credit, i.photographer, i.agency) for i in article.images
        ),
    )


@dataclass(frozen=True, slots=True)
class WeakTruth:
    """What a weak page's labels say (None: not covered by this page's labels)."""

    headline: str | None
    dek: str | None
    dek_known: bool
    authors: tuple[str, ...] | None
    published: str | None
    body_lines: tuple[str, ...]
    published_printed: bool = False  # the dump prints the labelled date (:func:`date_printed`)


def score_weak(truth: WeakTruth, pred: PredictedArticle) -> dict[str, Ratio]:
    """Fields of one weak page: exact headline/dek/date (where labelled), authors F1, paragraph
    count within one of the labelled body lines, and body-line precision/recall (lines compared
    after whitespace normalisation, as multisets)."""
    scores: dict[str, Ratio] = {}
    if truth.headline is not None:
        scores["headline"] = hit(same_optional(truth.headline, pred.headline))
    if truth.dek_known:
        scores["dek"] = hit(same_optional(truth.dek, pred.dek))
    if truth.authors is not None:
        if not truth.authors and not pred.authors:
            scores["authors_f1"] = Ratio(2, 2)
        else:
            tp = len(max_matching(truth.authors, pred.authors, same_name))
            scores["authors_f1"] = prf(tp, len(pred.authors) - tp, len(truth.authors) - tp)[2]
    if truth.published is not None:
        scores["published"] = hit(truth.published == pred.published)
        if truth.published_printed:
            scores["published_printed"] = scores["published"]
    gold_lines = Counter(norm_ws(line) for line in truth.body_lines)
    pred_lines = Counter(norm_ws(p) for p in pred.paragraphs)
    tp = sum((gold_lines & pred_lines).values())
    precision, recall, _ = prf(tp, sum(pred_lines.values()) - tp, sum(gold_lines.values()) - tp)
    scores["paragraph_count_pm1"] = hit(abs(len(pred.paragraphs) - len(truth.body_lines)) <= 1)
    scores["body_line_precision"] = precision
    scores["body_line_recall"] = recall
    prose = sum(map(is_prose, truth.body_lines)) - sum(map(is_prose, pred.paragraphs))
    scores["paragraph_count_pm1_prose"] = hit(abs(prose) <= 1)
    return scores


def images_f1(precision: Ratio, recall: Ratio) -> float:
    p, r = precision.value, recall.value
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class RoleCounts:
    """Line-role true positives, false positives and false negatives, per role."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)

    def add(
        self,
        truth: Sequence[str | None],
        known: Sequence[Iterable[str]],
        predicted: Sequence[str],
    ) -> None:
        for gold, known_roles, pred in zip(truth, known, predicted, strict=True):
            if gold is None:
                if pred in set(known_roles):
                    self.fp[pred] += 1
            elif gold == pred:
                self.tp[gold] += 1
            else:
                self.fn[gold] += 1
                self.fp[pred] += 1

    def merge(self, other: RoleCounts) -> None:
        """Pool another run's counts into these (several training seeds over the same pages)."""
        self.tp.update(other.tp)
        self.fp.update(other.fp)
        self.fn.update(other.fn)

    def table(self, roles: Sequence[str]) -> Mapping[str, tuple[float, float, int]]:
        """Role -> (precision, recall, support) for roles with any count."""
        out: dict[str, tuple[float, float, int]] = {}
        for role in roles:
            tp, fp, fn = self.tp[role], self.fp[role], self.fn[role]
            if tp + fp + fn:
                out[role] = (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0, tp + fn)
        return out
