"""Kill -9 an ingest at many points; after each, the views must query and a rerun must give exactly
the tables of an uninterrupted run.

    python tests/integration/crash_driver.py --raw DIR --work DIR [--points N] [--random N] [--seed S]

The driver loads the spaCy pipeline once, then forks one child per scenario (cheap, and each child
is a real process that dies by a real SIGKILL):

* deterministic points: the child kills itself just before or just after the k-th atomic rename
  (``os.replace``: Parquet parts, the commit record, the catalog), or halfway through writing the
  k-th Parquet file;
* random points: the driver kills the child after a random delay within a normal run's duration.

Every scenario starts from a warehouse that already holds committed data (half of the inputs), so
"nothing already in the warehouse is lost" is checked too. Prints one JSON line with the results.

With ``--checkpoint-batches N`` the runs commit a checkpoint every N batches (of one file). Then each
kill must also leave whole checkpoints only (the files the killed run committed are exactly those
of some checkpoint of the uninterrupted run), and when it left checkpoints without its final commit,
the rerun's ``runs`` rows must tell it: the killed run ``interrupted``, the rerun resuming it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RUN_COLUMNS = {"run_id", "ingested_at", "rejected_at"}


def _in_child(work: Callable[[], None]) -> int:
    """Fork; run ``work`` in the child; return the child's pid."""
    pid = os.fork()
    if pid == 0:  # child
        code = 0
        try:
            work()
        except BaseException:
            traceback.print_exc()
            code = 1
        os._exit(code)
    return pid


def _wait(pid: int) -> str:
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return "killed" if os.WTERMSIG(status) == signal.SIGKILL else f"signal {os.WTERMSIG(status)}"
    return "ok" if os.WEXITSTATUS(status) == 0 else f"exit {os.WEXITSTATUS(status)}"


def _run_child(work: Callable[[], None]) -> str:
    return _wait(_in_child(work))


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _arm(kind: str, k: int) -> None:
    """In the child: die at the k-th rename (before/after it) or halfway through the k-th Parquet write."""
    import pyarrow.parquet as pq

    renames = 0
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        nonlocal renames
        renames += 1
        if kind == "before-rename" and renames == k:
            _die()
        real_replace(src, dst)
        if kind == "after-rename" and renames == k:
            _die()

    writes = 0
    real_write = pq.write_table

    def write_table(table: Any, where: Any, **kwargs: Any) -> None:
        nonlocal writes
        writes += 1
        if kind == "mid-write" and writes == k:
            real_write(table, where, **kwargs)
            size = os.path.getsize(where)
            with open(where, "r+b") as handle:
                handle.truncate(size // 2)
            _die()
        real_write(table, where, **kwargs)

    os.replace = replace  # type: ignore[assignment]
    pq.write_table = write_table


def _ingest(raw: list[Path], warehouse: Path, settings: Any) -> None:
    from newsetl.run import ingest_local

    ingest_local(raw, settings, warehouse)


def _count_events(raw: list[Path], base: Path, scratch: Path, settings: Any, out: Path) -> None:
    """In the child: a full run over a copy of the base, counting renames and Parquet writes."""
    import pyarrow.parquet as pq

    counts = {"renames": 0, "writes": 0}
    real_replace, real_write = os.replace, pq.write_table

    def replace(src: Any, dst: Any) -> None:
        counts["renames"] += 1
        real_replace(src, dst)

    def write_table(*args: Any, **kwargs: Any) -> None:
        counts["writes"] += 1
        real_write(*args, **kwargs)

    os.replace = replace  # type: ignore[assignment]
    pq.write_table = write_table
    shutil.copytree(base, scratch)
    _ingest(raw, scratch, settings)
    out.write_text(json.dumps(counts))


def snapshot(warehouse: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every view's rows without run-specific columns, sorted: what 'the same tables' means."""
    import duckdb

    from newsetl.contracts import TABLES

    tables: dict[str, list[tuple[Any, ...]]] = {}
    with duckdb.connect(str(warehouse / "newsetl.duckdb"), read_only=True) as con:
        for table in (t for t in TABLES if t != "runs"):  # runs: one row per run, timings vary
            names = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in RUN_COLUMNS]
            rows = con.execute(f"SELECT {', '.join(names)} FROM {table}").fetchall()
            tables[table] = sorted(tuple(map(repr, row)) for row in rows)
    return tables


def _check(warehouse: Path, base_counts: dict[str, int], result: Path) -> None:
    """In a child: views query as they are (no repair); counts never below the base; a rerun matches."""
    from newsetl.checkpoints import interrupted_runs
    from newsetl.store.warehouse import Warehouse

    after_kill = snapshot(warehouse)  # raises if any view fails
    lost = {t: (len(after_kill[t]), n) for t, n in base_counts.items() if len(after_kill[t]) < n}
    added = len(after_kill["sources"]) - base_counts["sources"]
    interrupted = [str(row["run_id"]) for row in interrupted_runs(Warehouse(warehouse))]
    result.write_text(json.dumps({"lost": lost, "sources_added": added, "interrupted": interrupted}))


def _checkpoint_sources(warehouse: Path, base: Path) -> list[int]:
    """Files accounted for after each checkpoint of the run that took ``base`` to ``warehouse``."""
    from newsetl.store.warehouse import Warehouse

    before = {c.run_id for c in Warehouse(base).commits()}
    done, totals = 0, [0]
    for commit in Warehouse(warehouse).commits():
        if commit.run_id not in before and commit.progress:
            done += commit.rows.get("sources", 0)
            totals.append(done)
    return totals


def _runs_story(warehouse: Path, out: Path) -> None:
    import duckdb

    with duckdb.connect(str(warehouse / "newsetl.duckdb"), read_only=True) as con:
        rows = con.execute("SELECT run_id, status, resumes_run_id FROM runs ORDER BY started_at").fetchall()
    out.write_text(json.dumps(rows))


def _preload(settings: Any) -> None:
    """Import and build once what every child needs, so forks start warm (no threads are started)."""
    import duckdb  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    import newsetl.store.catalog  # noqa: F401
    from newsetl.contracts import load_contracts
    from newsetl.pipeline import analysis_pipeline

    for spec in load_contracts().values():
        _ = spec.arrow_schema, spec.pandera_schema
    analysis_pipeline(settings)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--raw", type=Path, required=True, help="folder of raw files to ingest")
    parser.add_argument("--work", type=Path, required=True, help="empty scratch folder")
    parser.add_argument("--points", type=int, default=30, help="deterministic kill points (0 = all)")
    parser.add_argument("--random", type=int, default=6, help="random-time kill points")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--parallel", type=int, default=2, help="scenarios at once")
    parser.add_argument(
        "--checkpoint-batches", type=int, default=0, help="checkpoint interval (0: one commit)"
    )
    args = parser.parse_args()

    from newsetl.settings import Settings

    every = args.checkpoint_batches or 1_000_000
    settings = Settings(
        batch_size=1, checkpoint_batches=every, checkpoint_minutes=0, checkpoint_max_overhead=0
    )
    _preload(settings)
    files = sorted(args.raw.glob("*.txt"))
    half, work = files[: len(files) // 2], args.work
    base, reference = work / "base", work / "reference"
    status = _run_child(lambda: _ingest(half, base, settings))
    assert status == "ok", f"base run: {status}"
    shutil.copytree(base, reference)
    started = time.perf_counter()
    status = _run_child(lambda: _ingest(files, reference, settings))
    full_seconds = time.perf_counter() - started
    assert status == "ok", f"reference run: {status}"
    counts_file = work / "counts.json"
    status = _run_child(lambda: _count_events(files, base, work / "count-run", settings, counts_file))
    assert status == "ok", f"counting run: {status}"
    events = json.loads(counts_file.read_text())
    base_counts = {t: len(rows) for t, rows in _snapshot_in_child(base, work).items()}
    whole = _in_child_json(lambda out: out.write_text(json.dumps(_checkpoint_sources(reference, base))), work)
    reference_tables = _snapshot_in_child(reference, work)

    rng = random.Random(args.seed)
    points: list[tuple[str, float]] = [("before-rename", k) for k in range(1, events["renames"] + 1)]
    points += [("after-rename", k) for k in range(1, events["renames"] + 1)]
    points += [("mid-write", k) for k in range(1, events["writes"] + 1)]
    rng.shuffle(points)
    if args.points:
        points = points[: args.points]
    points += [("random-time", rng.uniform(0.0, 0.8 * full_seconds)) for _ in range(args.random)]

    context = Scenario(base, files, settings, reference_tables, base_counts, whole)
    results = _run_all(context, points, work, parallel=args.parallel)
    failures = [r["failure"] for r in results if r["failure"]]
    outcomes: dict[str, int] = {}
    for r in results:
        outcomes[r["status"]] = outcomes.get(r["status"], 0) + 1
    report = {
        "points": len(points),
        "survived": len(points) - len(failures),
        "child_status": outcomes,
        "renames_per_run": events["renames"],
        "parquet_writes_per_run": events["writes"],
        "checkpoint_sources": whole,
        "left_checkpoints": sum(1 for r in results if r.get("interrupted")),
        "failures": failures,
    }
    print(json.dumps(report))
    sys.exit(1 if failures else 0)


@dataclass(frozen=True)
class Scenario:
    base: Path
    files: list[Path]
    settings: Any
    reference: dict[str, list[tuple[Any, ...]]]
    base_counts: dict[str, int]
    whole: list[int]  # files accounted for after each checkpoint of an uninterrupted run


def _scenario(ctx: Scenario, index: int, kind: str, at: float, work: Path) -> dict[str, Any]:
    """One kill point, run in its own child: kill, check the views, rerun, compare."""
    scenario = work / f"s{index:04d}"
    shutil.copytree(ctx.base, scenario)
    if kind == "random-time":
        pid = _in_child(lambda: _ingest(ctx.files, scenario, ctx.settings))
        time.sleep(at)
        with _suppress_missing():
            os.kill(pid, signal.SIGKILL)
        status = _wait(pid)
    else:
        status = _run_child(lambda: (_arm(kind, int(at)), _ingest(ctx.files, scenario, ctx.settings)))
    label = f"{kind}@{at:.3g}"
    result = work / f"s{index:04d}.check.json"
    check = _run_child(lambda: _check(scenario, ctx.base_counts, result))
    failure = ""
    checked = json.loads(result.read_text()) if check == "ok" else {}
    if check != "ok":
        failure = f"{label}: a view failed to query after the kill ({check})"
    elif checked["lost"]:
        failure = f"{label}: committed rows lost {result.read_text()}"
    elif checked["sources_added"] not in ctx.whole:
        failure = f"{label}: {checked['sources_added']} files committed, not a whole checkpoint {ctx.whole}"
    else:
        rerun = _run_child(lambda: _ingest(ctx.files, scenario, ctx.settings))
        if rerun != "ok":
            failure = f"{label}: rerun failed ({rerun})"
        else:
            tables = _snapshot_in_child(scenario, work)
            diff = [t for t in ctx.reference if tables[t] != ctx.reference[t]]
            if diff:
                failure = f"{label}: rerun differs from the uninterrupted run in {diff}"
            elif checked["interrupted"]:
                failure = _check_story(scenario, work, label, checked["interrupted"][0])
    if not failure:
        shutil.rmtree(scenario)
    return {"status": status, "failure": failure, "interrupted": checked.get("interrupted", [])}


def _check_story(warehouse: Path, work: Path, label: str, killed: str) -> str:
    """The rerun's ``runs`` rows: the killed run interrupted, then the rerun completed, resuming it."""
    rows = _in_child_json(lambda out: _runs_story(warehouse, out), work)
    story = [row for row in rows if row[0] == killed or row[2] == killed]
    if [(row[0], row[1]) for row in story][:1] != [(killed, "interrupted")] or story[-1][1:] != [
        "completed",
        killed,
    ]:
        return f"{label}: runs rows do not tell interrupted → resumed → completed: {rows}"
    return ""


def _in_child_json(work: Callable[[Path], object], folder: Path) -> Any:
    """Run ``work(out)`` in a child (no DuckDB or Arrow threads in the driver); the JSON it wrote."""
    out = folder / f"child-{time.monotonic_ns()}.json"
    status = _run_child(lambda: work(out))
    assert status == "ok", f"child: {status}"
    data = json.loads(out.read_text())
    out.unlink()
    return data


def _run_all(
    ctx: Scenario, points: list[tuple[str, float]], work: Path, parallel: int
) -> list[dict[str, Any]]:
    """Run the scenarios, ``parallel`` at a time, each in a forked child that reports through a file."""
    running: dict[int, Path] = {}
    results: list[dict[str, Any]] = []

    def reap() -> None:
        pid, _ = os.wait()
        out = running.pop(pid)
        results.append(
            json.loads(out.read_text()) if out.exists() else {"status": "?", "failure": f"{out}: died"}
        )

    for index, (kind, at) in enumerate(points):
        if len(running) >= parallel:
            reap()
        out = work / f"s{index:04d}.result.json"
        running[
            _in_child(
                lambda i=index, k=kind, a=at, o=out: o.write_text(json.dumps(_scenario(ctx, i, k, a, work)))
            )
        ] = out
    while running:
        reap()
    return results


class _suppress_missing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: object, tb: object) -> bool:
        return isinstance(exc, ProcessLookupError)


def _snapshot_in_child(warehouse: Path, work: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Take a snapshot in a child, so the driver never starts DuckDB or Arrow threads before forking."""
    out = work / f"snapshot-{time.monotonic_ns()}.json"
    status = _run_child(lambda: out.write_text(json.dumps(snapshot(warehouse))))
    assert status == "ok", f"snapshot of {warehouse}: {status}"
    data = json.loads(out.read_text())
    out.unlink()
    return {table: [tuple(row) for row in rows] for table, rows in data.items()}


if __name__ == "__main__":
    main()
