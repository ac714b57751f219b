"""The registry rows from resolved entity rows: Arrow group-bys, then one pass over the groups. Pure.

Input: one row per distinct (article, name, label) of the warehouse with its canonical entity
(``article_id``, ``mention``, ``label``, ``mention_id``, ``entity_id``, ``name``, ``confidence``,
``candidates``) and the articles' dates. Ties go to the alphabetically first value, so the rows
depend on the set of inputs only. Python sees the groups (distinct entities, names and labels), never
the rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pyarrow as pa
import pyarrow.compute as pc

from newsetl.registry.levels import CONFIDENT, choose


def _counts(rows: pa.Table, column: str) -> dict[str, Counter[str]]:
    """Per entity id, how many rows give each value of ``column``."""
    grouped = rows.group_by(["entity_id", column]).aggregate([("article_id", "count")])
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for key, value, count in zip(
        grouped["entity_id"].to_pylist(),
        grouped[column].to_pylist(),
        grouped["article_id_count"].to_pylist(),
        strict=True,
    ):
        out[key][value] += count
    return out


def _sets(rows: pa.Table, column: str) -> dict[str, set[str]]:
    """Per entity id, the distinct values of ``column`` (a string, or a list of strings)."""
    out: dict[str, set[str]] = defaultdict(set)
    for key, value in zip(rows["entity_id"].to_pylist(), rows[column].to_pylist(), strict=True):
        out[key].update(value if isinstance(value, list) else [value])
    return out


def registry_rows(rows: pa.Table, dates: pa.Table) -> pa.Table:
    """One row per canonical entity, sorted by id: most frequent name and label, the other names
    linked to it, its articles, their first and last publication dates, the lowest confidence of
    its own rows, and the candidates of its unlinked ones."""
    where = pc.index_in(rows["article_id"], value_set=dates["article_id"])
    own = pc.equal(rows["entity_id"], rows["mention_id"])
    keyed = pa.table(
        {
            "entity_id": rows["entity_id"],
            "article_id": rows["article_id"],
            "date": pc.take(dates["published_date"], where),
            "confidence": pc.if_else(own, rows["confidence"], pa.scalar(CONFIDENT)),
        }
    )
    totals = keyed.group_by("entity_id").aggregate(
        [("article_id", "count_distinct"), ("date", "min"), ("date", "max"), ("confidence", "min")]
    )
    names, labels = _counts(rows, "name"), _counts(rows, "label")
    aliases = _sets(rows.filter(pc.not_equal(rows["mention"], rows["name"])), "mention")
    candidates = _sets(rows.filter(pc.greater(pc.list_value_length(rows["candidates"]), 0)), "candidates")
    order = pc.sort_indices(totals, sort_keys=[("entity_id", "ascending")])
    totals = totals.take(order)
    ids = totals["entity_id"].to_pylist()
    chosen = [choose(names[key]) for key in ids]
    first: list[dt.date | None] = totals["date_min"].to_pylist()
    return pa.table(
        {
            "entity_id": ids,
            "name": chosen,
            "label": [choose(labels[key]) for key in ids],
            "aliases": [
                sorted(aliases.get(key, set()) - {name}) for key, name in zip(ids, chosen, strict=True)
            ],
            "article_count": totals["article_id_count_distinct"],
            "first_seen": pa.array(first, pa.date32()),
            "last_seen": totals["date_max"],
            "confidence": totals["confidence_min"],
            "candidates": [sorted(candidates.get(key, ())) for key in ids],
        }
    )
