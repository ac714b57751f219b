"""The count behind every score, and which direction is good for each field.

Every field of one article is a :class:`Ratio` ``num / den``. Corpus scores add numerators and
denominators over articles, so every corpus number is a micro average. For F1 fields the ratio
is ``2·TP / (2·TP + FP + FN)``, which is the usual F1 and adds up correctly.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Direction(Enum):
    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"


@dataclass(frozen=True, slots=True)
class Ratio:
    """``num`` out of ``den``; ``empty`` is the value when there was nothing to score (``den == 0``)."""

    num: int
    den: int
    empty: float = 1.0

    @property
    def value(self) -> float:
        return self.num / self.den if self.den else self.empty

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.num + other.num, self.den + other.den, self.empty)


def hit(ok: bool) -> Ratio:
    """One scored item: 1/1 when right, 0/1 when wrong."""
    return Ratio(int(ok), 1)


def prf(tp: int, fp: int, fn: int) -> tuple[Ratio, Ratio, Ratio]:
    """Precision, recall and F1 as ratios. Nothing predicted gives precision 1 (vacuous);
    nothing in gold gives recall 1; both empty gives F1 1."""
    return Ratio(tp, tp + fp), Ratio(tp, tp + fn), Ratio(2 * tp, 2 * tp + fp + fn)


def _prf_keys(prefix: str) -> tuple[str, ...]:
    return (f"{prefix}_precision", f"{prefix}_recall", f"{prefix}_f1")


# Stable field keys, in report order.
FIELD_KEYS: tuple[str, ...] = (
    "headline",
    "dek",
    "authors_f1",
    "published",
    "dateline",
    "body_first_sentence",
    "body_last_sentence",
    "body_sentences",
    "chrome_leak_rate",
    "paragraph_count_pm1",
    "images_precision",
    "images_recall",
    "image_caption",
    "image_credit",
    "image_photographer",
    "image_agency",
    "quotes_precision",
    "quotes_recall",
    "quote_speaker",
    "quote_kind",
    *_prf_keys("persons"),
    *_prf_keys("organizations"),
    *_prf_keys("places"),
)

DIRECTIONS: dict[str, Direction] = {
    key: Direction.LOWER_IS_BETTER if key == "chrome_leak_rate" else Direction.HIGHER_IS_BETTER
    for key in FIELD_KEYS
}
