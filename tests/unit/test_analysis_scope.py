"""Only the NLP that is needed: the parser runs around quotations, NER everywhere."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsetl.analysis import ParagraphCache, analyze, needs_parse
from newsetl.pipeline import analysis_pipeline
from newsetl.settings import Settings

QUOTED = "\u201cWe will not back down,\u201d Maria Rossi said on Tuesday. She then left for Paris."
NEIGHBOUR = "The council met in London. Its members argued for hours about the bridge."
FAR = "The World Bank funds projects in Nairobi. Critics in Berlin want more oversight. Few agree."
TEXT = "\n\n".join(["Council clash over bridge repairs", QUOTED, NEIGHBOUR, "Weather was mild.", FAR])


@pytest.fixture(scope="module")
def nlp() -> Language:
    return analysis_pipeline(Settings(analysis_scope="quotes"))


@pytest.mark.parametrize(
    ("paragraph", "quoted"),
    [
        (QUOTED, True),
        ('He said "no" twice.', True),
        ("She called it \u2018a disgrace\u2019 on Monday.", True),
        ("'We are ready,' the mayor said.", True),
        ("Don't stop: the players' union and rock 'n' roll in the '90s.", False),
        ("It\u2019s the city\u2019s plan, and Jones\u2019 too.", False),
        (FAR, False),
    ],
)
def test_a_paragraph_needs_the_parse_when_it_holds_a_quotation_mark(paragraph: str, quoted: bool) -> None:
    assert needs_parse(paragraph) is quoted


def _paragraph_tokens(doc, paragraph: str):  # type: ignore[no-untyped-def]
    start = doc.text.index(paragraph)
    return [t for t in doc if start <= t.idx < start + len(paragraph)]


def test_the_parser_runs_only_around_quotations(nlp: Language) -> None:
    doc = analyze(nlp, [TEXT], ParagraphCache(0), batch_size=8, processes=1, scope="quotes")[0]
    assert doc.text == TEXT
    assert any(t.dep_ == "nsubj" for t in _paragraph_tokens(doc, QUOTED))
    assert any(t.dep_ == "nsubj" for t in _paragraph_tokens(doc, NEIGHBOUR))  # next to a quotation
    far = _paragraph_tokens(doc, FAR)
    assert {t.dep_ for t in far} <= {"", "ROOT"}  # not parsed
    assert all(t.pos_ for t in far if not t.is_space)  # but tagged
    far_sents = [s.text.strip() for s in doc.sents if s.start_char >= doc.text.index(FAR)]
    assert far_sents == [
        "The World Bank funds projects in Nairobi.",
        "Critics in Berlin want more oversight.",
        "Few agree.",
    ]


@pytest.mark.parametrize("scope", ["quotes", "ner"])
def test_entities_are_those_of_the_full_pipeline(nlp: Language, scope: str) -> None:
    full = analyze(nlp, [TEXT], ParagraphCache(0), batch_size=8, processes=1, scope="all")[0]
    lean = analyze(nlp, [TEXT], ParagraphCache(0), batch_size=8, processes=1, scope=scope)[0]
    assert [(e.start_char, e.end_char, e.label_) for e in lean.ents] == [
        (e.start_char, e.end_char, e.label_) for e in full.ents
    ]
    assert {"Maria Rossi", "Nairobi", "Berlin"} <= {e.text for e in lean.ents}


def test_a_cached_unparsed_paragraph_is_not_reused_where_the_parse_is_needed(nlp: Language) -> None:
    cache = ParagraphCache(100)
    alone = f"Headline one\n\n{FAR}"
    analyze(nlp, [alone], cache, batch_size=8, processes=1, scope="quotes")
    next_to_quote = f"Headline two\n\n{QUOTED}\n\n{FAR}"
    doc = analyze(nlp, [next_to_quote], cache, batch_size=8, processes=1, scope="quotes")[0]
    assert any(t.dep_ == "nsubj" for t in _paragraph_tokens(doc, FAR))
