"""The columnar registry context equals its definition, written out with Python sets."""

from __future__ import annotations

import random
from collections import defaultdict

import pyarrow as pa
import pyarrow.compute as pc

from newsetl.registry import context as context_module
from newsetl.registry.context import Context
from newsetl.registry.pairs import Pairs, distinct_pairs

NAMES = [
    ("Ann Lee", "PERSON"),
    ("Bo Lee", "PERSON"),
    ("Lee", "PERSON"),
    ("ann lee", "PERSON"),
    ("Cy Park", "PERSON"),
    ("Park", "PERSON"),
    ("Dee Moss", "PERSON"),
    ("Acme", "ORG"),
    ("Paris", "GPE"),
    ("Park", "ORG"),
]


def _definition(
    rows: list[tuple[str, str, str]], pairs: Pairs, articles: set[str], candidates: set[str]
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """What each concerned article names, and around each candidate what the articles naming it in
    full name, the candidate left out."""
    named: dict[str, set[str]] = defaultdict(set)
    naming: dict[str, set[str]] = defaultdict(set)
    for (article, _mention, _label), k in zip(rows, pairs.of_row.to_pylist(), strict=True):
        named[article].add(pairs.ids[k])
        if pairs.full_person(k) and pairs.ids[k] in candidates:
            naming[pairs.ids[k]].add(article)
    ids = {a: set(named.get(a, set())) for a in articles}
    around = {c: set().union(*(named[a] for a in naming.get(c, ()))) - {c} for c in candidates}
    return ids, around


def test_context_equals_its_definition_on_random_warehouses(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(context_module, "_CHUNK", 3)  # several chunks even on small tables
    rng = random.Random(11)
    for _ in range(200):
        rows = [
            (f"a{article}", *NAMES[rng.randrange(len(NAMES))])
            for article in range(rng.randint(1, 10))
            for _ in range(rng.randint(0, 6))
        ]
        if not rows:
            continue
        table = pa.table({k: [r[i] for r in rows] for i, k in enumerate(("article_id", "mention", "label"))})
        pairs = distinct_pairs(table)
        full_pairs = [k for k in range(len(pairs.ids)) if pairs.full_person(k)]
        full = pc.is_in(pairs.of_row, pa.array(full_pairs, pa.int32()))
        articles = {f"a{a}" for a in range(12) if rng.random() < 0.5}  # some name nothing
        candidates = {pairs.ids[k] for k in full_pairs if rng.random() < 0.7}
        context = Context(table, pairs, full, articles, candidates)
        assert (context.ids, context.around) == _definition(rows, pairs, articles, candidates)
