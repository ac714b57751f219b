"""Collect the article's entities from the Doc and give each one canonical name and label."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from newsetl.extract.canonical import canonical_place, clean_name, country_name, strip_titles, us_state
from newsetl.extract.doccache import ents, untagged_proper_nouns
from newsetl.extract.document import ComposedText
from newsetl.extract.lexicon import ENTITY_LABELS, TITLES, WIRE_TAGS
from newsetl.extract.spans import capitalized_common_word, place_like, platform_like, repaired_entities
from newsetl.model import Entity

SECTION_ORDER = ("headline", "dek", "body", "caption", "credit")
LABEL_PRIORITY = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT")
_PARTY_STATE = re.compile(r"\b[DRI]-[A-Z][a-z]{1,4}\.(?:[A-Z][a-z]?\.)?")
_DATELINE_TAG = re.compile(r"^[A-Z][\w .,'/-]{0,60}?\(([^)]{1,20})\)\s*[—–-]")


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention: the surface form, its cleaned name, label and section."""

    text: str
    name: str
    label: str
    section: str
    start: int  # character offset into the composed text


@dataclass(slots=True)
class Canon:
    """The article's name map: cleaned surface form -> canonical name and label."""

    names: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    # "lawmakers on the X committee": noun -> organization; "X sent a letter": noun -> sender token.
    affiliations: dict[str, str] = field(default_factory=dict)
    authors: dict[str, int] = field(default_factory=dict)
    # "Prime Minister Rishi Sunak" -> "prime minister": "Rishi Sunak" (None once two people share it).
    titles: dict[str, str | None] = field(default_factory=dict)

    def name_of(self, surface: str) -> str | None:
        """Canonical name of a surface form; a lone surname resolves to the one person it can be."""
        key = strip_titles(clean_name(surface))
        known = self.names.get(key)
        if known is not None or " " in key or not key[:1].isupper():
            return known
        people = {
            name
            for name, label in self.labels.items()
            if label == "PERSON" and " " in name and name.split()[-1] == key
        }
        return people.pop() if len(people) == 1 else None

    def label_of(self, canonical: str) -> str | None:
        return self.labels.get(canonical)


def _wire_tag_span(composed: ComposedText) -> tuple[int, int] | None:
    body = composed.body
    match = _DATELINE_TAG.match(composed.text[body.start : body.end])
    if match and match.group(1).strip().lower() in WIRE_TAGS:
        return body.start + match.start(1), body.start + match.end(1)
    return None


def _trim_lowercase(name: str) -> str:
    """Drop lowercase words spaCy glued to the edges ("mountainous Nepal", "AP that")."""
    words = name.split()
    while len(words) > 1 and words[0][:1].islower():
        words = words[1:]
    while len(words) > 1 and words[-1][:1].islower():
        words = words[:-1]
    return " ".join(words)


def _outside_brackets(name: str) -> str:
    """'Isis (Institute of Strategic Studies': the fuller of a name and what its bracket holds."""
    if "(" not in name:
        return name
    parts = [clean_name(part.strip("() ")) for part in name.replace(")", "(").split("(")]
    return max((p for p in parts if p), key=lambda p: len(p.split()), default=name)


def _name_for(span: Span, label: str) -> str:
    name = clean_name(_trim_lowercase(_outside_brackets(clean_name(span.text))))
    if label == "PERSON":
        return strip_titles(name)
    if label in ("GPE", "LOC"):
        return canonical_place(name)
    return name


def _usable(name: str) -> bool:
    only_titles = all(word.lower().rstrip(".") in TITLES for word in name.split())
    return any(ch.isalpha() for ch in name) and name[:1].isupper() and "/" not in name and not only_titles


def collect_mentions(doc: Doc, composed: ComposedText) -> list[Mention]:
    """Entity mentions in kept labels, with their sections; dateline wire tags left out."""
    wire = _wire_tag_span(composed)
    mentions = []
    for span in repaired_entities(doc):
        label = span.label_
        section = composed.section_at(span.start_char)
        if label not in ENTITY_LABELS or section is None:
            continue
        if wire and span.start_char >= wire[0] and span.end_char <= wire[1]:
            continue
        if label in ("PERSON", "PRODUCT") and platform_like(span):
            label = "ORG"
        if label in ("ORG", "PERSON", "NORP") and place_like(span):
            label = "GPE"
        name = _name_for(span, label)
        country = country_name(name) if name else None
        if label == "PERSON" and name:
            country = country or country_name(name.split()[-1])  # "Mountainous Nepal" tagged PERSON
        if country and label in ("GPE", "LOC", "NORP", "ORG", "PERSON"):
            name, label = country, "GPE"
        if len(span) == 1 and capitalized_common_word(span[0]) and label != "NORP":
            continue  # "Televised" or "Court documents" at a sentence start
        if _usable(name):
            mentions.append(Mention(span.text, name, label, section, span.start_char))
    return mentions + _party_states(doc, composed, mentions)


def _party_states(doc: Doc, composed: ComposedText, found: list[Mention]) -> list[Mention]:
    """'Rep. Jane Roe, D-Minn.': the state in a party tag, which spaCy seldom tags."""
    taken = {m.start for m in found}
    extra = []
    for match in _PARTY_STATE.finditer(doc.text):
        state = us_state(match.group())
        section = composed.section_at(match.start())
        if state and section and section != "credit" and match.start() + 2 not in taken:
            extra.append(Mention(match.group(), state, "GPE", section, match.start()))
    return extra


def add_missed_surnames(doc: Doc, composed: ComposedText, mentions: list[Mention]) -> list[Mention]:
    """Count a known person's surname where spaCy tagged no entity at all."""
    surnames = {
        m.name.split()[-1]
        for m in mentions
        if m.label == "PERSON" and " " in m.name and m.section != "credit"
    }
    extra = []
    for token in untagged_proper_nouns(doc) if surnames else ():
        if token.text not in surnames:
            continue
        section = composed.section_at(token.idx)
        if section not in (None, "credit"):
            extra.append(Mention(token.text, token.text, "PERSON", str(section), token.idx))
    return sorted(mentions + extra, key=lambda m: m.start)


def _person_full_names(mentions: list[Mention]) -> dict[str, str]:
    """Map each PERSON form to the longest person name the article gives that contains it."""
    counts = Counter(m.name for m in mentions if m.label == "PERSON" and m.section != "credit")
    fulls = sorted(counts, key=lambda n: (-len(n.split()), -counts[n]))
    mapping: dict[str, str] = {}
    for name in counts:
        words = name.split()
        for full in fulls:
            full_words = full.split()
            if len(full_words) < len(words):
                break
            if full == name:
                continue
            if _same_person(words, full_words):
                mapping[name] = full
                break
        mapping.setdefault(name, name)
    return mapping


def _same_person(words: list[str], full_words: list[str]) -> bool:
    """'Peskov', 'Dmitry Peskov' and 'D. Peskov' all name 'Dmitry Peskov'."""
    if full_words[-len(words) :] == words or (len(words) == 1 and words[0] in full_words):
        return True
    initials = all(len(w) <= 2 and w.endswith(".") for w in words[:-1])
    return initials and words[-1] == full_words[-1] and words[0][0] == full_words[0][0]


def _people_mislabelled(mentions: list[Mention]) -> list[Mention]:
    """'Eva-Marie Persson' tagged ORG while 'Persson' is a PERSON: make it a PERSON."""
    story = [m.name for m in mentions if m.label == "PERSON" and m.section != "credit"]
    single = {name for name in story if " " not in name}
    fulls = [name for name in story if " " in name]
    fixed = []
    for m in mentions:
        words = m.name.split()
        surname = len(words) in (2, 3) and words[-1] in single
        part = any(full.endswith(" " + m.name) or full.startswith(m.name + " ") for full in fulls)
        if m.label not in ("PERSON", "GPE") and m.section != "credit" and (surname or part):
            m = Mention(m.text, strip_titles(m.name), "PERSON", m.section, m.start)
        fixed.append(m)
    return fixed


def _initials(name: str) -> str:
    return "".join(word[0] for word in re.split(r"[\s-]+", name) if word[:1].isupper())


def _org_full_names(mentions: list[Mention]) -> dict[str, str]:
    """Map an acronym or a shorter tail ("Security Council") to the fuller organization name."""
    names = {m.name for m in mentions if m.label == "ORG"}
    mapping: dict[str, str] = {}
    for name in names:
        for other in sorted(names, key=len, reverse=True):
            if other == name or len(other) <= len(name):
                continue
            acronym = name.replace(".", "").isupper() and _initials(other) == name.replace(".", "")
            part = len(name.split()) > 1 and (other.endswith(" " + name) or other.startswith(name + " "))
            if acronym or part:
                mapping[name] = other
                break
    return mapping


def build_canon(mentions: list[Mention]) -> tuple[Canon, list[Mention]]:
    """Resolve mentions to canonical names; return the name map and the resolved mentions."""
    mentions = _people_mislabelled(mentions)
    persons = _person_full_names(mentions)
    orgs = _org_full_names(mentions)
    surnames = {full.split()[-1]: full for full in persons.values() if len(full.split()) > 1}
    resolved = []
    for m in mentions:
        name, label = m.name, m.label
        if label == "PERSON":
            name = persons.get(name, name)
        elif label == "ORG":
            name = orgs.get(name, name)
        if m.section != "credit" and label != "PERSON" and name in surnames:
            name, label = surnames[name], "PERSON"
        resolved.append(Mention(m.text, name, label, m.section, m.start))
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in resolved:
        votes[m.name][m.label] += 1
    canon = Canon()
    for name, counter in votes.items():
        canon.labels[name] = max(counter, key=lambda lab: (counter[lab], -_priority(lab)))
    for m, r in zip(mentions, resolved, strict=True):
        canon.names[m.name] = r.name
        canon.names[clean_name(m.text)] = r.name
    return canon, resolved


def _priority(label: str) -> int:
    return LABEL_PRIORITY.index(label) if label in LABEL_PRIORITY else len(LABEL_PRIORITY)


def record_titles(doc: Doc, canon: Canon) -> None:
    """Remember the title words written before each person ("Kremlin spokesman Dmitry Peskov"), so a
    later "the spokesman" or "the prime minister" can name them; a title two people share names no one."""
    for entity in ents(doc):
        if entity.label_ != "PERSON":
            continue
        person = canon.name_of(entity.text)
        if person is None or canon.labels.get(person) != "PERSON":
            continue
        words: list[str] = []
        index = entity.start - 1
        while (
            index >= 0
            and doc[index].lower_.rstrip(".") in TITLES
            and doc[index].lower_ not in ("former", "late")
        ):
            words.insert(0, doc[index].lower_)
            index -= 1
        for size in range(1, len(words) + 1):  # "prime minister" and "minister"
            title = " ".join(words[-size:])
            known = canon.titles.get(title, person)
            canon.titles[title] = person if known == person else None


def build_entities(canon: Canon, mentions: list[Mention]) -> tuple[Entity, ...]:
    """One Entity per canonical name, in order of first mention; credit-only names stay apart."""
    order: list[str] = []
    counts: Counter[str] = Counter()
    sections: dict[str, set[str]] = defaultdict(set)
    for m in sorted(mentions, key=lambda m: (m.section == "credit", m.start)):
        if m.name not in counts:
            order.append(m.name)
        counts[m.name] += 1
        sections[m.name].add(m.section)
    return tuple(
        Entity(
            name=name,
            label=canon.labels.get(name, "ORG"),
            mention_count=counts[name],
            sections=tuple(s for s in SECTION_ORDER if s in sections[name]),
        )
        for name in order
    )
