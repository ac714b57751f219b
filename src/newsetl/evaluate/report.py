"""Rendering a :class:`CorpusScore` for people (a text table) and machines (JSON), and checking
it against the project's target floors."""

from __future__ import annotations

from collections.abc import Mapping

from newsetl.evaluate.ratio import DIRECTIONS, FIELD_KEYS, Direction, Ratio
from newsetl.evaluate.scoring import CorpusScore

# Project targets. Every field is higher-is-better (the value is a floor) except
# ``chrome_leak_rate``, whose value is a ceiling; see ``DIRECTIONS``.
FLOORS: dict[str, float] = {
    "headline": 0.95,
    "dek": 0.85,
    "authors_f1": 0.90,
    "published": 0.90,
    "dateline": 0.85,
    "body_sentences": 0.95,
    "chrome_leak_rate": 0.02,
    "paragraph_count_pm1": 0.90,
    "images_precision": 0.90,
    "images_recall": 0.90,
    "image_credit": 0.90,
    "image_photographer": 0.90,
    "image_agency": 0.90,
    "quotes_precision": 0.90,
    "quotes_recall": 0.90,
    "quote_speaker": 0.85,
    "persons_f1": 0.90,
    "organizations_f1": 0.75,
    "places_f1": 0.85,
}


def misses_target(key: str, value: float, target: float) -> bool:
    """Whether ``value`` misses ``target``: below a floor, or above a ceiling (lower-is-better)."""
    direction = DIRECTIONS.get(key, Direction.HIGHER_IS_BETTER)
    return value > target if direction is Direction.LOWER_IS_BETTER else value < target


def below_floor(score: CorpusScore, floors: Mapping[str, float] = FLOORS) -> list[str]:
    """Keys of the fields that miss their target, in report order (unknown keys are reported too)."""
    failing = [
        key for key in FIELD_KEYS if key in floors and misses_target(key, score.value(key), floors[key])
    ]
    return failing + [key for key in floors if key not in score.fields]


def _target_text(key: str, floors: Mapping[str, float] | None) -> str:
    if floors is None or key not in floors:
        return ""
    sign = "<=" if DIRECTIONS[key] is Direction.LOWER_IS_BETTER else ">="
    return f"{sign} {floors[key]:.2f}"


def format_scores(score: CorpusScore, floors: Mapping[str, float] | None = None) -> str:
    """Plain-text table: field, score, counts (num/den), target and a ``FAIL`` mark when missed."""
    header = f"{'field':<24} {'score':>6} {'counts':>12}  {'target':<8} status"
    lines = [header, "-" * len(header)]
    for key in FIELD_KEYS:
        ratio = score.fields[key]
        target = _target_text(key, floors)
        status = ""
        if floors is not None and key in floors:
            status = "FAIL" if misses_target(key, ratio.value, floors[key]) else "ok"
        counts = f"{ratio.num}/{ratio.den}"
        lines.append(f"{key:<24} {ratio.value:>6.3f} {counts:>12}  {target:<8} {status}".rstrip())
    if score.missing:
        lines.append(f"missing predictions: {', '.join(score.missing)}")
    return "\n".join(lines)


def _ratio_json(ratio: Ratio) -> dict[str, float | int]:
    return {"value": ratio.value, "num": ratio.num, "den": ratio.den}


def to_json(score: CorpusScore) -> dict[str, object]:
    """Machine-readable scores: corpus fields, directions, and per-article fields."""
    return {
        "fields": {key: _ratio_json(score.fields[key]) for key in FIELD_KEYS},
        "directions": {key: DIRECTIONS[key].value for key in FIELD_KEYS},
        "articles": {
            article.article_id: {
                "missing": article.missing,
                "fields": {key: _ratio_json(r) for key, r in article.fields.items()},
            }
            for article in score.articles
        },
    }
