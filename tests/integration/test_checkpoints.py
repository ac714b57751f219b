"""Checkpointed runs: whole checkpoints only, bounded loss, and a rerun that resumes.

A run is stopped in this process by a ``BaseException`` raised from a stage: like a SIGKILL, it
leaves its committed checkpoints and records nothing else (the run's ``except Exception`` does not
see it). ``crash_driver.py --checkpoint-batches`` does the same with real SIGKILLs.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsetl import run
from newsetl.batch import BatchResult, process_batch
from newsetl.checkpoints import interrupted_runs
from newsetl.discover import RawFile
from newsetl.model import Known
from newsetl.rows import RunInfo
from newsetl.settings import Settings
from newsetl.store.query import query
from newsetl.store.warehouse import Warehouse

REPO = Path(__file__).resolve().parents[2]
SAMPLE = sorted((REPO / "raw").glob("*.txt"))
CONTENT_COLUMNS = {
    "articles": "article_id, content_sha256, headline, body, duplicate_of",
    "quotes": "article_id, quote_index, text, speaker",
    "entities": "article_id, entity_id, name, mention, label",
    "entity_registry": "entity_id, name, label, aliases, article_count",
    "rejects": "source_file, content_sha256, stage, reason_code",
    "sources": "source_file, content_sha256, status, article_id",
}


class Killed(BaseException):
    """Stands for SIGKILL: no ``except Exception`` sees it, so the run records nothing."""


def write_raw(folder: Path) -> int:
    """Six distinct articles, a second name for one of them, and an empty file: 8 files."""
    folder.mkdir()
    for index, sample in enumerate(SAMPLE):
        (folder / f"a{index}.txt").write_bytes(sample.read_bytes())
        (folder / f"b{index}.txt").write_bytes(sample.read_bytes() + b"\nA further statement is expected.\n")
    (folder / "c-copy.txt").write_bytes(SAMPLE[0].read_bytes())
    (folder / "d-empty.txt").write_bytes(b"")
    return 2 * len(SAMPLE) + 2


def tables(warehouse: Path) -> dict[str, list[tuple[Any, ...]]]:
    found = {}
    for table, columns in CONTENT_COLUMNS.items():
        rows = query(warehouse, f"SELECT {columns} FROM {table}").to_pylist()
        found[table] = sorted(tuple(map(repr, row.values())) for row in rows)
    return found


def killed_at(batch: int) -> run.Stages:
    """Stages that stop the run (like a kill) when batch number ``batch`` (0-based) starts."""
    seen = 0

    def process(files: Sequence[RawFile], known: Known, settings: Settings, info: RunInfo) -> BatchResult:
        nonlocal seen
        if seen == batch:
            raise Killed
        seen += 1
        return process_batch(files, known, settings, info)

    return run.Stages(process=process)


def runs(warehouse: Path) -> list[dict[str, Any]]:
    return query(
        warehouse,
        "SELECT run_id, status, checkpoints, resumes_run_id, rows_articles, files_new, files_rejected "
        "FROM runs ORDER BY started_at",
    ).to_pylist()


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("checkpoints") / "raw"
    write_raw(folder)
    return folder


@pytest.fixture(scope="module")
def clean(raw: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[Any, ...]]]:
    """The tables of one uninterrupted single-commit run."""
    warehouse = tmp_path_factory.mktemp("clean") / "wh"
    run.ingest_local(
        [raw], Settings(batch_size=1, checkpoint_batches=1000, checkpoint_max_overhead=0), warehouse
    )
    return tables(warehouse)


def test_a_run_commits_every_n_batches_and_equals_a_single_commit(
    raw: Path, clean: dict[str, list[tuple[Any, ...]]], tmp_path: Path
) -> None:
    warehouse = tmp_path / "wh"
    summary = run.ingest_local(
        [raw], Settings(batch_size=1, checkpoint_batches=3, checkpoint_max_overhead=0), warehouse
    )
    commits = Warehouse(warehouse).commits()
    # 8 batches: checkpoints after batches 3 and 6, then the final commit with the last two
    assert [c.progress["checkpoint"] for c in commits] == [1, 2, 3]
    assert [c.progress["final"] for c in commits] == [False, False, True]
    assert summary["checkpoints"] == 3
    assert tables(warehouse) == clean
    parts = Warehouse(warehouse).live_parts()
    # one part per table per checkpoint, not one per batch (the last two files: a copy, a reject)
    assert (len(parts["articles"]), len(parts["sources"]), len(parts["rejects"])) == (2, 3, 1)
    [row] = runs(warehouse)
    assert (row["status"], row["checkpoints"], row["rows_articles"]) == ("completed", 3, 6)


def test_held_rows_past_the_memory_bound_are_committed_at_once(
    raw: Path, clean: dict[str, list[tuple[Any, ...]]], tmp_path: Path
) -> None:
    warehouse = tmp_path / "wh"
    tiny = Settings(
        batch_size=1, checkpoint_batches=1000, checkpoint_minutes=0, checkpoint_max_held_mib=0.0001
    )
    summary = run.ingest_local([raw], tiny, warehouse)
    # 8 batches: any held article is over 105 bytes, so a checkpoint follows each batch that added one
    # (6 articles, the last of them in the final commit), although 1,000 batches are the interval
    commits = Warehouse(warehouse).commits()
    assert summary["checkpoints"] == len(commits) and 6 <= len(commits) <= 8
    assert len(Warehouse(warehouse).live_parts()["articles"]) == 6
    assert tables(warehouse) == clean


def test_held_rows_are_let_go_before_the_commit_links_the_registry(
    raw: Path, clean: dict[str, list[tuple[Any, ...]]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The registry link reads every entities part of the warehouse: the largest step of a long run.
    # The rows it commits are already written to their parts, so they must not be held beside it.
    runs_seen: list[run.IngestRun] = []
    held_at_publish: list[int] = []

    class Watched(run.IngestRun):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            runs_seen.append(self)

    def publish(*args: Any) -> int:
        held_at_publish.append(runs_seen[-1].held_bytes())
        return run.publish(*args)

    monkeypatch.setattr(run, "IngestRun", Watched)
    settings = Settings(batch_size=1, checkpoint_batches=3, checkpoint_max_overhead=0)
    run.execute([raw], settings, Warehouse(tmp_path / "wh"), run.Stages(publish=publish))
    assert held_at_publish == [0, 0, 0]  # two checkpoints and the final commit, each with rows written
    assert tables(tmp_path / "wh") == clean


def test_a_killed_run_keeps_whole_checkpoints_and_the_rerun_resumes_it(
    raw: Path, clean: dict[str, list[tuple[Any, ...]]], tmp_path: Path
) -> None:
    warehouse = tmp_path / "wh"
    settings = Settings(batch_size=1, checkpoint_batches=2, checkpoint_max_overhead=0)
    with pytest.raises(Killed):  # killed as batch 5 starts: checkpoints after batches 2 and 4
        run.execute([raw], settings, Warehouse(warehouse), killed_at(5))
    kept = query(warehouse, "SELECT count(*) AS n FROM sources").to_pylist()[0]["n"]
    assert kept == 4  # the files of two whole checkpoints, nothing of the batch in flight
    assert runs(warehouse) == []  # a killed run records nothing itself...
    [found] = interrupted_runs(Warehouse(warehouse))  # ...its checkpoints say how far it got
    assert (found["status"], found["checkpoints"]) == ("interrupted", 2)

    summary = run.ingest_local([raw], settings, warehouse)
    first, second = runs(warehouse)
    assert first["status"] == "interrupted" and first["checkpoints"] == 2
    assert (
        first["rows_articles"]
        == query(
            warehouse, f"SELECT count(*) AS n FROM articles WHERE run_id = '{first['run_id']}'"
        ).to_pylist()[0]["n"]
    )
    assert second["status"] == "completed" and second["resumes_run_id"] == first["run_id"]
    assert summary["files_skipped"] >= 4  # the committed files were not processed again
    assert first["rows_articles"] + second["rows_articles"] == 6
    assert tables(warehouse) == clean  # nothing lost, nothing twice

    run.ingest_local([raw], settings, warehouse)  # nothing left to resume: no second link
    assert runs(warehouse)[-1]["resumes_run_id"] is None


def test_a_failed_run_with_checkpoints_is_resumed_by_the_next(
    raw: Path, clean: dict[str, list[tuple[Any, ...]]], tmp_path: Path
) -> None:
    warehouse = tmp_path / "wh"
    settings = Settings(batch_size=1, checkpoint_batches=2, checkpoint_max_overhead=0)
    stages = killed_at(3)
    process = stages.process

    def failing(*args: Any) -> BatchResult:
        try:
            return process(*args)
        except Killed:
            raise OSError("disk went away") from None

    with pytest.raises(OSError, match="disk went away"):
        run.execute([raw], settings, Warehouse(warehouse), run.Stages(process=failing))
    [failed] = runs(warehouse)
    assert (failed["status"], failed["checkpoints"], failed["files_new"]) == ("failed", 1, 2)
    run.ingest_local([raw], settings, warehouse)
    assert runs(warehouse)[-1]["resumes_run_id"] == failed["run_id"]
    assert tables(warehouse) == clean


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kill_at=st.integers(0, 8), every=st.integers(1, 4), batch_size=st.integers(1, 2))
def test_any_kill_point_and_checkpoint_size_converges(
    raw: Path, clean: dict[str, list[tuple[Any, ...]]], kill_at: int, every: int, batch_size: int
) -> None:
    root = Path(tempfile.mkdtemp())
    try:
        warehouse = root / "wh"
        settings = Settings(batch_size=batch_size, checkpoint_batches=every, checkpoint_max_overhead=0)
        batches = -(-8 // batch_size)
        if kill_at < batches:
            with pytest.raises(Killed):
                run.execute([raw], settings, Warehouse(warehouse), killed_at(kill_at))
            committed = Warehouse(warehouse).commits()
            # whole checkpoints only: the batches before the kill, rounded down to the interval
            assert len(committed) == kill_at // every
            lost = kill_at - (kill_at // every) * every
            assert lost < every  # bounded loss: less than one interval
        run.ingest_local([raw], settings, warehouse)
        assert tables(warehouse) == clean
        statuses = [r["status"] for r in runs(warehouse)]
        assert statuses[-1] == "completed"
        assert statuses.count("interrupted") == (1 if kill_at < batches and kill_at >= every else 0)
    finally:
        shutil.rmtree(root)
