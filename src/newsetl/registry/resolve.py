"""One person, one id, across the warehouse: the pure resolution behind ``entity_registry``.

Input: every entity an article gives (article id, the name as the article gives it, label) and the
articles' dates. Output: for each input row the warehouse's canonical entity, and one registry row
per canonical entity. The result is a function of the *set* of inputs only (every choice is made
on sorted data), so the warehouse ends the same whatever order the runs arrive in.

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

The work is columnar: a warehouse holds millions of entity rows but far fewer distinct (name,
label) pairs. Only the distinct pairs, the one-word persons' rows and, for the one-word persons with
several candidates, the entity ids of the articles concerned become Python objects; everything
else stays in Arrow and numpy (:mod:`newsetl.registry.aggregate` builds the registry from groups).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newsetl.extract.gazetteer import given_name
from newsetl.registry.aggregate import registry_rows
from newsetl.registry.context import Context
from newsetl.registry.levels import (
    AMBIGUOUS,
    CONFIDENT,
    LINKED,
    LINKED_BY_CONTEXT,
    LINKED_BY_NAME,
    UNKNOWN,
    choose,
)
from newsetl.registry.pairs import Pairs, as_array, codes, distinct_pairs
from newsetl.rows import entity_id_for


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


@dataclass(frozen=True)
class Resolved:
    """``links``: one row per input row, in input order (``entity_id``, ``name``, ``confidence``,
    ``candidates``, and the row's own ``mention_id``); ``registry``: one row per canonical entity,
    sorted by id, in the contract's columns."""

    links: pa.Table
    registry: pa.Table


def fold(word: str) -> str:
    """Comparison form of a name word: accents and case folded, possessive and dots dropped."""
    decomposed = unicodedata.normalize("NFKD", word)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace(".", "").replace("’", "'").removesuffix("'s").casefold()


class _Index:
    """Full-name persons by last word, and the context of the mentions with several candidates."""

    def __init__(self, pairs: Pairs) -> None:
        self.full_names: dict[str, Counter[str]] = defaultdict(Counter)  # full id -> name forms
        self.by_last: dict[str, set[str]] = defaultdict(set)  # folded last word -> full ids
        for k in range(len(pairs.ids)):
            if pairs.full_person(k):
                self.full_names[pairs.ids[k]][pairs.mentions[k]] += pairs.articles[k]
                self.by_last[fold(pairs.mentions[k].split()[-1])].add(pairs.ids[k])
        self.context: Context | None = None  # for the mentions with several candidates

    def name(self, full_id: str) -> str:
        return choose(self.full_names[full_id])

    def candidates(self, mention: str) -> list[str]:
        return sorted(self.by_last.get(fold(mention), ()))


def _link(article: str, mention: str, mention_id: str, index: _Index) -> Canonical:
    candidates = index.candidates(mention)
    names = tuple(sorted(index.name(c) for c in candidates))
    if not candidates:
        return Canonical(mention_id, mention, UNKNOWN)
    if len(candidates) == 1:
        return Canonical(candidates[0], index.name(candidates[0]), LINKED)
    assert index.context is not None  # loaded for every mention with several candidates
    sharing = [c for c in candidates if index.context.shares(article, mention_id, c)]
    if len(sharing) == 1:
        return Canonical(sharing[0], index.name(sharing[0]), LINKED_BY_CONTEXT)
    named = [c for c in candidates if given_name(index.name(c).split()[0])]
    if len(named) == 1:
        return Canonical(named[0], index.name(named[0]), LINKED_BY_NAME)
    return Canonical(mention_id, mention, AMBIGUOUS, names)


def _one_word_links(
    entities: pa.Table, pairs: Pairs, mention_id: pa.Array, lone: pa.Array
) -> dict[tuple[str, str], Canonical]:
    """Per (article, mention id) of a one-word person: its canonical entity (before :func:`_unclash`)."""
    rows = pa.table({"a": entities["article_id"], "k": pairs.of_row}).filter(lone)
    todo = sorted(set(zip(rows["a"].to_pylist(), rows["k"].to_pylist(), strict=True)))
    index = _Index(pairs)
    several = [(a, k) for a, k in todo if len(index.candidates(pairs.mentions[k])) > 1]
    full = pc.is_in(
        pairs.of_row, pa.array([k for k in range(len(pairs.ids)) if pairs.full_person(k)], pa.int32())
    )
    index.context = Context(
        entities,
        pairs,
        full,
        {a for a, _ in several},
        {c for _, k in several for c in index.candidates(pairs.mentions[k])},
    )
    links: dict[tuple[str, str], Canonical] = {}
    for article, k in todo:  # a mention id given in several forms: the last form decides, as sorted
        links[(article, pairs.ids[k])] = _link(article, pairs.mentions[k], pairs.ids[k], index)
    return links


def _unclash(rows: pa.Table, links: dict[tuple[str, str], Canonical], pairs: Pairs) -> None:
    """An article never holds one canonical entity twice: a link that would (to an entity the
    article names under another label, say) is undone; the mention keeps its own entry, under its
    first form as sorted. ``rows``: one per distinct (article, pair): ``article_id``, ``k`` (the
    pair), ``mention_id``, ``entity_id``, ``lone`` (a one-word person)."""
    article = codes(rows["article_id"])
    entity = codes(rows["entity_id"])
    held = article * (int(entity.max(initial=0)) + 1) + entity
    _, inverse, counts = np.unique(held, return_inverse=True, return_counts=True)
    moved = rows["lone"].to_numpy(zero_copy_only=False) & pc.not_equal(
        rows["entity_id"], rows["mention_id"]
    ).to_numpy(zero_copy_only=False)
    clashing = np.flatnonzero(moved & (counts[inverse] > 1))
    undo: dict[tuple[str, str], int] = {}
    for i in clashing.tolist():
        key = (rows["article_id"][i].as_py(), rows["mention_id"][i].as_py())
        undo[key] = min(undo.get(key, len(pairs.ids)), rows["k"][i].as_py())
    for key, k in undo.items():
        links[key] = Canonical(key[1], pairs.mentions[k], AMBIGUOUS, (links[key].name,))


def _found(
    entities: pa.Table, pairs: Pairs, lone: pa.Array, links: dict[tuple[str, str], Canonical]
) -> tuple[pa.Array, list[Canonical]]:
    """The one-word persons' rows and, for each, its canonical entity."""
    where = pc.indices_nonzero(lone)
    found = [
        links[(article, pairs.ids[k])]
        for article, k in zip(
            pc.take(entities["article_id"], where).to_pylist(),
            pc.take(pairs.of_row, where).to_pylist(),
            strict=True,
        )
    ]
    return where, found


def _canonical_ids(
    entities: pa.Table,
    pairs: Pairs,
    mention_id: pa.Array,
    lone: pa.Array,
    links: dict[tuple[str, str], Canonical],
) -> pa.Array:
    """Per row: the canonical ``entity_id`` (its own except on the one-word persons' rows)."""
    _, found = _found(entities, pairs, lone, links)
    return pc.replace_with_mask(mention_id, lone, pa.array([c.entity_id for c in found], pa.string()))


def _scatter(
    entities: pa.Table,
    pairs: Pairs,
    mention_id: pa.Array,
    lone: pa.Array,
    links: dict[tuple[str, str], Canonical],
) -> dict[str, pa.Array]:
    """Per row: canonical ``entity_id``, ``name``, ``confidence``, ``candidates`` (own values except
    on the one-word persons' rows)."""
    where, found = _found(entities, pairs, lone, links)
    lengths = np.zeros(entities.num_rows + 1, dtype=np.int32)
    lengths[where.to_numpy() + 1] = [len(c.candidates) for c in found]
    confidence = np.full(entities.num_rows, CONFIDENT)
    confidence[where.to_numpy()] = [c.confidence for c in found]
    return {
        "entity_id": pc.replace_with_mask(
            mention_id, lone, pa.array([c.entity_id for c in found], pa.string())
        ),
        "name": pc.replace_with_mask(
            as_array(entities["mention"]), lone, pa.array([c.name for c in found], pa.string())
        ),
        "confidence": pa.array(confidence, pa.float64()),
        "candidates": pa.ListArray.from_arrays(
            pa.array(np.cumsum(lengths, dtype=np.int32)),
            pa.array([n for c in found for n in c.candidates], pa.string()),
        ),
    }


def resolve_table(entities: pa.Table, dates: pa.Table) -> Resolved:
    """Link every row of ``entities`` (``article_id``, ``mention``, ``label``) to its canonical
    entity and aggregate the registry; ``dates``: ``article_id``, ``published_date``."""
    entities = entities.select(["article_id", "mention", "label"]).combine_chunks()
    pairs = distinct_pairs(entities)
    mention_id = as_array(pc.take(pa.array(pairs.ids, pa.string()), pairs.of_row))
    lone = as_array(
        pc.is_in(
            pairs.of_row, pa.array([k for k in range(len(pairs.ids)) if pairs.one_word_person(k)], pa.int32())
        )
    )
    links = _one_word_links(entities, pairs, mention_id, lone)
    # Each distinct (article, name, label) counts once, however many rows repeat it.
    _, firsts = np.unique(
        codes(entities["article_id"]) * len(pairs.ids) + pairs.of_row.to_numpy(), return_index=True
    )
    distinct = None if len(firsts) == entities.num_rows else pa.array(np.sort(firsts))  # None: every row
    first = _canonical_ids(entities, pairs, mention_id, lone, links)
    keys = {"article_id": entities["article_id"], "k": pairs.of_row, "mention_id": mention_id, "lone": lone}
    _unclash(_once(pa.table({**keys, "entity_id": first}), distinct), links, pairs)
    del first
    table = pa.table(
        {
            "article_id": entities["article_id"],
            "mention": entities["mention"],
            "label": entities["label"],
            "mention_id": mention_id,
            **_scatter(entities, pairs, mention_id, lone, links),
        }
    )
    return Resolved(
        table.drop_columns(["article_id", "mention", "label"]), registry_rows(_once(table, distinct), dates)
    )


def _once(table: pa.Table, distinct: pa.Array | None) -> pa.Table:
    """The rows of each distinct (article, name, label), without copying when every row is one."""
    return table if distinct is None else table.take(distinct)


@dataclass(frozen=True)
class Resolution:
    """The resolution of a few rows as Python values (tests and small callers): per (article,
    mention id) the canonical entity, and the registry rows."""

    links: dict[tuple[str, str], Canonical]
    registry: list[dict[str, object]]

    def canonical(self, article_id: str, mention_id: str) -> Canonical | None:
        return self.links.get((article_id, mention_id))


def resolve(rows: Iterable[EntityRow], dates: Mapping[str, dt.date | None]) -> Resolution:
    """:func:`resolve_table` over ``rows``, as Python values."""
    unique = sorted(set(rows))
    table = pa.table(
        {
            "article_id": pa.array([r.article_id for r in unique], pa.string()),
            "mention": pa.array([r.mention for r in unique], pa.string()),
            "label": pa.array([r.label for r in unique], pa.string()),
        }
    )
    dated = pa.table(
        {
            "article_id": pa.array(list(dates), pa.string()),
            "published_date": pa.array(list(dates.values()), pa.date32()),
        }
    )
    resolved = resolve_table(table, dated)
    links = {
        (row.article_id, row.mention_id): Canonical(
            link["entity_id"], link["name"], link["confidence"], tuple(link["candidates"])
        )
        for row, link in zip(unique, resolved.links.to_pylist(), strict=True)
    }
    return Resolution(links, resolved.registry.to_pylist())
