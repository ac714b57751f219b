"""Replace the rows of some articles in one commit, copy on write (used by ``newsetl reprocess``).

Every live part holding one of the articles is rewritten without them, their new rows are added as
new parts, the entity registry is re-resolved with the retiring parts left out, and one commit record
adds it all and retires the old parts: readers see the old rows or the new, never both or neither.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc

from newsetl.contracts import load_contracts
from newsetl.neardup import NearDuplicateIndex
from newsetl.rederive import DERIVED
from newsetl.registry.publish import REGISTRY, Linked, discard_superseded, link_entities
from newsetl.store.compact import conform
from newsetl.store.warehouse import Warehouse


class PartIndex:
    """Which live part of each table holds which articles (kept up to date across commits)."""

    def __init__(self, store: Warehouse, tables: Iterable[str]) -> None:
        self.store = store
        self.ids: dict[str, dict[str, set[str]]] = {}
        live = store.live_parts()
        for table in tables:
            self.ids[table] = {rel: self._read(rel) for rel in live.get(table, [])}

    def _read(self, rel: str) -> set[str]:
        return set(self.store.storage.read_parquet(rel, ["article_id"]).column("article_id").to_pylist())

    def touching(self, table: str, articles: set[str]) -> list[str]:
        return [rel for rel, ids in self.ids[table].items() if ids & articles]

    def update(self, parts: dict[str, list[str]], retires: dict[str, list[str]]) -> None:
        for table, rels in retires.items():
            for rel in rels:
                self.ids.get(table, {}).pop(rel, None)
        for table, rels in parts.items():
            if table in self.ids:
                for rel in rels:
                    self.ids[table][rel] = self._read(rel)


def read_rows(store: Warehouse, index: PartIndex, table: str, ids: Iterable[str]) -> pa.Table:
    """The live rows of ``table`` that belong to the articles ``ids``."""
    wanted = set(ids)
    mask = pa.array(sorted(wanted), pa.string())
    found = [
        data.filter(pc.is_in(data.column("article_id"), value_set=mask))
        for data in (store.storage.read_parquet(rel) for rel in index.touching(table, wanted))
    ]
    schema = load_contracts()[table].arrow_schema
    return pa.concat_tables(found, promote_options="permissive") if found else schema.empty_table()


def read_pages(store: Warehouse, index: PartIndex, ids: list[str]) -> pa.Table:
    return read_rows(store, index, "pages", ids)


class NearDuplicates:
    """``duplicate_of`` for re-derived articles, as the ingest sets it: the earliest article (in
    ingest order, from ``sources``) whose body the article's nearly repeats. Batches come in ingest
    order, so every earlier article already has its final signature when an article is linked."""

    def __init__(self, store: Warehouse, threshold: float) -> None:
        sources = store.read_column("sources", ["article_id", "status"])
        self.position: dict[str, int] = {}
        for article, status in zip(
            *(sources.column(c).to_pylist() for c in ("article_id", "status")), strict=True
        ):
            if status == "article" and article is not None:
                self.position.setdefault(article, len(self.position))
        signatures = store.read_column("signatures", ["article_id", "minhash"])
        self.minhash = dict(
            zip(*(signatures.column(c).to_pylist() for c in ("article_id", "minhash")), strict=True)
        )
        self.sequence = sorted(self.minhash, key=self.key)
        self.index = NearDuplicateIndex(threshold)
        self.added = 0

    def key(self, article: str) -> int:
        return self.position.get(article, len(self.position))

    def link(self, articles: pa.Table, signatures: pa.Table) -> pa.Table:
        """``articles`` with ``duplicate_of`` set from the batch's new ``signatures``."""
        columns = ("article_id", "minhash")
        self.minhash.update(zip(*(signatures.column(c).to_pylist() for c in columns), strict=True))
        found: dict[str, str | None] = {}
        for article in sorted(articles.column("article_id").to_pylist(), key=self.key):
            while self.added < len(self.sequence) and self.key(self.sequence[self.added]) < self.key(article):
                earlier = self.sequence[self.added]
                self.index.add(earlier, self.minhash[earlier])
                self.added += 1
            found[article] = self.index.match(self.minhash[article])
        position = articles.schema.get_field_index("duplicate_of")
        values = pa.array([found[a] for a in articles.column("article_id").to_pylist()], pa.string())
        return articles.set_column(position, articles.schema.field(position), values)


def replace(
    store: Warehouse,
    index: PartIndex,
    commit_id: str,
    new: dict[str, pa.Table],
    touched: dict[str, dict[str, pa.Table]],
    changed: set[str],
) -> tuple[Linked, dict[str, int]]:
    """Write, link and commit one batch's replacement; returns what the commit holds."""
    contracts = load_contracts()
    mask = pa.array(sorted(changed), pa.string())
    parts: dict[str, list[str]] = {}
    retiring: dict[str, list[str]] = {}
    rows: dict[str, int] = {}
    seq = 0
    for table in DERIVED:
        for rel, data in touched[table].items():
            hit = pc.is_in(data.column("article_id"), value_set=mask)
            if not pc.any(hit).as_py():
                continue
            retiring.setdefault(table, []).append(rel)
            rest = data.filter(pc.invert(hit))
            if rest.num_rows:
                parts.setdefault(table, []).append(
                    store.write_part(commit_id, seq, table, conform(rest, contracts[table].arrow_schema))
                )
                seq += 1
        if new[table].num_rows:
            parts.setdefault(table, []).append(store.write_part(commit_id, seq, table, new[table]))
            seq += 1
        rows[table] = new[table].num_rows
    linked = link_entities(store, commit_id, parts, retiring)
    for table, rels in retiring.items():
        linked.retires.setdefault(table, []).extend(rels)
    store.commit(commit_id, linked.parts, rows | {REGISTRY: linked.registry_rows}, linked.retires)
    store.refresh_catalog()
    discard_superseded(store, parts, linked)
    index.update(linked.parts, linked.retires)
    return linked, rows
