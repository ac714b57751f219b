"""The batch stages the flow wires together: read → parse → extract → rows.

Each takes a batch and returns records plus quarantine rows; none knows about Prefect. Only
:func:`read_files` touches the file system (it reads the raw bytes).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from spacy.language import Language

from newsetl.decode import DecodeError, decode
from newsetl.discover import RawFile
from newsetl.extract import REQUIRED_COMPONENTS, add_paragraph_breaks, compose, extract_article
from newsetl.model import Extraction, ParsedArticle
from newsetl.nlp import load_pipeline, pipe
from newsetl.parse import parse_article
from newsetl.rows import Row, RunInfo, article_id_for, article_rows, reject_row
from newsetl.settings import Settings

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Loaded:
    source_file: str
    sha256: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Parsed:
    source_file: str
    sha256: str
    article_id: str
    article: ParsedArticle


@dataclass
class Seen:
    """Content already in the warehouse or earlier in this run: processed once only."""

    content: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    unread: set[str] = field(default_factory=set)  # files refused unread before (by path)


@dataclass
class StageOut(Generic[T]):
    items: list[T] = field(default_factory=list)
    rejects: list[Row] = field(default_factory=list)
    skipped: int = 0


def analysis_pipeline(settings: Settings) -> Language:
    """The configured spaCy pipeline with the components the extractors need (cached per process)."""
    return add_paragraph_breaks(load_pipeline(settings.spacy_model, REQUIRED_COMPONENTS))


def read_files(files: Iterable[RawFile], seen: Seen, settings: Settings, run: RunInfo) -> StageOut[Loaded]:
    """Read and hash each file; refuse oversized or unreadable ones; skip content already seen."""
    out: StageOut[Loaded] = StageOut()
    for raw in files:
        if raw.rel in seen.unread:
            out.skipped += 1
            continue
        if raw.size > settings.max_file_bytes:
            message = f"{raw.size} bytes is over the limit of {settings.max_file_bytes}"
            out.rejects.append(_reject(raw.rel, None, "discover", "too_large", message, run))
            continue
        try:
            data = raw.path.read_bytes()
        except OSError as exc:
            out.rejects.append(_reject(raw.rel, None, "discover", "unreadable", str(exc), run))
            continue
        sha = hashlib.sha256(data).hexdigest()
        if sha in seen.content:
            out.skipped += 1
            continue
        seen.content.add(sha)
        out.items.append(Loaded(raw.rel, sha, data))
    return out


def parse_files(loaded: Sequence[Loaded], seen: Seen, settings: Settings, run: RunInfo) -> StageOut[Parsed]:
    """Decode and parse; refuse what is not text or not an article."""
    out: StageOut[Parsed] = StageOut()
    for item in loaded:
        text = decode(item.data)
        if isinstance(text, DecodeError):
            out.rejects.append(
                _reject(item.source_file, item.sha256, "decode", text.reason, text.message, run)
            )
            continue
        article_id = article_id_for(text)
        if article_id in seen.articles:
            out.skipped += 1
            continue
        try:
            article = parse_article(_cap_lines(text, settings.max_line_chars))
        except Exception as exc:  # a parser bug must not sink the batch
            out.rejects.append(_reject(item.source_file, item.sha256, "parse", "error", repr(exc), run))
            continue
        words = len(article.body.split())
        if not article.paragraphs or words < settings.min_body_words:
            message = f"body has {words} words (minimum {settings.min_body_words}); not a news article"
            out.rejects.append(
                _reject(item.source_file, item.sha256, "parse", "not_an_article", message, run)
            )
            continue
        seen.articles.add(article_id)
        out.items.append(Parsed(item.source_file, item.sha256, article_id, article))
    return out


def extract_batch(
    parsed: Sequence[Parsed], nlp: Language, settings: Settings, run: RunInfo
) -> tuple[dict[str, list[Row]], list[Row]]:
    """One ``nlp.pipe`` over the batch, then the extractors per article; rows per table."""
    composed = [compose(p.article) for p in parsed]
    docs = pipe(
        nlp,
        (c.text for c in composed),
        batch_size=settings.spacy_batch_size,
        processes=settings.spacy_processes,
    )
    rows: dict[str, list[Row]] = {"articles": [], "images": [], "quotes": [], "entities": []}
    rejects: list[Row] = []
    for item, comp, doc in zip(parsed, composed, docs, strict=True):
        try:
            extraction: Extraction = extract_article(item.article, comp, doc)
        except Exception as exc:  # an extractor bug quarantines one article, not the batch
            rejects.append(_reject(item.source_file, item.sha256, "extract", "error", repr(exc), run))
            continue
        produced = article_rows(
            article_id=item.article_id,
            source_file=item.source_file,
            content_sha256=item.sha256,
            parsed=item.article,
            extraction=extraction,
            run=run,
        )
        for table, table_rows in produced.items():
            rows[table].extend(table_rows)
    return rows, rejects


def _cap_lines(text: str, limit: int) -> str:
    if len(text) <= limit or all(len(line) <= limit for line in text.splitlines()):
        return text
    return "\n".join(line[:limit] for line in text.splitlines())


def _reject(source: str, sha: str | None, stage: str, reason: str, message: str, run: RunInfo) -> Row:
    return reject_row(
        source_file=source, content_sha256=sha, stage=stage, reason=reason, message=message, run=run
    )
