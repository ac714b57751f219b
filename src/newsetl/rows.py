"""Parsed and extracted records → table rows (plain dicts keyed by contract column names)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from newsetl.model import Extraction, ParsedArticle
from newsetl.neardup import signature
from newsetl.settings import PARSER_VERSION
from newsetl.versions import newsetl_version

_SPACE = re.compile(r"\s+")
# Labels that name the same kind of thing share an id space, so "Georgia" (GPE) and
# "Georgia" (LOC) are one entity across articles.
_LABEL_GROUPS = {"GPE": "PLACE", "LOC": "PLACE"}

Row = dict[str, object]


@dataclass(frozen=True, slots=True)
class RunInfo:
    run_id: str
    started_at: dt.datetime
    language: str
    nlp_version: str | None = None  # :func:`newsetl.versions.nlp_version` of the run's spaCy model


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an article came from: its address, input format, crawl time and record in the file."""

    url: str | None = None
    source_format: str = "text"
    crawled_at: dt.datetime | None = None
    record_id: str | None = None
    language: str | None = None


def normalize_text(text: str) -> str:
    """Unicode NFC with every whitespace run folded to one space: the content identity."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def article_id_for(text: str) -> str:
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:16]


def entity_id_for(name: str, label: str) -> str:
    group = _LABEL_GROUPS.get(label, label)
    key = f"{group}:{normalize_text(name).casefold()}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def current_parser_version() -> str:
    """The parser version stamped on the rows made now (read at call time)."""
    return PARSER_VERSION


def article_rows(
    *,
    article_id: str,
    source_file: str,
    content_sha256: str,
    parsed: ParsedArticle,
    extraction: Extraction,
    run: RunInfo,
    origin: Origin | None = None,
    analysis_input: str | None = None,
) -> dict[str, list[Row]]:
    """All rows one article contributes, per table."""
    body = parsed.body
    origin = origin or Origin()
    article: Row = {
        "article_id": article_id,
        "source_file": source_file,
        "content_sha256": content_sha256,
        "publisher": parsed.publisher,
        "headline": parsed.headline,
        "dek": parsed.dek,
        "authors": list(parsed.authors),
        "dateline": parsed.dateline,
        "published_date": parsed.published_date,
        "body": body,
        "paragraph_count": len(parsed.paragraphs),
        "word_count": len(body.split()),
        "language": origin.language or run.language,
        "duplicate_of": None,  # set by the run, which knows what came before
        "parser_version": PARSER_VERSION,
        "run_id": run.run_id,
        "ingested_at": run.started_at,
        "url": origin.url,
        "source_format": origin.source_format,
        "crawled_at": origin.crawled_at,
        "record_id": origin.record_id,
        "nlp_version": run.nlp_version,
        "newsetl_version": newsetl_version(),
    }
    images: list[Row] = [
        {
            "article_id": article_id,
            "image_index": index,
            "alt_text": image.alt_text,
            "caption": image.caption,
            "credit": image.credit,
            "photographer": image.photographer,
            "agency": image.agency,
            "paragraph_index": image.paragraph_index,
            "run_id": run.run_id,
        }
        for index, image in enumerate(parsed.images)
    ]
    quotes: list[Row] = [
        {
            "article_id": article_id,
            "quote_index": index,
            "text": quote.text,
            "speaker": quote.speaker,
            "speaker_mention": quote.speaker_mention,
            "kind": quote.kind,
            "paragraph_index": quote.paragraph_index,
            "char_start": quote.char_start,
            "char_end": quote.char_end,
            "confidence": quote.confidence,
            "run_id": run.run_id,
        }
        for index, quote in enumerate(extraction.quotes)
    ]
    entities: dict[str, Row] = {}
    for entity in extraction.entities:
        entity_id = entity_id_for(entity.name, entity.label)
        seen = entities.get(entity_id)
        if seen is None:
            entities[entity_id] = {
                "article_id": article_id,
                "entity_id": entity_id,
                "name": entity.name,
                "mention": entity.name,
                "label": entity.label,
                "mention_count": entity.mention_count,
                "sections": list(entity.sections),
                "run_id": run.run_id,
            }
        else:  # one canonical entity under two labels of a group: one row
            seen["mention_count"] = int(str(seen["mention_count"])) + entity.mention_count
            sections = [str(s) for s in seen["sections"]]  # type: ignore[attr-defined]
            seen["sections"] = sections + [s for s in entity.sections if s not in sections]
    signatures: list[Row] = [
        {
            "article_id": article_id,
            "minhash": signature(body),
            "run_id": run.run_id,
            "analysis_input_sha256": analysis_input,
        }
    ]
    return {
        "articles": [article],
        "images": images,
        "quotes": quotes,
        "entities": list(entities.values()),
        "signatures": signatures,
    }


def reject_row(
    *, source_file: str, content_sha256: str | None, stage: str, reason: str, message: str, run: RunInfo
) -> Row:
    return {
        "source_file": source_file,
        "content_sha256": content_sha256,
        "stage": stage,
        "reason_code": reason,
        "message": message,
        "run_id": run.run_id,
        "rejected_at": run.started_at,
    }
