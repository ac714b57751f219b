"""The warehouse: Parquet parts per table, and one commit record per run (or compaction).

A writer writes its parts first (each atomically, under unique names no reader lists yet), then its
commit record ``_commits/<run_id>.json`` last. A commit record names the parts it adds and, for a
compaction, the parts it **retires**. The live set of a table is the parts of all commits minus all
retired parts; readers see the live set of the commits they listed, so a commit takes effect whole
or not at all. Files no live set names (a crashed run's parts, retired parts) are removed by the
next writer. The same holds for a local folder and for an object store (:mod:`newsetl.store.storage`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsetl.contracts import TABLES, load_contracts
from newsetl.model import Known
from newsetl.store.evolution import check_evolution, schema_record
from newsetl.store.storage import LocalStorage, Storage, WarehouseBusy, open_storage

if TYPE_CHECKING:  # pyarrow is imported where rows are read: listing commits needs none
    import pyarrow as pa

COMMITS = "_commits"
CATALOG = "newsetl.duckdb"

__all__ = ["CATALOG", "COMMITS", "Commit", "PublishError", "Warehouse", "WarehouseBusy"]


class PublishError(RuntimeError):
    """Writing a part or the commit record failed; the last committed state is untouched."""


@dataclass(frozen=True)
class Commit:
    run_id: str
    committed_at: str
    parts: dict[str, list[str]]
    rows: dict[str, int]
    schemas: dict[str, Any]
    retires: dict[str, list[str]] = field(default_factory=dict)


class Warehouse:
    """A warehouse at a local folder (``Path`` or path string) or ``s3://bucket/prefix``."""

    def __init__(self, root: Path | str, storage: Storage | None = None) -> None:
        """``storage`` overrides the one chosen from ``root`` (e.g. an ``ObjectStorage`` over
        another pyarrow filesystem)."""
        self.storage: Storage = storage or open_storage(root)
        self._cache: dict[str, Commit] = {}

    @property
    def is_local(self) -> bool:
        return isinstance(self.storage, LocalStorage)

    @property
    def root(self) -> Path | str:
        """The resolved local folder, or the ``s3://bucket/prefix`` URI of an object store."""
        return self.storage.root if isinstance(self.storage, LocalStorage) else self.storage.uri

    @property
    def catalog_path(self) -> Path | None:
        """The DuckDB catalog file of a local warehouse; ``None`` for an object store, whose
        catalog object is for other readers (newsetl's own queries build their views in memory,
        :func:`newsetl.store.query.connect`)."""
        return self.storage.root / CATALOG if isinstance(self.storage, LocalStorage) else None

    def exists(self) -> bool:
        return self.storage.exists()

    def commits(self) -> list[Commit]:
        """Every commit record, oldest first (records are immutable, so they are read once)."""
        found = []
        for rel in self.storage.list_files(COMMITS):
            name = rel.rsplit("/", 1)[-1]
            if name.startswith(".") or not name.endswith(".json"):
                continue
            if rel not in self._cache:
                data = json.loads(self.storage.read_bytes(rel).decode("utf-8"))
                self._cache[rel] = Commit(
                    data["run_id"],
                    data["committed_at"],
                    data["parts"],
                    data["rows"],
                    data.get("schemas", {}),
                    data.get("retires", {}),
                )
            found.append(self._cache[rel])
        return sorted(found, key=lambda c: (c.committed_at, c.run_id))

    def live_parts(self, commits: list[Commit] | None = None) -> dict[str, list[str]]:
        """Per table, the relative paths of the live parts, in commit order."""
        commits = self.commits() if commits is None else commits
        retired = {rel for c in commits for rels in c.retires.values() for rel in rels}
        live: dict[str, list[str]] = {table: [] for table in TABLES}
        for commit in commits:
            for table, rels in commit.parts.items():
                live.setdefault(table, []).extend(r for r in rels if r not in retired)
        return live

    def committed_parts(self, table: str) -> list[Path | str]:
        """The live parts of ``table``: local paths, or ``bucket/prefix/…`` paths in the object store."""
        return [self.location(rel) for rel in self.live_parts().get(table, [])]

    def location(self, rel: str) -> Path | str:
        if isinstance(self.storage, LocalStorage):
            return self.storage.path(rel)
        return self.storage.arrow_location(rel)[1]

    def prepare(self) -> None:
        """Start of a write: bring the catalog up to date with the commits, drop files no commit
        keeps (a crashed run's parts, retired parts), and refuse an incompatible schema change."""
        self.refresh_catalog()  # first: a lagging catalog may still name parts retired since
        self.remove_uncommitted()
        commits = self.commits()
        check_evolution(commits[-1].schemas if commits else {})

    def refresh_catalog(self) -> None:
        """Rebuild the local DuckDB catalog if it lags; rewrite an object store's (no cheap check)."""
        from newsetl.store.catalog import build_catalog, ensure_catalog

        if self.is_local:
            ensure_catalog(self)
        else:
            build_catalog(self)

    def create(self) -> None:
        """Make a new local warehouse folder, born with its empty catalog (no-op if it exists)."""
        if isinstance(self.storage, LocalStorage) and not self.exists():
            from newsetl.store.catalog import create_local

            create_local(self.storage.root)

    def known(self) -> Known:
        """Content, articles and (file, content) pairs already committed: a rerun skips them."""
        articles = self.read_column("articles", ["content_sha256", "article_id"])
        sources = self.read_column("sources", ["source_file", "content_sha256", "article_id"])
        content: dict[str, str | None] = {
            sha: article_id for sha, article_id in _pairs(sources, "content_sha256", "article_id") if sha
        }
        content.update(_pairs(articles, "content_sha256", "article_id"))
        pairs = _pairs(sources, "source_file", "content_sha256")
        return Known(
            content=content,
            articles=frozenset(articles.column("article_id").to_pylist()),
            sources=frozenset(pairs),
        )

    def read_column(self, table: str, columns: list[str]) -> pa.Table:
        import pyarrow as pa

        rels = self.live_parts().get(table, [])
        if not rels:
            return load_contracts()[table].arrow_schema.empty_table().select(columns)
        return pa.concat_tables(
            [self.storage.read_parquet(rel, columns) for rel in rels], promote_options="permissive"
        )

    @contextlib.contextmanager
    def writer_lock(self, what: str = "ingest") -> Iterator[None]:
        """One writer at a time; raises :class:`WarehouseBusy` when taken. Exclusive for a local
        folder (``flock``); best effort on an object store (see :mod:`newsetl.store.objectstore`).
        A new local folder is created with its catalog first, so it never lacks one."""
        self.create()
        with self.storage.writer_lock(what):
            yield

    def remove_uncommitted(self) -> list[Path | str]:
        """Delete every file in a table folder that is not live: parts and temp files of a crashed
        run, and parts a compaction retired. Live parts are never touched."""
        live = {rel for rels in self.live_parts().values() for rel in rels}
        removed: list[Path | str] = []
        for table in TABLES:
            for rel in self.storage.list_files(table):
                if rel not in live:
                    self.storage.delete(rel)
                    removed.append(self.location(rel))
        return removed

    def write_part(self, run_id: str, seq: int, table: str, data: pa.Table) -> str:
        rel = f"{table}/{run_id}-{seq:05d}.parquet"
        self.write_file(rel, data, run_id)
        return rel

    def write_file(self, rel: str, data: pa.Table, run_id: str) -> None:
        """Write one part atomically under ``rel``; :class:`PublishError` on an I/O failure."""
        try:
            self.storage.assert_lock_held()
            self.storage.write_parquet(rel, data)
        except OSError as exc:
            raise PublishError(f"run {run_id}: could not write {rel} ({exc}); nothing was committed") from exc

    def commit(
        self,
        run_id: str,
        parts: Mapping[str, list[str]],
        rows: Mapping[str, int],
        retires: Mapping[str, list[str]] | None = None,
    ) -> Commit:
        """Write the commit record, the last and only step that makes ``parts`` live (and
        ``retires`` dead) — atomically, for readers that list the commits afterwards."""
        commit = Commit(
            run_id=run_id,
            committed_at=dt.datetime.now(dt.UTC).isoformat(),
            parts={t: list(p) for t, p in parts.items()},
            rows=dict(rows),
            schemas=schema_record(),
            retires={t: list(p) for t, p in (retires or {}).items() if p},
        )
        record = dict(commit.__dict__)
        if not commit.retires:
            del record["retires"]
        payload = json.dumps(record, indent=1, sort_keys=True).encode("utf-8")
        try:
            self.storage.assert_lock_held()
            self.storage.write_bytes(f"{COMMITS}/{run_id}.json", payload)
        except OSError as exc:
            raise PublishError(
                f"run {run_id}: could not write its commit record ({exc}); nothing was committed"
            ) from exc
        return commit


def _pairs(table: pa.Table, first: str, second: str) -> list[tuple[Any, Any]]:
    return list(zip(table.column(first).to_pylist(), table.column(second).to_pylist(), strict=True))
