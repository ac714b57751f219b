"""Paragraph-level analysis with reuse: syndicated copy is analysed once.

A wire story published by ten sites differs from copy to copy in its page furniture (headline, dek,
captions), but its paragraphs are the same. The analysis text of each article is cut into its
blank-line separated chunks; each distinct chunk goes through the spaCy pipeline once and its Doc is
kept in a bounded LRU cache (``Settings.analysis_cache_paragraphs``); the article's Doc is then
assembled with ``Doc.from_docs``, character for character the same text. Sentence starts, entities
and parses stay within a paragraph, as the paragraph-break component makes them anyway.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from newsetl.nlp import pipe

_CHUNK_END = re.compile(r"(?<=\n\n)(?!\n)")


def chunks(text: str) -> list[str]:
    """``text`` cut after each blank-line separator; ``"".join(chunks(text)) == text``."""
    return [piece for piece in _CHUNK_END.split(text) if piece]


@dataclass
class ParagraphCache:
    """Docs of paragraphs already analysed in this process, least recently used dropped first."""

    capacity: int
    docs: OrderedDict[str, Doc] = field(default_factory=OrderedDict)
    hits: int = 0
    misses: int = 0

    def get(self, key: str) -> Doc | None:
        found = self.docs.get(key)
        if found is not None:
            self.docs.move_to_end(key)
            self.hits += 1
        return found

    def put(self, key: str, doc: Doc) -> None:
        if self.capacity <= 0:
            return
        self.docs[key] = doc
        self.docs.move_to_end(key)
        while len(self.docs) > self.capacity:
            self.docs.popitem(last=False)


_CACHES: dict[int, ParagraphCache] = {}


def cache_for(nlp: Language, capacity: int) -> ParagraphCache:
    """The process's paragraph cache for this pipeline object."""
    cache = _CACHES.get(id(nlp))
    if cache is None or cache.capacity != capacity:
        cache = _CACHES[id(nlp)] = ParagraphCache(capacity)
    return cache


def analyze(
    nlp: Language,
    texts: Sequence[str],
    cache: ParagraphCache,
    *,
    batch_size: int,
    processes: int,
) -> list[Doc]:
    """One Doc per text, each distinct paragraph analysed once (per batch, and across batches
    while it stays in ``cache``)."""
    pieces = [chunks(text) for text in texts]
    docs: dict[str, Doc | None] = {}
    for piece in (p for article in pieces for p in article):
        if piece not in docs:
            docs[piece] = cache.get(piece)
    todo = [piece for piece, doc in docs.items() if doc is None]
    cache.misses += len(todo)
    for piece, doc in zip(todo, pipe(nlp, todo, batch_size=batch_size, processes=processes), strict=True):
        doc.tensor = doc.tensor[:0]  # the extractors never read it; keeping it would fill memory
        docs[piece] = doc
        cache.put(piece, doc)
    return [_assemble(nlp, [docs[p] for p in article]) for article in pieces]


def _assemble(nlp: Language, docs: Iterable[Doc | None]) -> Doc:
    parts = [doc for doc in docs if doc is not None]
    if not parts:
        return nlp.make_doc("")
    if len(parts) == 1:
        return parts[0]
    return Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor", "user_data"])  # type: ignore[call-arg]
