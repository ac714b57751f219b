"""The typed records passed between stages.

Stages hand these forward and never reach back: ``parse`` turns a text dump into a
:class:`ParsedArticle`; ``extract`` turns a parsed article plus its spaCy ``Doc`` into
:class:`Quote` and :class:`Entity` records. Table rows are built from them in
:mod:`newsetl.rows`, against the contracts in ``schemas/``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Image:
    """One article photo, caption and credit split apart."""

    alt_text: str | None
    caption: str | None
    credit: str | None
    photographer: str | None
    agency: str | None
    # Number of body paragraphs that come before the image in the page (0 = before the first).
    paragraph_index: int


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """What the parser reads off one text dump, before any NLP."""

    headline: str | None
    dek: str | None
    authors: tuple[str, ...]
    publisher: str | None
    published_date: dt.date | None
    dateline: str | None
    paragraphs: tuple[str, ...]
    images: tuple[Image, ...] = ()
    # Non-body lines the parser recognised and dropped (chrome, bylines, captions ...).
    dropped_lines: int = 0

    @property
    def body(self) -> str:
        """Clean paragraphs joined by a blank line: the text quote offsets point into."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation in the body, with its speaker resolved to the article's canonical name."""

    text: str
    speaker: str | None
    speaker_mention: str | None
    kind: str  # "full" | "partial"
    paragraph_index: int
    char_start: int  # into ParsedArticle.body
    char_end: int
    confidence: float


@dataclass(frozen=True, slots=True)
class Entity:
    """One canonical entity of one article."""

    name: str
    label: str  # OntoNotes label as spaCy gives it: PERSON, ORG, GPE, LOC, NORP, FAC, ...
    mention_count: int
    sections: tuple[str, ...]  # subset of: headline, dek, body, caption, credit


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the NLP stage derives from one article."""

    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()


@dataclass(frozen=True)
class Known:
    """What the warehouse already holds when a run starts (read-only for the stages)."""

    content: dict[str, str | None] = field(default_factory=dict)  # sha256 → article_id (None: rejected)
    articles: frozenset[str] = frozenset()
    sources: frozenset[tuple[str, str | None]] = frozenset()  # (source_file, sha256) already recorded


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one raw file: an ``article``, a ``duplicate`` of known content, or ``rejected``."""

    source_file: str
    sha256: str | None
    size: int
    status: str
    article_id: str | None
