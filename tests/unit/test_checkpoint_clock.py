"""When a checkpoint is due, and which stopped run a new run resumes (pure parts of checkpoints)."""

from __future__ import annotations

import datetime as dt

import pytest

from newsetl import checkpoints
from newsetl.checkpoints import CheckpointClock, run_to_resume


def test_a_checkpoint_is_due_after_n_batches() -> None:
    clock = CheckpointClock(batches=3, minutes=0)
    assert [clock.tick() for _ in range(3)] == [False, False, True]
    clock.committed(0.0)
    assert clock.tick() is False


def test_a_checkpoint_is_due_after_t_minutes(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(checkpoints.time, "monotonic", lambda: now[0])
    clock = CheckpointClock(batches=100, minutes=2)
    now[0] += 119
    assert clock.tick() is False
    now[0] += 2
    assert clock.tick() is True
    clock.committed(0.0)
    now[0] += 60
    assert clock.tick() is False


def _row(
    run_id: str, status: str, hour: int, checkpoints: int | None, resumes: str | None = None
) -> dict[str, object]:
    started = dt.datetime(2026, 1, 1, hour, tzinfo=dt.UTC)
    return {
        "run_id": run_id,
        "status": status,
        "started_at": started,
        "checkpoints": checkpoints,
        "resumes_run_id": resumes,
    }


def test_the_latest_unresumed_stopped_run_with_checkpoints_is_resumed() -> None:
    rows = [
        _row("r1", "interrupted", 1, 2),
        _row("r2", "completed", 2, 3, resumes="r1"),
        _row("r3", "failed", 3, 0),  # committed nothing: nothing to resume
        _row("r4", "failed", 4, None),  # recorded before checkpoints existed
    ]
    assert run_to_resume(rows) is None
    rows.append(_row("r5", "interrupted", 5, 1))
    rows.append(_row("r6", "failed", 6, 2, resumes="r5"))  # r6 resumed r5, then failed itself
    assert run_to_resume(rows) == "r6"


def test_an_interrupted_row_says_how_far_the_run_got() -> None:
    started = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
    record = checkpoints.progress_record(
        "r1", 4, False, {"run_id": "r1", "status": "interrupted", "started_at": started, "rows_articles": 80}
    )
    row = checkpoints._row_from(record, "2026-01-01T09:30:00+00:00")
    assert row["status"] == "interrupted" and row["rows_articles"] == 80
    assert row["started_at"] == started and row["ended_at"] == dt.datetime(2026, 1, 1, 9, 30, tzinfo=dt.UTC)
    assert "checkpoint 4" in str(row["error"])


def test_a_checkpoint_waits_until_commits_are_a_small_share_of_the_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [0.0]
    monkeypatch.setattr(checkpoints.time, "monotonic", lambda: now[0])
    clock = CheckpointClock(batches=1, minutes=0, max_overhead=0.02)
    now[0] = 100.0  # a first checkpoint took the last 3 s of these 100
    clock.committed(3.0)
    now[0] = 250.0  # 6 s of commits (with the next) would be 2.4 % of 247 s of work
    assert clock.tick() is False
    now[0] = 310.0  # and 1.95 % of 307 s
    assert clock.tick() is True


def test_rows_held_past_the_memory_bound_make_a_checkpoint_due_whatever_it_costs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [0.0]
    monkeypatch.setattr(checkpoints.time, "monotonic", lambda: now[0])
    clock = CheckpointClock(batches=1, minutes=0, max_overhead=0.02, max_held_bytes=1_000)
    now[0] = 100.0
    clock.committed(3.0)
    now[0] = 250.0  # over the overhead share: not due for the batches alone
    assert clock.tick(held_bytes=999) is False
    assert clock.tick(held_bytes=1_000) is True
    off = CheckpointClock(batches=10, minutes=0)  # no bound: held rows alone never make it due
    assert off.tick(held_bytes=10**12) is False
