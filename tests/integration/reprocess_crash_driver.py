"""Kill -9 a `newsetl reprocess` at many points; after each, the views must query with every article
once, and a rerun must give exactly the tables of an uninterrupted reprocess.

    python tests/integration/reprocess_crash_driver.py --raw DIR --work DIR [--points N] [--random N]

Reuses the forking and arming of ``crash_driver.py``. The base warehouse is ingested by "older
code" (a fake parser version and a marked headline), so every article is re-derived and replaced.
Prints one JSON line with the results.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crash_driver import (
    _arm,
    _in_child,
    _preload,
    _run_child,
    _snapshot_in_child,
    _suppress_missing,
    _wait,
    snapshot,
)


def _old_ingest(raw: list[Path], warehouse: Path, settings: Any) -> None:
    import newsetl.pipeline
    import newsetl.rows
    from newsetl.run import ingest_local

    real = newsetl.pipeline.parse_article

    def parse(text: str) -> Any:
        article = real(text)
        return dataclasses.replace(article, headline=(article.headline or "") + " (old)")

    newsetl.pipeline.parse_article, newsetl.rows.PARSER_VERSION = parse, "0-old"  # type: ignore[assignment]
    ingest_local(raw, settings, warehouse)


def _reprocess(warehouse: Path, settings: Any) -> None:
    from newsetl.reprocess import Options, reprocess_local

    reprocess_local(warehouse, settings, Options())


def _count_events(base: Path, scratch: Path, settings: Any, out: Path) -> None:
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
    _reprocess(scratch, settings)
    out.write_text(json.dumps(counts))


def _check(warehouse: Path, articles: int, result: Path) -> None:
    tables = snapshot(warehouse)  # raises if any view fails
    ids = [row[0] for row in tables["articles"]]
    result.write_text(json.dumps({"articles": len(ids), "distinct": len(set(ids)), "expected": articles}))


def _scenario(
    base: Path, settings: Any, reference: Any, articles: int, kind: str, at: float, work: Path, i: int
) -> str:
    scenario = work / f"s{i:04d}"
    shutil.copytree(base, scenario)
    if kind == "random-time":
        pid = _in_child(lambda: _reprocess(scenario, settings))
        time.sleep(at)
        with _suppress_missing():
            os.kill(pid, signal.SIGKILL)
        _wait(pid)
    else:
        _run_child(lambda: (_arm(kind, int(at)), _reprocess(scenario, settings)))
    label = f"{kind}@{at:.3g}"
    result = work / f"s{i:04d}.check.json"
    if _run_child(lambda: _check(scenario, articles, result)) != "ok":
        return f"{label}: a view failed to query after the kill"
    seen = json.loads(result.read_text())
    if not seen["articles"] == seen["distinct"] == seen["expected"]:
        return f"{label}: articles lost or duplicated {seen}"
    if _run_child(lambda: _reprocess(scenario, settings)) != "ok":
        return f"{label}: rerun failed"
    tables = _snapshot_in_child(scenario, work)
    diff = [t for t in reference if tables[t] != reference[t]]
    if diff:
        return f"{label}: rerun differs from the uninterrupted reprocess in {diff}"
    shutil.rmtree(scenario)
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--raw", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--points", type=int, default=16)
    parser.add_argument("--random", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from newsetl.settings import Settings

    settings = Settings(batch_size=2)
    _preload(settings)
    files, work = sorted(args.raw.glob("*.txt")), args.work
    base, reference_wh = work / "base", work / "reference"
    assert _run_child(lambda: _old_ingest(files, base, settings)) == "ok"
    shutil.copytree(base, reference_wh)
    started = time.perf_counter()
    assert _run_child(lambda: _reprocess(reference_wh, settings)) == "ok"
    seconds = time.perf_counter() - started
    counts = work / "counts.json"
    assert _run_child(lambda: _count_events(base, work / "count-run", settings, counts)) == "ok"
    events = json.loads(counts.read_text())
    reference = _snapshot_in_child(reference_wh, work)
    articles = len(reference["articles"])

    rng = random.Random(args.seed)
    points: list[tuple[str, float]] = [("before-rename", k) for k in range(1, events["renames"] + 1)]
    points += [("after-rename", k) for k in range(1, events["renames"] + 1)]
    points += [("mid-write", k) for k in range(1, events["writes"] + 1)]
    rng.shuffle(points)
    points = points[: args.points] + [
        ("random-time", rng.uniform(0.0, 0.8 * seconds)) for _ in range(args.random)
    ]
    failures = [
        f
        for i, (kind, at) in enumerate(points)
        if (f := _scenario(base, settings, reference, articles, kind, at, work, i))
    ]
    print(
        json.dumps(
            {
                "points": len(points),
                "failures": failures,
                "renames_per_run": events["renames"],
                "writes_per_run": events["writes"],
                "articles": articles,
            }
        )
    )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
