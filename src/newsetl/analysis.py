"""Paragraph-level analysis with reuse: syndicated copy is analysed once.

A wire story published by ten sites differs from copy to copy in its page furniture (headline, dek,
captions), but its paragraphs are the same. The analysis text of each article is cut into its
blank-line separated chunks; each distinct chunk goes through the spaCy pipeline once and its Doc is
kept in a bounded LRU cache (``Settings.analysis_cache_paragraphs``); the article's Doc is then
assembled with ``Doc.from_docs``, character for character the same text. Sentence starts, entities
and parses stay within a paragraph, as the paragraph-break component makes them anyway.

Only the NLP that is needed (``scope``): attribution reads the dependency parse around quotations,
entities need NER everywhere. With ``scope="quotes"`` a paragraph with no quotation mark (nor a
neighbour with one) skips the parser: the pipeline's ``senter`` gives its sentences, and each
sentence is attached flat to its first token (no labels) so that the article's Doc keeps them.
``scope="ner"`` also skips tok2vec, tagger and attribute ruler there (no part-of-speech tags).
``scope="all"`` parses everything.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc

from newsetl.extract.quotes import find_quote_spans
from newsetl.extract.sentences import PARAGRAPH_BREAKS
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
    scope: str = "all",
) -> list[Doc]:
    """One Doc per text, each distinct paragraph analysed once (per batch, and across batches
    while it stays in ``cache``)."""
    pieces = [chunks(text) for text in texts]
    light = _light_pieces(nlp, pieces, scope)
    docs: dict[str, Doc | None] = {}
    for piece in (p for article in pieces for p in article):
        if piece not in docs:
            docs[piece] = cache.get(_key(piece, light))
    todo = [piece for piece, doc in docs.items() if doc is None]
    cache.misses += len(todo)
    full = [piece for piece in todo if piece not in light]
    for piece, doc in zip(full, pipe(nlp, full, batch_size=batch_size, processes=processes), strict=True):
        _keep(cache, docs, piece, doc, light)
    lean = [piece for piece in todo if piece in light]
    if lean:
        for piece, doc in zip(lean, _pipe_light(nlp, lean, scope, batch_size), strict=True):
            _keep(cache, docs, piece, doc, light)
    return [_assemble(nlp, [docs[p] for p in article]) for article in pieces]


def _key(piece: str, light: set[str]) -> str:
    return f"\0{piece}" if piece in light else piece  # a paragraph's light Doc is not its parsed one


def _keep(cache: ParagraphCache, docs: dict[str, Doc | None], piece: str, doc: Doc, light: set[str]) -> None:
    # The extractors never read the tensor. A fresh empty array, not a slice: a slice is a view that
    # keeps the whole batch's tok2vec output alive for as long as the Doc stays in the cache.
    doc.tensor = numpy.zeros((0, doc.tensor.shape[-1] if doc.tensor.ndim == 2 else 0), dtype="float32")
    docs[piece] = doc
    cache.put(_key(piece, light), doc)


LIGHT_SKIPS = {"quotes": ("parser",), "ner": ("tok2vec", "tagger", "attribute_ruler", "parser")}
QUOTE_NEIGHBOURS = 1  # paragraphs either side of a quotation that are parsed too


def needs_parse(piece: str) -> bool:
    """A paragraph in which the quote finder sees a quotation (double marks, or single marks that
    are not apostrophes or elisions)."""
    return bool(find_quote_spans((piece.strip(),)))


def _light_pieces(nlp: Language, pieces: list[list[str]], scope: str) -> set[str]:
    """The paragraphs that go without the parse: no quotation in them or in a neighbour, in every
    article they occur in. Empty when ``scope`` is "all" or the pipeline has no ``senter``."""
    if scope not in LIGHT_SKIPS or "senter" not in nlp.component_names:
        return set()
    light: set[str] = set()
    parsed: set[str] = set()
    for article in pieces:
        marked = [needs_parse(piece) for piece in article]
        for i, piece in enumerate(article):
            near = marked[max(0, i - QUOTE_NEIGHBOURS) : i + QUOTE_NEIGHBOURS + 1]
            (parsed if any(near) else light).add(piece)
    return light - parsed


def _pipe_light(nlp: Language, texts: list[str], scope: str, batch_size: int) -> Iterator[Doc]:
    """The pipeline without the parse (and, for "ner", without tagging); sentences from ``senter``
    and paragraph breaks, each attached flat to its first token."""
    skip = [name for name in LIGHT_SKIPS[scope] if name in nlp.pipe_names]
    senter: Any = nlp.get_pipe("senter")
    breaks = nlp.get_pipe(PARAGRAPH_BREAKS) if PARAGRAPH_BREAKS in nlp.pipe_names else None
    for doc in senter.pipe(nlp.pipe(texts, batch_size=batch_size, disable=skip), batch_size=batch_size):
        yield _flat_sentences(breaks(doc) if breaks is not None else doc)


def _flat_sentences(doc: Doc) -> Doc:
    """Heads that keep the sentence starts through ``Doc.from_docs``: each token of a sentence
    attached to the sentence's first token (the ``ROOT``), dependency labels left empty."""
    if not len(doc):
        return doc
    array = numpy.zeros((len(doc), 2), dtype="int64")
    root = doc.vocab.strings.add("ROOT")
    first = 0
    for token in doc:
        if token.i == 0 or token.is_sent_start:
            first = token.i
            array[token.i, 1] = root
        array[token.i, 0] = first - token.i  # a head is stored as an offset
    doc.from_array([HEAD, DEP], array.view("uint64"))  # type: ignore[arg-type]
    return doc


def _assemble(nlp: Language, docs: Iterable[Doc | None]) -> Doc:
    parts = [doc for doc in docs if doc is not None]
    if not parts:
        return nlp.make_doc("")
    if len(parts) == 1:
        return parts[0]
    return Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor", "user_data"])  # type: ignore[call-arg]
