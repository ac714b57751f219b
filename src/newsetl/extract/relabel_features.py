"""Context features of one entity mention, for the span re-labeller (:mod:`newsetl.extract.relabel`).

Every feature is a string (present = 1). They describe the words around the span ("the band …",
"… said", "… FC", a title word before a name), the span itself (its head noun, length, shape and
capitalisation, spaCy's label), what the gazetteers know about its name, where it stands (headline,
caption, sentence start) and how the article uses the name elsewhere.

A lower-case word, or a word of the lexicon's classes (titles, organisation heads, place and people
nouns, speech verbs), is a feature as itself. A capitalised word outside them is a name word, marked
``@`` ("first=@hamas"): training keeps such a feature only when articles of several publishers have
it (:data:`NAME_WORD_MIN_PUBLISHERS`), so the model can learn a name the news at large uses, never
one that only one outlet's pages (its own name in its bylines and credits) taught it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsetl.extract.gazetteer import company_form, given_name, place
from newsetl.extract.lexicon import ORG_HEADS, PEOPLE_NOUNS, PLACE_NOUNS, SPEECH_VERBS
from newsetl.extract.personname import is_title_word


@dataclass(frozen=True)
class ArticleContext:
    """What the article says about names as a whole: parts of multi-word person names, and how
    often each name is mentioned."""

    person_parts: frozenset[str]
    counts: dict[str, int]
    labels: dict[str, frozenset[str]]


def article_context(mentions: Iterable[tuple[str, str]]) -> ArticleContext:
    """From ``(name, label)`` pairs of every mention in the article."""
    parts: set[str] = set()
    counts: dict[str, int] = {}
    labels: dict[str, set[str]] = {}
    for name, label in mentions:
        counts[name] = counts.get(name, 0) + 1
        labels.setdefault(name, set()).add(label)
        words = name.split()
        if label == "PERSON" and len(words) > 1:
            parts.update((words[0], words[-1]))
    return ArticleContext(frozenset(parts), counts, {k: frozenset(v) for k, v in labels.items()})


def _shape(token: Token) -> str:
    text = token.text
    if text.isupper() and len(text) > 1:
        return "X"
    if text[:1].isupper():
        return "Xx"
    if text[:1].isdigit():
        return "d"
    return "x" if text[:1].isalpha() else "p"


def _word_class(token: Token) -> str:
    lower = token.lower_
    if lower in SPEECH_VERBS:
        return "speech"
    if is_title_word(token.text):
        return "title"
    if lower in ORG_HEADS:
        return "orghead"
    if lower in PLACE_NOUNS:
        return "placenoun"
    if lower in PEOPLE_NOUNS:
        return "peoplenoun"
    return token.pos_


NAME_WORD = "@"
NAME_WORD_MIN_PUBLISHERS = 3


def _word(token: Token) -> str:
    """The word itself when it is common vocabulary, else marked as a name word (see above)."""
    if not token.text[:1].isupper() or _word_class(token) != token.pos_:
        return token.lower_
    return NAME_WORD + token.lower_


def _neighbour(doc: Doc, index: int, side: str) -> list[str]:
    if index < 0 or index >= len(doc) or "\n" in doc[index].text:
        return [f"{side}=<edge>"]
    token = doc[index]
    return [f"{side}={_word(token)}", f"{side}_class={_word_class(token)}", f"{side}_shape={_shape(token)}"]


def _gazetteer(name: str) -> list[str]:
    hit = place(name)
    found = [f"gaz_{kind}" for kind in ("country", "region", "continent") if getattr(hit, kind)]
    if hit.city_population:
        found.append("gaz_city_big" if hit.city_population >= 500_000 else "gaz_city")
    last = name.split()[-1] if name.split() else ""
    if last != name and place(last).any:
        found.append("gaz_last_word_place")
    if company_form(name):
        found.append("company_form")
    return found


def span_features(span: Span, name: str, label: str, section: str, context: ArticleContext) -> list[str]:
    """The features of one mention: ``span`` in its Doc, its cleaned ``name`` and current ``label``."""
    doc = span.doc
    words = name.split()
    size = len(words)
    head = span.root
    features = [
        "bias",
        f"label={label}",
        f"ner={span.label_}",
        f"ner_label={span.label_}>{label}",
        f"section={section}",
        f"len={min(size, 4)}",
        f"len_label={min(size, 3)}:{label}",
        f"head={_word(head)}",
        f"head_class={_word_class(head)}",
        f"dep={head.dep_}",
        f"dep_head={head.dep_}:{_word(head.head)}",
        f"dep_head_class={head.dep_}:{_word_class(head.head)}",
        f"first={_word(span[0])}",
        f"first_pos={span[0].pos_}",
        f"last={_word(span[-1])}",
        f"last_class={_word_class(span[-1])}",
        f"shape={' '.join(_shape(t) for t in span[:3])}",
        f"mentions={min(context.counts.get(name, 1), 3)}",
    ]
    features += _neighbour(doc, span.start - 1, "prev")
    features += _neighbour(doc, span.end, "next")
    features += [f"suffix={w.lower()[-3:]}" for w in set(words) if len(w) >= 5 and w[:1].isupper()]
    if span.start >= 2:
        features.append(f"prev2={_word(doc[span.start - 2])} {_word(doc[span.start - 1])}")
    if span.end + 1 < len(doc):
        features.append(f"next2={_word(doc[span.end])} {_word(doc[span.end + 1])}")
    features += [f"gaz:{g}" for g in _gazetteer(name)] or ["gaz:none"]
    features += [f"gaz_label:{g}:{label}" for g in _gazetteer(name)]
    if name.isupper() and len(name.replace(".", "")) <= 6:
        features.append("acronym")
    if any(w[:1].islower() for w in words):
        features.append("lower_word")
    if any(ch.isdigit() for ch in name):
        features.append("digit")
    if span[0].is_sent_start:
        features.append("sent_start")
    if size == 1 and name in context.person_parts:
        features.append("part_of_person")
    if size > 1 and any(w in context.person_parts for w in words):
        features.append("shares_person_word")
    if len(context.labels.get(name, ())) > 1:
        features.append("label_conflict")
    if any(is_title_word(t.text) for t in doc[max(0, span.start - 3) : span.start]):
        features.append("title_before")
    if words and given_name(words[0]):
        features.append("given_name_first" if size > 1 else "given_name_alone")
    elif size > 1:
        features.append("no_given_name")
    if size > 1 and all(place(w).any for w in words):
        features.append("all_words_places")
    return features
