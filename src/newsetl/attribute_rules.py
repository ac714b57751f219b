"""spaCy's attribute ruler, only for the attributes newsetl reads, applied a batch at a time.

English pipelines derive each token's coarse part of speech from its fine tag with an
``attribute_ruler``: some 180 one-token ``Matcher`` patterns (tag, lower-case form, dependency
label) that also set morphology and lemmas. The extractors read ``pos_`` (and the ``tag_`` / ``dep_``
of whitespace tokens) and never the morphology or lemmas, and the ``Matcher`` costs about a tenth of
the per-article NLP time. :func:`use_attribute_rules` swaps the ruler for
:class:`AttributeRules`: the same patterns, compiled to array comparisons over every token of a
minibatch, setting POS, TAG and DEP as the ruler does (a later pattern overrides an earlier one; all
patterns match against the attributes as the tagger and parser left them). A pattern it cannot
compile (operators, regular expressions, other attributes) keeps spaCy's own ruler in place.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LOWER, POS, TAG
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc
from spacy.util import minibatch
from spacy.vocab import Vocab

RULES = "newsetl_attribute_rules"
_MATCHED = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}  # columns of the token array
_COLUMNS = [TAG, LOWER, DEP, IS_SPACE]
_SET = ("POS", "TAG", "DEP")  # what the extractors read; MORPH and LEMMA are not kept


@dataclass(frozen=True, slots=True)
class Test:
    """One token test: ``column`` equal to one of ``values`` (or, ``negate``, to none of them)."""

    column: int
    values: tuple[int, ...]
    negate: bool = False

    def mask(self, array: numpy.ndarray) -> numpy.ndarray:
        column = array[:, self.column]
        hit = column == self.values[0] if len(self.values) == 1 else numpy.isin(column, self.values)
        return ~hit if self.negate else hit


@dataclass(frozen=True, slots=True)
class Rule:
    """A pattern (one list of tests per token), the token it sets and the values it sets."""

    tokens: tuple[tuple[Test, ...], ...]
    index: int
    sets: tuple[tuple[str, int], ...]  # ("POS", part-of-speech id) or ("TAG" / "DEP", string hash)


def compile_rules(patterns: Sequence[dict[str, Any]], vocab: Vocab) -> tuple[Rule, ...] | None:
    """The ruler's patterns that set POS, TAG or DEP, in order; None if one cannot be compiled."""
    rules: list[Rule] = []
    for pattern in patterns:
        sets = tuple((k, _value(k, v, vocab)) for k, v in pattern["attrs"].items() if k in _SET)
        if not sets:
            continue
        for tokens in pattern["patterns"]:
            compiled = [_tests(token, vocab) for token in tokens]
            index, width = pattern.get("index", 0), len(compiled)
            if not width or any(t is None for t in compiled) or not -width <= index < width:
                return None
            rules.append(Rule(tuple(t for t in compiled if t is not None), index % width, sets))
    return tuple(rules)


def _value(key: str, value: str, vocab: Vocab) -> int:
    return POS_IDS[value] if key == "POS" else vocab.strings.add(value)


def _tests(token: dict[str, Any], vocab: Vocab) -> tuple[Test, ...] | None:
    tests: list[Test] = []
    for key, wanted in token.items():
        if key not in _MATCHED:
            return None
        column = _MATCHED[key]
        if isinstance(wanted, bool):
            tests.append(Test(column, (int(wanted),)))
        elif isinstance(wanted, str):
            tests.append(Test(column, (_hash(wanted, vocab),)))
        elif isinstance(wanted, dict) and len(wanted) == 1 and set(wanted) <= {"IN", "NOT_IN"}:
            ((op, values),) = wanted.items()
            if not values or not all(isinstance(v, str) for v in values):
                return None
            tests.append(Test(column, tuple(_hash(v, vocab) for v in values), negate=op == "NOT_IN"))
        else:
            return None
    return tuple(tests)


def _hash(text: str, vocab: Vocab) -> int:
    return 0 if text == "" else int(vocab.strings.add(text))


def apply_rules(rules: Sequence[Rule], docs: Sequence[Doc]) -> None:
    """Set POS, TAG and DEP on every token of ``docs`` as the ruler would."""
    docs = [doc for doc in docs if len(doc)]
    if not docs:
        return
    array = numpy.concatenate([doc.to_array(_COLUMNS) for doc in docs]).astype("uint64")
    starts = numpy.cumsum([0] + [len(doc) for doc in docs])
    doc_of = numpy.repeat(numpy.arange(len(docs)), [len(doc) for doc in docs])
    current = {"POS": numpy.concatenate([doc.to_array([POS]) for doc in docs]).astype("uint64")}
    current["TAG"], current["DEP"] = array[:, 0].copy(), array[:, 2].copy()
    out = {key: values.copy() for key, values in current.items()}
    for rule in rules:
        where = _matches(rule, array, doc_of)
        for key, value in rule.sets:
            out[key][where] = value
    for i, doc in enumerate(docs):
        part = slice(starts[i], starts[i + 1])
        if (out["POS"][part] != current["POS"][part]).any():
            doc.from_array([POS], out["POS"][part].reshape(-1, 1))  # type: ignore[arg-type]
        for key in ("TAG", "DEP"):
            for j in numpy.flatnonzero(out[key][part] != current[key][part]):
                setattr(doc[int(j)], f"{key.lower()}_", doc.vocab.strings[int(out[key][part][j])])


def _matches(rule: Rule, array: numpy.ndarray, doc_of: numpy.ndarray) -> numpy.ndarray:
    """Token positions the rule sets: where its pattern matches, shifted to its ``index`` token."""
    n, width = len(array), len(rule.tokens)
    hit = numpy.ones(n - width + 1 if n >= width else 0, dtype=bool)
    for offset, tests in enumerate(rule.tokens):
        for test in tests:
            hit &= test.mask(array[offset : offset + len(hit)])
    if width > 1:  # a pattern does not run across two documents
        hit &= doc_of[: len(hit)] == doc_of[width - 1 : width - 1 + len(hit)]
    return numpy.flatnonzero(hit) + rule.index


class AttributeRules:
    """A pipeline component that applies compiled rules a minibatch at a time."""

    def __init__(self, rules: Sequence[Rule] = ()) -> None:
        self.rules = tuple(rules)

    def __call__(self, doc: Doc) -> Doc:
        apply_rules(self.rules, [doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):  # type: ignore[no-untyped-call]
            apply_rules(self.rules, batch)
            yield from batch


@Language.factory(RULES)
def _make_rules(nlp: Language, name: str) -> AttributeRules:
    return AttributeRules()


def use_attribute_rules(nlp: Language) -> Language:
    """Swap ``nlp``'s attribute ruler for :class:`AttributeRules` (once, keeping its name and place)
    when every pattern that sets POS, TAG or DEP compiles; returns ``nlp``."""
    if "attribute_ruler" not in nlp.pipe_names:
        return nlp
    ruler: Any = nlp.get_pipe("attribute_ruler")
    if isinstance(ruler, AttributeRules):
        return nlp
    rules = compile_rules(ruler.patterns, nlp.vocab)
    if rules is None:
        return nlp
    component: Any = nlp.replace_pipe("attribute_ruler", RULES)
    component.rules = rules
    return nlp
