"""A warehouse of synthetic rows that satisfy the contracts, written through the store's own commit
API (parts, commit records, catalog), for benchmarks and tests that need many articles: running
spaCy over 100,000 dumps would take hours here.

Per article: 1 photo, ``quotes`` quotations, ``entities`` entities drawn from a pool of 2,000
names; one commit per ``per_commit`` articles (as a series of ingest runs leaves them), the entity
registry and the sources in the last. Deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import Any

import pyarrow as pa

from newsetl.contracts import contract
from newsetl.store.warehouse import Warehouse

PUBLISHERS = ["Associated Press", "Reuters", "BBC News", "The Guardian", None]
LANGUAGES = ["en", "en", "en", "de", "fr"]
WORDS = [
    "council",
    "budget",
    "bridge",
    "river",
    "harbor",
    "minister",
    "vote",
    "plan",
    "cost",
    "delay",
    "residents",
    "report",
    "talks",
    "city",
    "officials",
    "agency",
    "statement",
    "week",
    "school",
    "hospital",
    "funding",
    "strike",
    "port",
    "housing",
    "flood",
    "rail",
]
POOL = 2_000
FIRST_DAY = dt.date(2024, 1, 1)


def _id(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _table(name: str, columns: dict[str, list[Any]]) -> pa.Table:
    schema = contract(name).arrow_schema
    rows = len(next(iter(columns.values())))
    # A nullable column the generator does not fill (added to the contract since) is NULL.
    data = {f.name: columns[f.name] if f.name in columns or not f.nullable else [None] * rows for f in schema}
    return pa.Table.from_pydict(data, schema=schema)


def _articles(first: int, count: int, run_id: str, rng: random.Random, now: dt.datetime) -> pa.Table:
    ids = [_id(f"article {n}") for n in range(first, first + count)]
    bodies = [
        "\n\n".join(" ".join(rng.choices(WORDS, k=60)).capitalize() + "." for _ in range(4)) for _ in ids
    ]
    return _table(
        "articles",
        {
            "article_id": ids,
            "source_file": [f"synthetic/{n:07d}.txt" for n in range(first, first + count)],
            "content_sha256": [hashlib.sha256(b.encode()).hexdigest() for b in bodies],
            "publisher": [PUBLISHERS[n % len(PUBLISHERS)] for n in range(first, first + count)],
            "headline": [
                f"Story {n}: {rng.choice(WORDS)} {rng.choice(WORDS)}" for n in range(first, first + count)
            ],
            "dek": [None] * count,
            "authors": [[f"Reporter {n % 97}"] for n in range(first, first + count)],
            "dateline": ["LONDON"] * count,
            "published_date": [
                None if n % 50 == 49 else FIRST_DAY + dt.timedelta(days=n % 730)
                for n in range(first, first + count)
            ],
            "body": bodies,
            "paragraph_count": [4] * count,
            "word_count": [len(b.split()) for b in bodies],
            "language": [LANGUAGES[n % len(LANGUAGES)] for n in range(first, first + count)],
            "duplicate_of": [None] * count,
            "parser_version": ["1"] * count,
            "run_id": [run_id] * count,
            "ingested_at": [now] * count,
        },
    )


def _children(
    ids: list[str], run_id: str, rng: random.Random, quotes: int, entities: int
) -> dict[str, pa.Table]:
    q_rows: dict[str, list[Any]] = {c: [] for c in contract("quotes").column_names}
    e_rows: dict[str, list[Any]] = {c: [] for c in contract("entities").column_names}
    for article_id in ids:
        for index in range(quotes):
            start = 40 * index
            q_rows["article_id"].append(article_id)
            q_rows["quote_index"].append(index)
            q_rows["text"].append(" ".join(rng.choices(WORDS, k=8)))
            q_rows["speaker"].append(f"Person {rng.randrange(POOL):04d}" if index % 5 else None)
            q_rows["speaker_mention"].append(None)
            q_rows["kind"].append("full" if index % 3 else "partial")
            q_rows["paragraph_index"].append(index % 4)
            q_rows["char_start"].append(start)
            q_rows["char_end"].append(start + 30)
            q_rows["confidence"].append(0.2 if index % 5 == 0 else 0.9)
            q_rows["run_id"].append(run_id)
        for person in rng.sample(range(POOL), entities):
            e_rows["article_id"].append(article_id)
            e_rows["entity_id"].append(_id(f"entity {person}"))
            e_rows["name"].append(f"Person {person:04d}")
            e_rows["mention"].append(None)
            e_rows["label"].append("PERSON" if person % 3 else "ORG")
            e_rows["mention_count"].append(1 + person % 4)
            e_rows["sections"].append(["body"])
            e_rows["run_id"].append(run_id)
    count = len(ids)
    images = {
        "article_id": ids,
        "image_index": [0] * count,
        "alt_text": [None] * count,
        "caption": ["A view of the river."] * count,
        "credit": ["Photo / Agency"] * count,
        "photographer": [None] * count,
        "agency": ["Agency"] * count,
        "paragraph_index": [0] * count,
        "run_id": [run_id] * count,
    }
    return {
        "quotes": _table("quotes", q_rows),
        "entities": _table("entities", e_rows),
        "images": _table("images", images),
    }


def _closing(runs: list[str], now: dt.datetime) -> dict[str, pa.Table]:
    """The registry (one row per entity of the pool) and one ``runs`` row per commit."""
    names = {_id(f"entity {p}"): p for p in range(POOL)}
    registry = {
        "entity_id": list(names),
        "name": [f"Person {p:04d}" for p in names.values()],
        "label": ["PERSON" if p % 3 else "ORG" for p in names.values()],
        "aliases": [[] for _ in names],
        "article_count": [1] * len(names),
        "first_seen": [FIRST_DAY] * len(names),
        "last_seen": [FIRST_DAY] * len(names),
        "confidence": [0.9] * len(names),
        "candidates": [[] for _ in names],
    }
    columns: dict[str, list[Any]] = {c.name: [] for c in contract("runs").columns}
    for run_id in runs:
        for c in contract("runs").columns:
            value: Any = 0 if c.type == "int64" else 0.0 if c.type == "float64" else None
            columns[c.name].append(value)
        columns["run_id"][-1], columns["status"][-1] = run_id, "completed"
        columns["started_at"][-1] = columns["ended_at"][-1] = now
    return {"entity_registry": _table("entity_registry", registry), "runs": _table("runs", columns)}


def fill(
    warehouse: Warehouse,
    articles: int,
    per_commit: int = 5_000,
    quotes: int = 5,
    entities: int = 5,
    seed: int = 1,
) -> dict[str, int]:
    """Write ``articles`` synthetic articles (and their rows) into ``warehouse``; rows per table."""
    rng = random.Random(seed)
    now = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    totals: dict[str, int] = {}
    runs: list[str] = []
    sources: dict[str, list[Any]] = {c: [] for c in contract("sources").column_names}
    with warehouse.writer_lock("synthetic"):
        warehouse.prepare()
        for seq, first in enumerate(range(0, articles, per_commit)):
            run_id = f"20250601T000000-synth-{seq:05d}"
            count = min(per_commit, articles - first)
            tables = {"articles": _articles(first, count, run_id, rng, now)}
            ids = tables["articles"].column("article_id").to_pylist()
            tables |= _children(ids, run_id, rng, quotes, entities)
            for name, column in (
                ("source_file", "source_file"),
                ("content_sha256", "content_sha256"),
                ("article_id", "article_id"),
            ):
                sources[name] += tables["articles"].column(column).to_pylist()
            sources["status"] += ["article"] * count
            sources["size_bytes"] += [len(b) for b in tables["articles"].column("body").to_pylist()]
            sources["run_id"] += [run_id] * count
            runs.append(run_id)
            if first + count >= articles:
                tables |= _closing(runs, now)
                tables["sources"] = _table("sources", sources)
            parts = {name: [warehouse.write_part(run_id, 0, name, data)] for name, data in tables.items()}
            rows = {name: data.num_rows for name, data in tables.items()}
            warehouse.commit(run_id, parts, rows)
            for name, n in rows.items():
                totals[name] = totals.get(name, 0) + n
        warehouse.refresh_catalog()
    return totals
