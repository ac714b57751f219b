"""Checkpoints of a long run, and what the next run learns from a run that stopped.

**Checkpoints.** A run commits its work every ``checkpoint_batches`` batches, or once
``checkpoint_minutes`` have passed since its last commit, while its commits stay within
``checkpoint_max_overhead`` of its time (:class:`CheckpointClock`, checked after each batch that left
something to commit), and once more at its end; the rows held since the last checkpoint never grow
past ``checkpoint_max_held_mib`` (a checkpoint is then due whatever it costs), so a long run's memory
stays flat. Each checkpoint is an ordinary atomic commit
(:meth:`newsetl.store.warehouse.Warehouse.commit`): the article tables of its batches (one part per
table), their ``sources`` and ``rejects`` rows, and the entity registry re-linked over the warehouse.
Readers see whole checkpoints only. The record of checkpoint *k* is ``_commits/<run>-cp<k>.json``;
the final one is ``_commits/<run>.json`` (a run of one batch makes exactly the commit it always made).
Every record carries ``progress``: the run id, the checkpoint number and the run's ``runs`` row as it
would read if the run stopped there.

**Interrupted runs.** A run is *interrupted* when a commit record carries its ``progress`` but the
``runs`` table has no row for it: it committed checkpoints and then stopped without its final commit
(SIGKILL, out of memory, a lost machine) and without recording a failure. Only a writer decides it,
holding the writer lock: the lock (``flock``, released when its holder dies; on S3 the lock object
with its time-to-live) guarantees that no other writer is still running, so a stale checkpoint is
never mistaken for a live one. :func:`settle_interrupted` commits an ``interrupted`` row for each such
run, from the progress of its last checkpoint (how far it got: checkpoints, rows, files).

**Resume.** A new run skips what is committed by content (raw SHA-256 and article id, through
:class:`newsetl.model.Known`), so it goes on from the last checkpoint of the stopped run and finishes
the rest. :func:`run_to_resume` names the run it picks up from (``runs.resumes_run_id``): the latest
``interrupted`` or ``failed`` run that committed at least one checkpoint and that no run resumed yet.
A Prefect retry of the whole flow is a new run and resumes the same way. A run killed before its
first checkpoint committed nothing, and leaves no trace in ``runs``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from newsetl.rows import Row
from newsetl.store.warehouse import Warehouse

RESUMABLE = ("interrupted", "failed")
_TIMES = ("started_at", "ended_at")


@dataclass
class CheckpointClock:
    """When the next checkpoint is due: after ``batches`` batches, or ``minutes`` after the last, and
    only while the run's checkpoint commits so far, plus one more of the last one's cost, stay within
    ``max_overhead`` of the run's other work. A commit re-links the registry over the whole
    warehouse, so its cost grows with the warehouse; this keeps commits a small share of a run at
    any warehouse size (0: no limit). The first checkpoint has no measured cost to go by."""

    batches: int
    minutes: float
    max_overhead: float = 0.0
    max_held_bytes: int = 0  # rows held at least this large make a checkpoint due whatever it costs (0: off)
    pending: int = 0
    spent: float = 0.0  # seconds of checkpoint commits so far
    last_cost: float = 0.0
    started: float = field(default_factory=lambda: time.monotonic())
    since: float = field(default_factory=lambda: time.monotonic())

    def tick(self, held_bytes: int = 0) -> bool:
        """Count one finished batch (``held_bytes``: the rows held since the last checkpoint); True when
        a checkpoint is due."""
        self.pending += 1
        if self.max_held_bytes and held_bytes >= self.max_held_bytes:
            return True  # memory stays bounded however large the warehouse (and each commit) grows
        now = time.monotonic()
        due = self.pending >= self.batches or (self.minutes > 0 and now - self.since >= 60 * self.minutes)
        work = now - self.started - self.spent
        return due and (not self.max_overhead or self.spent + self.last_cost <= self.max_overhead * work)

    def committed(self, cost: float) -> None:
        """A checkpoint was committed in ``cost`` seconds: start the next interval."""
        self.pending, self.since = 0, time.monotonic()
        self.spent += cost
        self.last_cost = cost


def checkpoint_id(run_id: str, checkpoint: int, final: bool) -> str:
    """The commit id (and record name) of a run's checkpoint."""
    return run_id if final else f"{run_id}-cp{checkpoint:04d}"


def progress_record(run_id: str, checkpoint: int, final: bool, row: Row) -> dict[str, Any]:
    """What a checkpoint's commit record says about its run (JSON-safe)."""
    safe = {k: v.isoformat() if isinstance(v, dt.datetime) else v for k, v in row.items()}
    return {"run_id": run_id, "checkpoint": checkpoint, "final": final, "runs_row": safe}


def _row_from(progress: Mapping[str, Any], committed_at: str) -> Row:
    row: Row = dict(progress["runs_row"])
    for name in _TIMES:
        if isinstance(row.get(name), str):
            row[name] = dt.datetime.fromisoformat(str(row[name]))
    row["ended_at"] = dt.datetime.fromisoformat(committed_at)  # its last commit: where it stopped
    row["status"] = "interrupted"
    row["error"] = (
        f"stopped after checkpoint {progress['checkpoint']} without a final commit "
        "(killed, or its machine was lost); a later run resumes it"
    )
    return row


def runs_rows(store: Warehouse) -> list[Row]:
    """Every committed ``runs`` row (whole parts: older parts may lack the newer columns)."""
    rows: list[Row] = []
    for rel in store.live_parts().get("runs", []):
        rows.extend(store.storage.read_parquet(rel).to_pylist())
    return rows


def interrupted_runs(store: Warehouse, known_rows: list[Row] | None = None) -> list[Row]:
    """The ``interrupted`` rows of runs with checkpoints committed but no ``runs`` row. Call it
    holding the writer lock (see the module docstring)."""
    recorded = {row["run_id"] for row in (runs_rows(store) if known_rows is None else known_rows)}
    last: dict[str, Row] = {}
    for commit in store.commits():  # oldest first: the last checkpoint of each run wins
        progress = commit.progress
        if progress and progress["run_id"] not in recorded:
            last[str(progress["run_id"])] = _row_from(progress, commit.committed_at)
    return list(last.values())


def settle_interrupted(store: Warehouse) -> list[str]:
    """Commit an ``interrupted`` row for each run that stopped after a checkpoint; their ids."""
    from newsetl.validate import runs_table  # validation loads pandera: only writers need it

    found = interrupted_runs(store)
    for row in found:
        run_id = str(row["run_id"])
        commit_id = f"{run_id}-interrupted"
        rel = store.write_part(commit_id, 0, "runs", runs_table([row]))
        store.commit(commit_id, {"runs": [rel]}, {"runs": 1})
    if found:
        store.refresh_catalog()
    return [str(row["run_id"]) for row in found]


def run_to_resume(rows: list[Row]) -> str | None:
    """The latest interrupted or failed run with committed checkpoints that no run resumed yet."""
    resumed = {row.get("resumes_run_id") for row in rows}
    candidates = [
        row
        for row in rows
        if row["status"] in RESUMABLE
        and int(str(row.get("checkpoints") or 0)) > 0
        and row["run_id"] not in resumed
    ]
    if not candidates:
        return None
    return str(max(candidates, key=lambda row: (row["started_at"], str(row["run_id"])))["run_id"])
