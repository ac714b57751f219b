"""The warehouse on disk: Parquet parts per table, and one commit record per run.

A run writes its parts first (each atomically, under names no reader lists yet), then its commit
record ``_commits/<run_id>.json`` last. Only parts named in a commit record are part of the
warehouse; parts of a run that never committed are removed at the next writer's start.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsetl.contracts import TABLES, load_contracts
from newsetl.model import Known
from newsetl.store.evolution import check_evolution, schema_record
from newsetl.store.files import atomic_write_bytes, atomic_write_parquet

COMMITS = "_commits"
CATALOG = "newsetl.duckdb"


class WarehouseBusy(RuntimeError):
    """Another writer holds the warehouse lock."""


class PublishError(RuntimeError):
    """Writing a part or the commit record failed; the last committed state is untouched."""


@dataclass(frozen=True)
class Commit:
    run_id: str
    committed_at: str
    parts: dict[str, list[str]]
    rows: dict[str, int]
    schemas: dict[str, Any]


class Warehouse:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    @property
    def catalog_path(self) -> Path:
        return self.root / CATALOG

    def commits(self) -> list[Commit]:
        folder = self.root / COMMITS
        if not folder.is_dir():
            return []
        found = []
        for path in sorted(folder.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            found.append(
                Commit(
                    data["run_id"], data["committed_at"], data["parts"], data["rows"], data.get("schemas", {})
                )
            )
        return sorted(found, key=lambda c: (c.committed_at, c.run_id))

    def committed_parts(self, table: str) -> list[Path]:
        return [self.root / rel for commit in self.commits() for rel in commit.parts.get(table, [])]

    def prepare(self) -> None:
        """Start of a write: drop a crashed run's leftovers, refuse an incompatible schema change,
        and bring the catalog up to date with the commits."""
        self.remove_uncommitted()
        commits = self.commits()
        check_evolution(commits[-1].schemas if commits else {})
        self.refresh_catalog()

    def refresh_catalog(self) -> None:
        from newsetl.store.catalog import ensure_catalog

        ensure_catalog(self)

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
        parts = self.committed_parts(table)
        if not parts:
            return load_contracts()[table].arrow_schema.empty_table().select(columns)
        return pa.concat_tables(
            [pq.read_table(p, columns=columns) for p in parts], promote_options="permissive"
        )

    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Exclusive lock for one writer at a time; raises :class:`WarehouseBusy` when taken."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise WarehouseBusy(f"another ingest is writing to {self.root}") from exc
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def remove_uncommitted(self) -> list[Path]:
        """Delete parts and temp files that no commit names (leftovers of a crashed run)."""
        committed = {self.root / rel for c in self.commits() for rels in c.parts.values() for rel in rels}
        removed = []
        for table in TABLES:
            folder = self.root / table
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                if path.is_file() and path not in committed:
                    path.unlink()
                    removed.append(path)
        return removed

    def write_part(self, run_id: str, seq: int, table: str, data: pa.Table) -> str:
        rel = f"{table}/{run_id}-{seq:05d}.parquet"
        try:
            atomic_write_parquet(self.root / rel, data)
        except OSError as exc:
            raise PublishError(f"run {run_id}: could not write {rel} ({exc}); nothing was committed") from exc
        return rel

    def commit(self, run_id: str, parts: Mapping[str, list[str]], rows: Mapping[str, int]) -> Commit:
        commit = Commit(
            run_id=run_id,
            committed_at=dt.datetime.now(dt.UTC).isoformat(),
            parts={t: list(p) for t, p in parts.items()},
            rows=dict(rows),
            schemas=schema_record(),
        )
        payload = json.dumps(commit.__dict__, indent=1, sort_keys=True).encode("utf-8")
        try:
            atomic_write_bytes(self.root / COMMITS / f"{run_id}.json", payload)
        except OSError as exc:
            raise PublishError(
                f"run {run_id}: could not write its commit record ({exc}); nothing was committed"
            ) from exc
        return commit


def _pairs(table: pa.Table, first: str, second: str) -> list[tuple[Any, Any]]:
    return list(zip(table.column(first).to_pylist(), table.column(second).to_pylist(), strict=True))
