"""NLP extraction: quotes with canonical speakers, and canonical entities, from a parsed article.

Entity labels kept (spaCy OntoNotes): PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, PRODUCT,
WORK_OF_ART, LAW. Country names are canonicalised (``U.S.`` -> ``United States``) and given
the GPE label. Names found only in photo credits are kept apart with ``sections == ("credit",)``.

Pipeline: load with ``REQUIRED_COMPONENTS`` (exclude the rest), then call
``add_paragraph_breaks(nlp)`` so a blank line always ends a sentence.
"""

from __future__ import annotations

from newsetl.extract.article import extract_article
from newsetl.extract.document import ComposedText, Section, compose
from newsetl.extract.sentences import PARAGRAPH_BREAKS, add_paragraph_breaks

REQUIRED_COMPONENTS: tuple[str, ...] = ("tok2vec", "tagger", "attribute_ruler", "parser", "ner")

__all__ = [
    "PARAGRAPH_BREAKS",
    "REQUIRED_COMPONENTS",
    "ComposedText",
    "Section",
    "add_paragraph_breaks",
    "compose",
    "extract_article",
]
