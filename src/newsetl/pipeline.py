"""The batch stages of an ingest: load → parse → extract (→ validate, in :mod:`newsetl.validate`).

Each stage takes a batch plus read-only context and returns a :class:`StageOut`: the items that go on
to the next stage, quarantine rows, and the outcome of every file that stopped here. None knows about
Prefect or about other batches; only :func:`load_files` touches the file system (it reads raw bytes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from spacy.language import Language

from newsetl.analysis import analyze, cache_for
from newsetl.attribute_rules import use_attribute_rules
from newsetl.decode import DecodeError, decode
from newsetl.discover import RawFile
from newsetl.extract import REQUIRED_COMPONENTS, add_paragraph_breaks, compose, extract_article
from newsetl.model import Known, Outcome, ParsedArticle
from newsetl.nlp import load_pipeline
from newsetl.parse import parse_article
from newsetl.reuse import analysis_input_digest
from newsetl.rows import Origin, Row, RunInfo, article_id_for, article_rows, reject_row
from newsetl.settings import Settings
from newsetl.sources import Problem, Record, records
from newsetl.sources.html import read_html
from newsetl.sources.language import identify
from newsetl.sources.merge import merge
from newsetl.sources.metadata import PageMeta, combine

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Decoded:
    raw: RawFile
    sha256: str
    article_id: str
    text: str
    source: str = ""  # the file, or ``file#record`` for a record inside a WARC or JSONL file
    size: int = 0
    record_id: str | None = None
    source_format: str = "text"
    meta: PageMeta | None = None
    crawled_at: dt.datetime | None = None
    language: str | None = None
    record: Record | None = None  # the record as read, for the raw layer (``pages``); None when off
    preparsed: ParsedArticle | None = None  # its parse, known already (reprocess: newsetl.reuse.rebuild)

    def outcome(self, status: str, article_id: str | None = None) -> Outcome:
        size = self.size or self.raw.size
        return Outcome(self.source or self.raw.rel, self.sha256, size, status, article_id)


@dataclass(frozen=True, slots=True)
class Parsed:
    decoded: Decoded
    article: ParsedArticle


@dataclass(frozen=True, slots=True)
class Extracted:
    decoded: Decoded
    rows: dict[str, list[Row]]


@dataclass
class StageOut(Generic[T]):
    items: list[T] = field(default_factory=list)
    rejects: list[Row] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: int = 0

    def refuse(self, outcome: Outcome, stage: str, reason: str, message: str, run: RunInfo) -> None:
        self.outcomes.append(Outcome(outcome.source_file, outcome.sha256, outcome.size, "rejected", None))
        self.rejects.append(
            reject_row(
                source_file=outcome.source_file,
                content_sha256=outcome.sha256,
                stage=stage,
                reason=reason,
                message=message,
                run=run,
            )
        )


def analysis_pipeline(settings: Settings) -> Language:
    """The configured spaCy pipeline with the components the extractors need (cached per process)."""
    keep = REQUIRED_COMPONENTS if settings.analysis_scope == "all" else (*REQUIRED_COMPONENTS, "senter")
    return use_attribute_rules(add_paragraph_breaks(load_pipeline(settings.spacy_model, keep)))


def load_files(files: Iterable[RawFile], known: Known, settings: Settings, run: RunInfo) -> StageOut[Decoded]:
    """Read each file's records (one for a page or dump, many for a WARC or JSONL file), hash and
    decode them; skip content already known; refuse what is not text or not in a wanted language."""
    out: StageOut[Decoded] = StageOut()
    batch_ids: set[str] = set()
    for raw in files:
        try:
            for found in records(raw, settings.max_file_bytes):
                decoded = _load_one(raw, found, known, settings, run, out)
                if decoded is None:
                    continue
                if decoded.article_id in known.articles or decoded.article_id in batch_ids:
                    out.skipped += 1
                    out.outcomes.append(decoded.outcome("duplicate", decoded.article_id))
                    continue
                batch_ids.add(decoded.article_id)
                out.items.append(decoded)
        except OSError as exc:
            unread = Outcome(raw.rel, None, raw.size, "rejected", None)
            out.refuse(unread, "discover", "unreadable", f"cannot read: {exc}", run)
    return out


def _load_one(
    raw: RawFile,
    found: Record | Problem,
    known: Known,
    settings: Settings,
    run: RunInfo,
    out: StageOut[Decoded],
) -> Decoded | None:
    if isinstance(found, Problem):
        if found.reason is None:  # a record that is not an article page (404, image, request …)
            out.skipped += 1
            return None
        sha = hashlib.sha256(found.content).hexdigest() if found.content is not None else None
        if (found.source, sha) in known.sources or (sha is not None and sha in known.content):
            out.skipped += 1
            return None
        size = len(found.content) if found.content is not None else raw.size
        stage = "discover" if found.reason == "too_large" and found.source == raw.rel else "decode"
        refused = Outcome(found.source, sha, size, "rejected", None)
        out.refuse(refused, stage, found.reason, found.message, run)
        return None
    sha = hashlib.sha256(found.content).hexdigest()
    size = len(found.content)
    if sha in known.content:
        out.skipped += 1
        if (found.source, sha) not in known.sources:
            out.outcomes.append(Outcome(found.source, sha, size, "duplicate", known.content[sha]))
        return None
    rejected = Outcome(found.source, sha, size, "rejected", None)
    meta = found.meta
    if found.markup is not None:
        page = read_html(found.markup, meta.url if meta else None)
        if isinstance(page, DecodeError):
            out.refuse(rejected, "decode", page.reason, page.message, run)
            return None
        text, meta = page.text, combine(meta, page.meta)
    else:
        decoded_text = decode(found.content)
        if isinstance(decoded_text, DecodeError):
            out.refuse(rejected, "decode", decoded_text.reason, decoded_text.message, run)
            return None
        text = decoded_text
    language = _language(text, found.declared_language, settings)
    if language not in settings.languages:
        message = f"article is in {language!r}; wanted {', '.join(settings.languages)}"
        out.refuse(rejected, "parse", "language", message, run)
        return None
    return Decoded(
        raw,
        sha,
        article_id_for(text),
        text,
        found.source,
        size,
        found.record_id,
        found.source_format,
        meta,
        found.crawled_at,
        language,
        found if settings.raw_pages else None,
    )


def _language(text: str, declared: str | None, settings: Settings) -> str:
    """A declared language is taken as it is; else a confident detection; else the default."""
    if declared:
        return declared.split("-")[0].lower()
    return identify(text) or settings.language


def parse_files(decoded: Sequence[Decoded], settings: Settings, run: RunInfo) -> StageOut[Parsed]:
    """Parse each text dump (unless its parse is known); refuse what is not a news article."""
    out: StageOut[Parsed] = StageOut()
    for item in decoded:
        article = item.preparsed or _parse_one(item, settings, run, out)
        if article is None:
            continue
        words = len(article.body.split())
        if item.source_format == "text" and _looks_like_html(item.text):
            message = "HTML markup saved as text; give HTML pages to an HTML reader"
            out.refuse(item.outcome("rejected"), "parse", "not_an_article", message, run)
        elif not article.paragraphs or words < settings.min_body_words:
            message = f"body has {words} words (minimum {settings.min_body_words}); not a news article"
            out.refuse(item.outcome("rejected"), "parse", "not_an_article", message, run)
        else:
            out.items.append(Parsed(item, article))
    return out


def _parse_one(
    item: Decoded, settings: Settings, run: RunInfo, out: StageOut[Parsed]
) -> ParsedArticle | None:
    try:
        article = parse_article(_cap_lines(item.text, settings.max_line_chars))
    except Exception as exc:  # a parser bug must not sink the batch
        out.refuse(item.outcome("rejected"), "parse", "error", f"parser failed: {exc!r}", run)
        return None
    return merge(article, item.meta, item.text.splitlines()) if item.meta is not None else article


def extract_batch(
    parsed: Sequence[Parsed], nlp: Language, settings: Settings, run: RunInfo
) -> StageOut[Extracted]:
    """One ``nlp.pipe`` over the batch, then the extractors per article; rows per table."""
    out: StageOut[Extracted] = StageOut()
    composed = [compose(p.article) for p in parsed]
    docs = analyze(
        nlp,
        [c.text for c in composed],
        cache_for(nlp, settings.analysis_cache_paragraphs),
        batch_size=settings.spacy_batch_size,
        processes=1,  # parallel across workers (newsetl.workers), not inside nlp.pipe
        scope=settings.analysis_scope,
    )
    for item, comp, doc in zip(parsed, composed, docs, strict=True):
        decoded = item.decoded
        try:
            extraction = extract_article(item.article, comp, doc)
        except Exception as exc:  # an extractor bug quarantines one article, not the batch
            out.refuse(decoded.outcome("rejected"), "extract", "error", f"extractor failed: {exc!r}", run)
            continue
        rows = article_rows(
            article_id=decoded.article_id,
            source_file=decoded.raw.rel,
            content_sha256=decoded.sha256,
            parsed=item.article,
            extraction=extraction,
            run=run,
            origin=origin_of(decoded),
            analysis_input=analysis_input(item, settings, run),
        )
        out.items.append(Extracted(decoded, rows))
    return out


def origin_of(decoded: Decoded) -> Origin:
    return Origin(
        url=decoded.meta.url if decoded.meta else None,
        source_format=decoded.source_format,
        crawled_at=decoded.crawled_at,
        record_id=decoded.record_id,
        language=decoded.language,
    )


def analysis_input(item: Parsed, settings: Settings, run: RunInfo) -> str:
    """The digest of what the NLP stage reads for ``item`` (:mod:`newsetl.reuse`)."""
    return analysis_input_digest(item.article, origin_of(item.decoded), run.language, settings.analysis_scope)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def _cap_lines(text: str, limit: int) -> str:
    if len(text) <= limit or all(len(line) <= limit for line in text.splitlines()):
        return text
    return "\n".join(line[:limit] for line in text.splitlines())
