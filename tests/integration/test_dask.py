"""Scale-out: the same flow with its batches on a Dask cluster of 2 worker processes, against a real
Prefect server, builds the same warehouse as a local run."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from servers import NEWSETL, prefect_server

from newsetl.run import ingest_local
from newsetl.settings import Settings
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


def _tables(warehouse: Path) -> dict[str, list[Any]]:
    return {
        t: sorted(map(repr, query(warehouse, f"SELECT {c} FROM {t}").to_pylist())) for t, c in CONTENT.items()
    }


def test_dask_cluster_builds_the_same_warehouse(tmp_path: Path) -> None:
    from distributed import LocalCluster

    raw = tmp_path / "raw"
    raw.mkdir()
    samples = sorted((REPO / "raw").glob("*.txt"))
    for index in range(8):  # 8 distinct articles, 2 per batch: 4 Dask tasks
        text = samples[index % len(samples)].read_text(encoding="utf-8")
        (raw / f"a{index}.txt").write_text(text + f"\nUpdated at {index} o'clock.\n")
    (raw / "copy.txt").write_bytes((raw / "a0.txt").read_bytes())

    ingest_local([raw], Settings(batch_size=2), tmp_path / "local")
    with prefect_server(tmp_path / "prefect", dict(os.environ)) as api_url:
        env = dict(os.environ, PREFECT_API_URL=api_url, PREFECT_HOME=str(tmp_path / "prefect"))
        previous = os.environ.get("PREFECT_API_URL")
        os.environ["PREFECT_API_URL"] = api_url  # the workers report their task runs there
        try:
            with LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster:
                done = subprocess.run(
                    [
                        NEWSETL,
                        "ingest",
                        str(raw),
                        "--warehouse",
                        str(tmp_path / "dask"),
                        "--batch-size",
                        "2",
                        "--dask-address",
                        cluster.scheduler_address,
                        "--json",
                    ],
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=300,
                    check=False,
                )
                workers = len(cluster.workers)
        finally:
            if previous is None:
                os.environ.pop("PREFECT_API_URL", None)
            else:
                os.environ["PREFECT_API_URL"] = previous
    assert done.returncode == 0, done.stderr[-3000:]
    assert workers == 2
    summary = json.loads(done.stdout)
    assert summary["files_new"] == 8 and summary["files_skipped"] == 1
    assert _tables(tmp_path / "dask") == _tables(tmp_path / "local")
