"""An ``s3://`` warehouse and ``s3://`` raw input against a real S3 API (moto_server on localhost):
the same tables as a local ingest, reruns add nothing, uncommitted parts are invisible and removed,
compaction works, and ``newsetl sql -w s3://…`` reads it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.fs as pafs
import pytest

from newsetl.contracts import TABLES
from newsetl.run import ingest_local
from newsetl.settings import Settings
from newsetl.store.compact import compact
from newsetl.store.objectstore import s3_filesystem
from newsetl.store.query import query, table_counts
from newsetl.store.warehouse import CATALOG, Warehouse

REPO = Path(__file__).resolve().parents[2]
RUN_COLUMNS = {"run_id", "ingested_at", "rejected_at"}
BUCKET = "newsetl-test"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3() -> Iterator[pafs.S3FileSystem]:
    """A moto S3 server on a free local port, the AWS environment pointing at it, and a bucket
    holding a copy of raw/ under ``raw/``."""
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.05)
        with pytest.MonkeyPatch.context() as env:
            env.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
            env.setenv("AWS_ACCESS_KEY_ID", "testing")
            env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
            env.setenv("AWS_DEFAULT_REGION", "us-east-1")
            env.setenv("AWS_EC2_METADATA_DISABLED", "true")
            env.delenv("AWS_PROFILE", raising=False)
            pafs.S3FileSystem(
                endpoint_override=f"127.0.0.1:{port}",
                scheme="http",
                access_key="testing",
                secret_key="testing",
                region="us-east-1",
                allow_bucket_creation=True,
            ).create_dir(BUCKET)
            fs = s3_filesystem()
            for sample in sorted((REPO / "raw").glob("*.txt")):
                with fs.open_output_stream(f"{BUCKET}/raw/{sample.name}") as out:
                    out.write(sample.read_bytes())
            yield fs
    finally:
        server.terminate()
        server.wait(timeout=10)


def snapshot(warehouse: Path | str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table but runs, without run-specific columns, sorted."""
    tables = {}
    for table in (t for t in TABLES if t != "runs"):
        data = query(warehouse, f"SELECT * FROM {table}")
        data = data.drop_columns([c for c in data.column_names if c in RUN_COLUMNS])
        tables[table] = sorted(tuple(map(repr, row.values())) for row in data.to_pylist())
    return tables


@pytest.fixture(scope="module")
def local_reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[Any, ...]]]:
    warehouse = tmp_path_factory.mktemp("local") / "wh"
    ingest_local([REPO / "raw"], Settings(), warehouse)
    return snapshot(warehouse)


def test_s3_ingest_equals_local_and_a_rerun_adds_nothing(
    s3: pafs.S3FileSystem, local_reference: dict[str, Any]
) -> None:
    uri = f"s3://{BUCKET}/wh"
    first = ingest_local([REPO / "raw"], Settings(), uri)
    assert first["files_new"] == 3 and first["warehouse"] == uri
    assert snapshot(uri) == local_reference
    before = table_counts(uri)
    again = ingest_local([REPO / "raw"], Settings(), uri)
    assert again["files_new"] == 0 and again["files_skipped"] == first["files_seen"]
    after = table_counts(uri)
    assert {t: after[t] for t in TABLES if t != "runs"} == {t: before[t] for t in TABLES if t != "runs"}
    assert after["runs"] == 2
    assert not any(i.base_name == "_writer.lock" for i in s3.get_file_info(pafs.FileSelector(f"{BUCKET}/wh")))


def test_an_uncommitted_part_is_invisible_and_removed_by_the_next_run(s3: pafs.S3FileSystem) -> None:
    uri = f"s3://{BUCKET}/crashed"
    ingest_local([REPO / "raw" / "council-budget-vote.txt"], Settings(), uri)
    store = Warehouse(uri)
    committed = store.live_parts()["articles"][0]
    orphan = f"{BUCKET}/crashed/articles/20990101T000000-dead00-00000.parquet"
    s3.copy_file(f"{BUCKET}/crashed/{committed}", orphan)  # a run that died before its commit
    assert table_counts(uri)["articles"] == 1
    ingest_local([REPO / "raw"], Settings(), uri)
    assert s3.get_file_info(orphan).type == pafs.FileType.NotFound
    assert table_counts(uri)["articles"] == 3


def test_raw_input_from_s3_and_the_sql_command(
    s3: pafs.S3FileSystem, local_reference: dict[str, Any], tmp_path: Path
) -> None:
    uri = f"s3://{BUCKET}/from-s3"
    summary = ingest_local([f"s3://{BUCKET}/raw/"], Settings(), uri)
    assert summary["files_new"] == 3
    assert snapshot(uri) == local_reference
    done = subprocess.run(
        [str(Path(sys.executable).parent / "newsetl"), "sql", "-w", uri, "SELECT count(*) AS n FROM quotes"],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert str(len(local_reference["quotes"])) in done.stdout


def test_compaction_on_s3_keeps_the_rows(s3: pafs.S3FileSystem, local_reference: dict[str, Any]) -> None:
    uri = f"s3://{BUCKET}/compacted"
    for sample in sorted((REPO / "raw").glob("*.txt")):
        ingest_local([sample], Settings(), uri)
    before = Warehouse(uri).live_parts()
    result = compact(Warehouse(uri))
    after = Warehouse(uri).live_parts()
    assert result.retired > 0 and len(after["articles"]) == 1 < len(before["articles"])
    assert snapshot(uri) == local_reference
    files = s3.get_file_info(pafs.FileSelector(f"{BUCKET}/compacted/articles"))
    assert sorted(f"articles/{i.base_name}" for i in files) == after["articles"]


def test_s3_warehouse_exported_to_a_local_folder_and_its_catalog_read_elsewhere(
    s3: pafs.S3FileSystem, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uri = f"s3://{BUCKET}/exported"
    ingest_local([REPO / "raw"], Settings(), uri)
    counts = table_counts(uri)
    out = tmp_path / "out"
    done = subprocess.run(
        [str(Path(sys.executable).parent / "newsetl"), "export", "-w", uri, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    package = json.loads((out / "datapackage.json").read_text())
    assert package["x-newsetl"]["commit"] == Warehouse(uri).commits()[-1].run_id
    with duckdb.connect(str(out / CATALOG), read_only=True) as con:
        for resource in package["resources"]:
            got = con.sql(f"SELECT count(*) FROM {resource['name']}").fetchall()
            assert got == [(counts[resource["name"]],)] and resource["stats"]["rows"] == got[0][0]
    # The catalog object the store keeps, copied to "another machine": its views name the s3://
    # parts (read here through the store's fsspec filesystem; elsewhere DuckDB's httpfs does it).
    store = Warehouse(uri)
    copy = tmp_path / "elsewhere" / CATALOG
    copy.parent.mkdir()
    copy.write_bytes(store.storage.read_bytes(CATALOG))
    monkeypatch.chdir(copy.parent)
    with duckdb.connect(str(copy), read_only=True) as con:
        assert con.sql("SELECT newsetl_root()").fetchall() == [(f"{uri}/",)]
        con.register_filesystem(store.storage.fsspec_filesystem())  # type: ignore[attr-defined]
        assert {t: con.sql(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES} == counts


def test_a_checkpointed_run_stopped_on_s3_is_resumed(
    s3: pafs.S3FileSystem, local_reference: dict[str, Any]
) -> None:
    from newsetl import batch, run

    class Stopped(BaseException):
        """Like a kill: the run records nothing (on S3 it still releases its lock on the way out)."""

    done: list[int] = []

    def process(*args: Any) -> batch.BatchResult:
        if len(done) == 2:
            raise Stopped
        done.append(1)
        return batch.process_batch(*args)

    uri = f"s3://{BUCKET}/checkpointed"
    settings = Settings(batch_size=1, checkpoint_batches=1, checkpoint_max_overhead=0)
    with pytest.raises(Stopped):
        run.execute([REPO / "raw"], settings, Warehouse(uri), run.Stages(process=process))
    assert table_counts(uri)["articles"] == 2  # two whole checkpoints
    summary = ingest_local([REPO / "raw"], settings, uri)
    assert summary["files_new"] == 1 and summary["resumes_run_id"] is not None
    rows = query(uri, "SELECT run_id, status, resumes_run_id FROM runs ORDER BY started_at").to_pylist()
    assert [r["status"] for r in rows] == ["interrupted", "completed"]
    assert rows[1]["resumes_run_id"] == rows[0]["run_id"]
    assert snapshot(uri) == local_reference
