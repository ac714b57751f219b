"""The article's entities: spaCy's mentions, corrected step by step, then resolved to canonical names.

1. :func:`~newsetl.extract.entities.collect_mentions`: spaCy's entities with the span repairs.
2. **names** (``nameparser``): titles, offices, ranks and honorifics out of person names.
3. **gazetteers**: a name the place gazetteers know for certain (a country, a first-level region,
   a continent, a city of a million) is a place unless it is part of a person's name in the article;
   a name ending in a company's legal form is an organisation; a country or region spaCy did not
   tag at all is added.
4. surnames spaCy missed (:func:`~newsetl.extract.entities.add_missed_surnames`).
5. **re-labeller** (:mod:`newsetl.extract.relabel`): the learned model gives each name its class.
6. :func:`~newsetl.extract.entities.build_canon` and :func:`~newsetl.extract.entities.build_entities`.

:class:`EntityConfig` switches the corrections on and off (the evaluation measures each one).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from newsetl.extract.canonical import canonical_place
from newsetl.extract.doccache import untagged_proper_nouns
from newsetl.extract.document import ComposedText
from newsetl.extract.entities import (
    Canon,
    Mention,
    add_missed_surnames,
    build_canon,
    build_entities,
    collect_mentions,
)
from newsetl.extract.gazetteer import company_form, place
from newsetl.extract.names import titled_person
from newsetl.extract.personname import person_name
from newsetl.extract.relabel import Relabeller, decide, packaged_relabeller, relabel_name
from newsetl.extract.relabel_features import article_context, span_features
from newsetl.extract.spans import platform_like
from newsetl.model import Entity

_PLACE_LABELS = ("GPE", "LOC")


@dataclass(frozen=True)
class EntityConfig:
    """Which corrections to apply around spaCy's output."""

    gazetteer: bool = True
    names: bool = True
    relabeller: Relabeller | None = None

    def with_relabeller(self, relabeller: Relabeller | None) -> EntityConfig:
        return dataclasses.replace(self, relabeller=relabeller)


def default_config() -> EntityConfig:
    """Every correction, with the packaged re-labeller when it has been built."""
    return EntityConfig(relabeller=packaged_relabeller())


def mention_span(doc: Doc, mention: Mention) -> Span | None:
    return doc.char_span(mention.start, mention.start + len(mention.text), alignment_mode="expand")


def _with(mention: Mention, name: str, label: str) -> Mention:
    return Mention(mention.text, name, label, mention.section, mention.start)


def parse_person_names(mentions: list[Mention]) -> list[Mention]:
    """Step 2: person names without titles (``Gen.``, ``Superintendent``, ``Provincial Minister``);
    a title or rank before capitalised words makes a person whatever the tagger said ("Maj-Gen Ann Lee"
    tagged ORG), as speaker attribution reads it too."""
    fixed = []
    for m in mentions:
        if m.label != "PERSON" and m.label in ("ORG", "GPE", "NORP", "FAC") and titled_person(m.name.split()):
            m = _with(m, m.name, "PERSON")
        fixed.append(_with(m, person_name(m.name), m.label) if m.label == "PERSON" else m)
    return fixed


def apply_gazetteers(doc: Doc, composed: ComposedText, mentions: list[Mention]) -> list[Mention]:
    """Step 3: certain places and companies; countries and regions spaCy left untagged."""
    person_parts = {
        word for m in mentions if m.label == "PERSON" and len(m.name.split()) > 1 for word in m.name.split()
    }
    fixed = []
    for m in mentions:
        hit = place(m.name)
        if m.label in ("PERSON", "ORG", "NORP", "FAC") and hit.strong and m.name not in person_parts:
            if m.label != "ORG" or hit.country or hit.region or hit.continent:
                m = _with(m, canonical_place(m.name), "GPE")
        elif m.label not in ("ORG", "NORP") and company_form(m.name):
            m = _with(m, m.name, "ORG")
        fixed.append(m)
    return sorted(fixed + _untagged_places(doc, composed, mentions), key=lambda m: m.start)


def _untagged_places(doc: Doc, composed: ComposedText, mentions: list[Mention]) -> list[Mention]:
    taken = {m.start for m in mentions}
    extra = []
    for token in untagged_proper_nouns(doc):
        if not token.is_title or token.idx in taken:
            continue
        hit = place(token.text)
        section = composed.section_at(token.idx)
        if (hit.country or hit.region) and section not in (None, "credit"):
            extra.append(Mention(token.text, canonical_place(token.text), "GPE", str(section), token.idx))
    return extra


def untagged_platforms(doc: Doc, composed: ComposedText, mentions: list[Mention]) -> list[Mention]:
    """'posted on Facebook', 'three Twitter accounts' where spaCy tagged nothing: an organisation."""
    taken = {m.start for m in mentions}
    extra = []
    for token in untagged_proper_nouns(doc):
        if token.idx in taken or not token.text[:1].isupper():
            continue
        section = composed.section_at(token.idx)
        if section not in (None, "credit") and platform_like(doc[token.i : token.i + 1]):
            extra.append(Mention(token.text, token.text, "ORG", str(section), token.idx))
    return sorted(mentions + extra, key=lambda m: m.start)


def mention_features(doc: Doc, mentions: list[Mention]) -> list[list[str]]:
    """The re-labeller's features of each mention (an empty list when the span cannot be found)."""
    context = article_context((m.name, m.label) for m in mentions)
    found = []
    for m in mentions:
        span = mention_span(doc, m)
        found.append(span_features(span, m.name, m.label, m.section, context) if span is not None else [])
    return found


def apply_relabeller(doc: Doc, mentions: list[Mention], model: Relabeller) -> list[Mention]:
    """Step 5: each name's class from the model; names classed as no entity of a kept kind dropped."""
    story = [m for m in mentions if m.section != "credit"]
    features = mention_features(doc, story)
    usable = [(m, f) for m, f in zip(story, features, strict=True) if f]
    decisions = decide(
        model, [m.name for m, _ in usable], [m.label for m, _ in usable], [f for _, f in usable]
    )
    # A name ending in a surname the article uses alone is someone's full name, whatever its
    # label ("Major-Gen Tova Lindqvist" tagged ORG, "Lindqvist said"): kept for build_canon.
    surnames = {m.name for m in story if m.label == "PERSON" and " " not in m.name}
    fixed = []
    for m in mentions:
        if m.section == "credit" or m.name not in decisions:
            fixed.append(m)
            continue
        label = decisions[m.name]
        if label is None and " " in m.name and m.name.split()[-1] in surnames:
            label = m.label
        if label is not None:
            fixed.append(_with(m, relabel_name(m.name, m.label, label), label))
    return fixed


def corrected_mentions(doc: Doc, composed: ComposedText, config: EntityConfig) -> list[Mention]:
    """Steps 1-4: the mentions the re-labeller sees (and learns from)."""
    mentions = collect_mentions(doc, composed)
    if config.names:
        mentions = parse_person_names(mentions)
    if config.gazetteer:
        mentions = apply_gazetteers(doc, composed, mentions)
    return add_missed_surnames(doc, composed, untagged_platforms(doc, composed, mentions))


def extract_entities(
    doc: Doc, composed: ComposedText, config: EntityConfig | None = None
) -> tuple[Canon, list[Mention], tuple[Entity, ...]]:
    """The article's name map, resolved mentions and canonical entities."""
    config = config or default_config()
    mentions = corrected_mentions(doc, composed, config)
    if config.relabeller is not None:
        mentions = apply_relabeller(doc, mentions, config.relabeller)
        if config.names:  # names the model made persons
            mentions = parse_person_names(mentions)
    canon, resolved = build_canon(mentions)
    return canon, resolved, build_entities(canon, resolved)
