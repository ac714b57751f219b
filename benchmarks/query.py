"""`newsetl sql` over a 100,000-article warehouse: counts by entity and by speaker, before and after
`newsetl compact`.

    .venv/bin/python benchmarks/query.py [--articles 100000] [--per-part 200]

Running spaCy over 100,000 articles would take hours here, so the warehouse is filled with rows
that match the contracts (the same writer, commit records and catalog as an ingest; about 20
entities and 10 quotes per article, names drawn from a pool of 5,000) in parts of ``--per-part``
articles, as a long series of ingest batches would leave them. Each query is timed through
`newsetl.store.query.query` (connect, catalog check, SQL), best of three.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import tempfile
import time
from pathlib import Path

import pyarrow as pa

from newsetl.contracts import contract
from newsetl.store.catalog import build_catalog
from newsetl.store.compact import compact
from newsetl.store.query import query
from newsetl.store.warehouse import Warehouse

QUERIES = {
    "count by entity": "SELECT name, label, count(DISTINCT article_id) AS n FROM entities "
    "GROUP BY name, label ORDER BY n DESC LIMIT 20",
    "count by speaker": "SELECT speaker, count(*) AS n FROM quotes WHERE speaker IS NOT NULL "
    "GROUP BY speaker ORDER BY n DESC LIMIT 20",
    "articles per day": "SELECT published_date, count(*) FROM articles GROUP BY 1 ORDER BY 1",
}


def _rows(first: int, count: int, rng: random.Random, names: list[str]) -> dict[str, pa.Table]:
    now = dt.datetime.now(dt.UTC)
    articles, entities, quotes = [], [], []
    for n in range(first, first + count):
        article_id = f"{n:016x}"
        articles.append(
            {
                "article_id": article_id,
                "source_file": f"s/{n}.txt",
                "content_sha256": f"{n:064x}",
                "publisher": rng.choice(["AP", "Reuters", "BBC", None]),
                "headline": f"Story {n}",
                "dek": None,
                "authors": ["Ann Lee"],
                "dateline": None,
                "published_date": dt.date(2025, 1, 1 + n % 28),
                "body": f"Body of story {n}.",
                "paragraph_count": 1,
                "word_count": 4,
                "language": "en",
                "duplicate_of": None,
                "parser_version": "1",
                "run_id": "bench",
                "ingested_at": now,
            }
        )
        for name in rng.sample(names, 20):
            entities.append(
                {
                    "article_id": article_id,
                    "entity_id": f"{hash(name) & (2**64 - 1):016x}",
                    "name": name,
                    "label": "PERSON",
                    "mention_count": 1,
                    "sections": ["body"],
                    "run_id": "bench",
                }
            )
        for q in range(10):
            quotes.append(
                {
                    "article_id": article_id,
                    "quote_index": q,
                    "text": "words",
                    "speaker": rng.choice(names),
                    "speaker_mention": None,
                    "kind": "full",
                    "paragraph_index": 0,
                    "char_start": 0,
                    "char_end": 5,
                    "confidence": 0.9,
                    "run_id": "bench",
                }
            )
    return {
        t: pa.Table.from_pylist(r, schema=contract(t).arrow_schema)
        for t, r in (("articles", articles), ("entities", entities), ("quotes", quotes))
    }


def _time(warehouse: Path) -> dict[str, float]:
    timings = {}
    for label, sql in QUERIES.items():
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            query(warehouse, sql)
            best = min(best, time.perf_counter() - start)
        timings[label] = round(best, 3)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--per-part", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(1)
    names = [f"Person {i:04d}" for i in range(5000)]
    with tempfile.TemporaryDirectory(prefix="newsetl-query-") as tmp:
        root = Path(tmp) / "wh"
        store = Warehouse(root)
        parts: dict[str, list[str]] = {}
        for seq, first in enumerate(range(0, args.articles, args.per_part)):
            for table, data in _rows(first, min(args.per_part, args.articles - first), rng, names).items():
                parts.setdefault(table, []).append(store.write_part("bench", seq, table, data))
        store.commit("bench", parts, {t: 0 for t in parts})
        build_catalog(store)
        before = _time(root)
        started = time.perf_counter()
        compact(store)
        compact_seconds = time.perf_counter() - started
        after = _time(root)
    result = {
        "articles": args.articles,
        "parts_per_table_before": len(parts["entities"]),
        "seconds_before_compact": before,
        "compact_seconds": round(compact_seconds, 2),
        "seconds_after_compact": after,
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
