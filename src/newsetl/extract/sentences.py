"""A tiny pipeline component: a paragraph break always ends a sentence.

The composed text joins sections and paragraphs with blank lines; without this the parser
sometimes runs a crosshead or a caption into the next paragraph's sentence. It must run
before the parser, which respects sentence starts already set.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

PARAGRAPH_BREAKS = "newsetl_paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the first token after a whitespace token holding a line break as a sentence start."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n" in previous.text and not token.is_space:
            token.is_sent_start = True
    return doc


def add_paragraph_breaks(nlp: Language) -> Language:
    """Insert the paragraph-break component before the parser (once); returns ``nlp``."""
    if PARAGRAPH_BREAKS not in nlp.pipe_names:
        where = {"before": "parser"} if "parser" in nlp.pipe_names else {}
        nlp.add_pipe(PARAGRAPH_BREAKS, **where)  # type: ignore[arg-type]
    return nlp
