"""Per-Doc caches of ``doc.ents`` and ``doc.sents``.

spaCy builds new Span objects on every access to ``doc.ents`` or ``doc.sents``; the attribution code
asks for them once per quote and per token, which made it the largest cost after the model itself.
These helpers build each list once per Doc (kept in ``doc.user_data``) and answer lookups by index.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy
from spacy.attrs import ENT_TYPE, POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Span, Token

_ENTS = "newsetl.ents"
_ENT_AT = "newsetl.ent_at"
_SENTS = "newsetl.sents"
_SENT_STARTS = "newsetl.sent_starts"
_UNTAGGED_PROPER = "newsetl.untagged_proper"


def ents(doc: Doc) -> list[Span]:
    """``list(doc.ents)``, built once per Doc."""
    cached = doc.user_data.get(_ENTS)
    if cached is None:
        cached = list(doc.ents)
        doc.user_data[_ENTS] = cached
    return cached


def entity_at(doc: Doc, index: int) -> Span | None:
    """The entity covering token ``index``, if any."""
    table = doc.user_data.get(_ENT_AT)
    if table is None:
        table = {}
        for entity in ents(doc):
            for i in range(entity.start, entity.end):
                table[i] = entity
        doc.user_data[_ENT_AT] = table
    return table.get(index)


def untagged_proper_nouns(doc: Doc) -> list[Token]:
    """Tokens tagged ``PROPN`` that are in no entity, in order (found with one array read per Doc:
    the steps that look for names spaCy missed would otherwise build every token of the article)."""
    cached = doc.user_data.get(_UNTAGGED_PROPER)
    if cached is None:
        cached = []
        if len(doc):
            array = doc.to_array([POS, ENT_TYPE])
            found = numpy.flatnonzero((array[:, 0] == POS_IDS["PROPN"]) & (array[:, 1] == 0))
            cached = [doc[int(i)] for i in found]
        doc.user_data[_UNTAGGED_PROPER] = cached
    return cached


def sents(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, built once per Doc."""
    cached = doc.user_data.get(_SENTS)
    if cached is None:
        cached = list(doc.sents)
        doc.user_data[_SENTS] = cached
        doc.user_data[_SENT_STARTS] = [s.start_char for s in cached]
    return cached


def sents_overlapping(doc: Doc, start: int, end: int) -> list[Span]:
    """Sentences with characters in ``[start, end)``, in order."""
    all_sents = sents(doc)
    starts: list[int] = doc.user_data[_SENT_STARTS]
    first = max(bisect_right(starts, start) - 1, 0)
    found = []
    for sent in all_sents[first:]:
        if sent.start_char >= end:
            break
        if sent.end_char > start:
            found.append(sent)
    return found
