"""One person, one id, across the warehouse: the pure resolution behind ``entity_registry``.

Input: every entity an article gives (article id, the name as the article gives it, label) and the
articles' dates. Output: for each (article, name) the warehouse's canonical entity, and one registry
row per canonical entity. The result is a function of the *set* of inputs only (every choice is
made on sorted data), so the warehouse ends the same whatever order the runs arrive in.

Linking rule for a person the article names with one word only (a surname, or a titled surname
once the title is gone) — the article itself has already expanded surnames it gave in full:

* exactly one multi-word person in the warehouse ends with that word -> linked to it;
* several do -> linked to the one (if exactly one) that shares context with the article: another
  entity (person, organisation, place ...) named both in this article and in an article naming
  that candidate in full;
* else linked to the one (if exactly one) whose first name is a known given name (the others are
  then fragments such as a headline's "Describes Smith", not people);
* otherwise it keeps its own entry, with low confidence and the candidates it could be.

Everything else is its own canonical entity (ids as :func:`newsetl.rows.entity_id_for` gives them).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from newsetl.extract.gazetteer import given_name
from newsetl.rows import entity_id_for

CONFIDENT = 1.0  # a full name, or any entity that is not a one-word person
LINKED = 0.9  # a one-word person with exactly one candidate in the warehouse
LINKED_BY_CONTEXT = 0.7  # one of several candidates, the only one sharing context with the article
LINKED_BY_NAME = 0.6  # one of several candidates, the only one with a known given name
UNKNOWN = 0.5  # a one-word person no full name in the warehouse ends with
AMBIGUOUS = 0.3  # several candidates and the context does not decide


@dataclass(frozen=True, slots=True, order=True)
class EntityRow:
    """One entity of one article, as the article gives it."""

    article_id: str
    mention: str
    label: str

    @property
    def mention_id(self) -> str:
        return entity_id_for(self.mention, self.label)


@dataclass(frozen=True, slots=True)
class Canonical:
    entity_id: str
    name: str
    confidence: float
    candidates: tuple[str, ...] = ()


@dataclass
class Resolution:
    """Per (article, mention id): the canonical entity; per canonical id: its registry row."""

    links: dict[tuple[str, str], Canonical] = field(default_factory=dict)
    registry: list[dict[str, object]] = field(default_factory=list)

    def canonical(self, article_id: str, mention_id: str) -> Canonical | None:
        return self.links.get((article_id, mention_id))


def fold(word: str) -> str:
    """Comparison form of a name word: accents and case folded, possessive and dots dropped."""
    decomposed = unicodedata.normalize("NFKD", word)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace(".", "").replace("’", "'").removesuffix("'s").casefold()


def _one_word_person(row: EntityRow) -> bool:
    return row.label == "PERSON" and len(row.mention.split()) == 1


def _choose(counter: Counter[str]) -> str:
    """The most frequent value; ties go to the alphabetically first (order independent)."""
    return min(counter, key=lambda value: (-counter[value], value))


class _Index:
    """Full-name persons by last word, and the context (other entity ids) of each article."""

    def __init__(self, rows: list[EntityRow]) -> None:
        self.context: dict[str, set[str]] = defaultdict(set)
        self.full_names: dict[str, Counter[str]] = defaultdict(Counter)  # full id -> name forms
        self.by_last: dict[str, set[str]] = defaultdict(set)  # folded last word -> full ids
        self.articles_of: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            self.context[row.article_id].add(row.mention_id)
            if row.label == "PERSON" and len(row.mention.split()) > 1:
                self.full_names[row.mention_id][row.mention] += 1
                self.by_last[fold(row.mention.split()[-1])].add(row.mention_id)
                self.articles_of[row.mention_id].add(row.article_id)

    def name(self, full_id: str) -> str:
        return _choose(self.full_names[full_id])

    def shares_context(self, row: EntityRow, full_id: str) -> bool:
        here = self.context[row.article_id] - {row.mention_id}
        there: set[str] = set()
        for article_id in self.articles_of[full_id]:
            there |= self.context[article_id]
        return bool(here & (there - {full_id}))


def _link(row: EntityRow, index: _Index) -> Canonical:
    own = Canonical(row.mention_id, row.mention, CONFIDENT)
    if not _one_word_person(row):
        return own
    candidates = sorted(index.by_last.get(fold(row.mention), ()))
    names = tuple(sorted(index.name(c) for c in candidates))
    if not candidates:
        return Canonical(row.mention_id, row.mention, UNKNOWN)
    if len(candidates) == 1:
        return Canonical(candidates[0], index.name(candidates[0]), LINKED)
    sharing = [c for c in candidates if index.shares_context(row, c)]
    if len(sharing) == 1:
        return Canonical(sharing[0], index.name(sharing[0]), LINKED_BY_CONTEXT)
    named = [c for c in candidates if given_name(index.name(c).split()[0])]
    if len(named) == 1:
        return Canonical(named[0], index.name(named[0]), LINKED_BY_NAME)
    return Canonical(row.mention_id, row.mention, AMBIGUOUS, names)


def _unclash(rows: list[EntityRow], links: dict[tuple[str, str], Canonical]) -> None:
    """An article never holds one canonical entity twice: a link that would (to an entity the
    article names under another label, say) is undone, the mention keeps its own entry."""
    by_article: dict[str, list[EntityRow]] = defaultdict(list)
    for row in rows:
        by_article[row.article_id].append(row)
    for article_id, own in by_article.items():
        targets = Counter(links[(article_id, r.mention_id)].entity_id for r in own)
        for row in own:
            key = (article_id, row.mention_id)
            linked = links[key]
            if linked.entity_id != row.mention_id and targets[linked.entity_id] > 1:
                links[key] = Canonical(row.mention_id, row.mention, AMBIGUOUS, (linked.name,))


def resolve(rows: Iterable[EntityRow], dates: Mapping[str, dt.date | None]) -> Resolution:
    """Link every article's entities to canonical ones and build the registry rows."""
    unique = sorted(set(rows))
    index = _Index(unique)
    links: dict[tuple[str, str], Canonical] = {}
    for row in unique:
        links[(row.article_id, row.mention_id)] = _link(row, index)
    _unclash(unique, links)
    return Resolution(links, _registry(unique, links, dates))


def _registry(
    rows: list[EntityRow], links: Mapping[tuple[str, str], Canonical], dates: Mapping[str, dt.date | None]
) -> list[dict[str, object]]:
    names: dict[str, Counter[str]] = defaultdict(Counter)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    aliases: dict[str, set[str]] = defaultdict(set)
    articles: dict[str, set[str]] = defaultdict(set)
    confidence: dict[str, float] = {}
    candidates: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        canon = links[(row.article_id, row.mention_id)]
        key = canon.entity_id
        names[key][canon.name] += 1
        labels[key][row.label] += 1
        articles[key].add(row.article_id)
        if row.mention != canon.name:
            aliases[key].add(row.mention)
        own = canon.entity_id == row.mention_id
        level = canon.confidence if own else CONFIDENT
        confidence[key] = min(confidence.get(key, CONFIDENT), level)
        candidates[key].update(canon.candidates)
    registry = []
    for key in sorted(names):
        seen = [d for d in (dates.get(a) for a in articles[key]) if d is not None]
        name = _choose(names[key])
        registry.append(
            {
                "entity_id": key,
                "name": name,
                "label": _choose(labels[key]),
                "aliases": sorted(aliases[key] - {name}),
                "article_count": len(articles[key]),
                "first_seen": min(seen) if seen else None,
                "last_seen": max(seen) if seen else None,
                "confidence": confidence[key],
                "candidates": sorted(candidates[key]),
            }
        )
    return registry
