"""Loading gold annotation files (``corpus/gold/<id>.json``) into typed records.

The records mirror the JSON fields one to one; see the corpus README for their meaning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class GoldFormatError(ValueError):
    """A gold file is not valid JSON or does not follow the gold schema."""


@dataclass(frozen=True, slots=True)
class GoldImage:
    alt: str | None
    caption: str | None
    credit: str | None
    photographer: str | None
    agency: str | None


@dataclass(frozen=True, slots=True)
class GoldQuote:
    text: str
    speaker: str | None
    kind: str  # "full" | "partial"


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    source: str
    url: str | None
    publisher: str | None
    headline: str
    dek: str | None
    authors: tuple[str, ...]
    published: str | None  # YYYY-MM-DD
    dateline: str | None
    paragraph_count: int
    body_first_sentence: str
    body_last_sentence: str
    not_body: tuple[str, ...]
    images: tuple[GoldImage, ...]
    quotes: tuple[GoldQuote, ...]
    persons: tuple[str, ...]
    organizations: tuple[str, ...]
    places: tuple[str, ...]


# Every top-level key of a gold file (the fields of :class:`GoldArticle`).
GOLD_FIELDS: tuple[str, ...] = tuple(GoldArticle.__dataclass_fields__)


def _str(obj: dict[str, Any], key: str, *, optional: bool = False) -> str | None:
    if key not in obj:
        raise GoldFormatError(f"missing field {key!r}")
    value = obj[key]
    if value is None and optional:
        return None
    if not isinstance(value, str):
        expected = "a string or null" if optional else "a string"
        raise GoldFormatError(f"field {key!r} must be {expected}, got {value!r}")
    return value


def _req(obj: dict[str, Any], key: str) -> str:
    value = _str(obj, key)
    assert value is not None
    return value


def _str_list(obj: dict[str, Any], key: str) -> tuple[str, ...]:
    value = obj.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise GoldFormatError(f"field {key!r} must be a list of strings")
    return tuple(value)


def _obj_list(obj: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = obj.get(key)
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise GoldFormatError(f"field {key!r} must be a list of objects")
    return value


def _image(obj: dict[str, Any]) -> GoldImage:
    return GoldImage(
        alt=_str(obj, "alt", optional=True),
        caption=_str(obj, "caption", optional=True),
        credit=_str(obj, "credit", optional=True),
        photographer=_str(obj, "photographer", optional=True),
        agency=_str(obj, "agency", optional=True),
    )


def _quote(obj: dict[str, Any]) -> GoldQuote:
    kind = _req(obj, "kind")
    if kind not in ("full", "partial"):
        raise GoldFormatError(f"quote kind must be 'full' or 'partial', got {kind!r}")
    return GoldQuote(text=_req(obj, "text"), speaker=_str(obj, "speaker", optional=True), kind=kind)


def _article(obj: dict[str, Any]) -> GoldArticle:
    missing = [name for name in GOLD_FIELDS if name not in obj]
    if missing:
        raise GoldFormatError(f"missing field {', '.join(repr(m) for m in missing)}")
    count = obj.get("paragraph_count")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise GoldFormatError(f"field 'paragraph_count' must be a non-negative integer, got {count!r}")
    return GoldArticle(
        id=_req(obj, "id"),
        source=_req(obj, "source"),
        url=_str(obj, "url", optional=True),
        publisher=_str(obj, "publisher", optional=True),
        headline=_req(obj, "headline"),
        dek=_str(obj, "dek", optional=True),
        authors=_str_list(obj, "authors"),
        published=_str(obj, "published", optional=True),
        dateline=_str(obj, "dateline", optional=True),
        paragraph_count=count,
        body_first_sentence=_req(obj, "body_first_sentence"),
        body_last_sentence=_req(obj, "body_last_sentence"),
        not_body=_str_list(obj, "not_body"),
        images=tuple(_image(i) for i in _obj_list(obj, "images")),
        quotes=tuple(_quote(q) for q in _obj_list(obj, "quotes")),
        persons=_str_list(obj, "persons"),
        organizations=_str_list(obj, "organizations"),
        places=_str_list(obj, "places"),
    )


def load_gold(path: str | Path) -> GoldArticle:
    """Read one gold file. Raises :class:`GoldFormatError` naming the file when it is malformed."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise GoldFormatError("top level must be a JSON object")
        return _article(data)
    except (json.JSONDecodeError, GoldFormatError) as exc:
        raise GoldFormatError(f"{path}: malformed gold file: {exc}") from exc


def load_gold_dir(directory: str | Path) -> dict[str, GoldArticle]:
    """Every ``*.json`` in ``directory``, keyed by file stem (which is the article id)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"gold directory not found: {directory}")
    return {path.stem: load_gold(path) for path in sorted(directory.glob("*.json"))}
