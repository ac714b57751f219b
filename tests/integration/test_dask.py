"""Scale-out: the flows with their batches on a Dask cluster of 2 worker processes, against a real
Prefect server. An ingest builds the same warehouse as a local run; a reprocess re-derives old rows
on the workers, under the same ids, as a fresh ingest would. One cluster and one server serve both."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from servers import NEWSETL, prefect_server
from test_reprocess import OLD_MARK, old_code

from newsetl.run import ingest_local
from newsetl.settings import PARSER_VERSION, Settings
from newsetl.store.query import query

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
CONTENT = {
    "articles": "article_id, source_file, headline, body, authors, duplicate_of",
    "quotes": "article_id, quote_index, text, speaker",
    "entities": "article_id, entity_id, name, label, mention_count",
    "images": "article_id, image_index, caption, credit",
    "sources": "source_file, content_sha256, status, article_id",
}


def _tables(warehouse: Path, tables: tuple[str, ...] = tuple(CONTENT)) -> dict[str, list[Any]]:
    return {
        t: sorted(map(repr, query(warehouse, f"SELECT {CONTENT[t]} FROM {t}").to_pylist())) for t in tables
    }


def _raw(raw: Path) -> Path:
    raw.mkdir()
    samples = sorted((REPO / "raw").glob("*.txt"))
    for index in range(8):  # 8 distinct articles, 2 per batch: 4 Dask tasks
        text = samples[index % len(samples)].read_text(encoding="utf-8")
        (raw / f"a{index}.txt").write_text(text + f"\nUpdated at {index} o'clock.\n")
    (raw / "copy.txt").write_bytes((raw / "a0.txt").read_bytes())
    return raw


class Cluster:
    """A Prefect server and a 2-process Dask cluster; ``newsetl`` commands run against both."""

    def __init__(self, env: dict[str, str], address: str, client: Any) -> None:
        self.env, self.address, self.client = env, address, client

    def newsetl(self, *args: str) -> dict[str, Any]:
        done = subprocess.run(
            [NEWSETL, *args, "--dask-address", self.address, "--json"],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        summary: dict[str, Any] = json.loads(done.stdout)
        return summary

    def executed(self) -> int:
        """Tasks the workers have run so far."""
        counts = self.client.run(lambda dask_worker: dask_worker.state.executed_count)
        return sum(counts.values())


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    from distributed import Client, LocalCluster

    home = tmp_path_factory.mktemp("dask") / "prefect"
    with prefect_server(home, dict(os.environ)) as api_url:
        env = dict(os.environ, PREFECT_API_URL=api_url, PREFECT_HOME=str(home))
        previous = os.environ.get("PREFECT_API_URL")
        os.environ["PREFECT_API_URL"] = api_url  # the workers report their task runs there
        try:
            with (
                LocalCluster(
                    n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
                ) as local,
                Client(local) as client,
            ):
                assert len(local.workers) == 2
                yield Cluster(env, local.scheduler_address, client)
        finally:
            if previous is None:
                os.environ.pop("PREFECT_API_URL", None)
            else:
                os.environ["PREFECT_API_URL"] = previous


def test_dask_cluster_builds_the_same_warehouse(cluster: Cluster, tmp_path: Path) -> None:
    raw = _raw(tmp_path / "raw")
    ingest_local([raw], Settings(batch_size=2), tmp_path / "local")
    summary = cluster.newsetl("ingest", str(raw), "--warehouse", str(tmp_path / "dask"), "--batch-size", "2")
    assert summary["files_new"] == 8 and summary["files_skipped"] == 1
    assert _tables(tmp_path / "dask") == _tables(tmp_path / "local")


def test_dask_cluster_reprocesses_old_rows_in_place(cluster: Cluster, tmp_path: Path) -> None:
    raw, warehouse = _raw(tmp_path / "raw"), tmp_path / "wh"
    with old_code():
        ingest_local([raw], Settings(batch_size=2), warehouse)
    ingest_local([raw], Settings(batch_size=2), tmp_path / "fresh")  # what the current code gives
    before = query(warehouse, "SELECT article_id, headline, parser_version FROM articles").to_pylist()
    assert len(before) == 8 and all(r["headline"].endswith(OLD_MARK) for r in before)
    executed = cluster.executed()

    summary = cluster.newsetl(
        "reprocess", "--warehouse", str(warehouse), "--older-than-current", "--batch-size", "2"
    )
    assert (summary["changed"], summary["failed"], summary["commits"]) == (8, {}, 4)
    assert cluster.executed() - executed == 4  # each batch was re-derived on a worker
    after = query(warehouse, "SELECT article_id, headline, parser_version FROM articles").to_pylist()
    assert sorted(r["article_id"] for r in after) == sorted(r["article_id"] for r in before)  # same ids
    assert {r["parser_version"] for r in after} == {PARSER_VERSION}
    assert not any(r["headline"].endswith(OLD_MARK) for r in after)
    children = ("articles", "quotes", "entities", "images")
    assert _tables(warehouse, children) == _tables(tmp_path / "fresh", children)  # nothing lost or doubled
    runs = query(warehouse, "SELECT kind, status FROM runs WHERE kind = 'reprocess'").to_pylist()
    assert runs == [{"kind": "reprocess", "status": "completed"}]
