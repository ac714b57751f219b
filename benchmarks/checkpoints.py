"""Checkpoints: commit overhead, work redone after a SIGKILL, and parts left by a long run.

    .venv/bin/python benchmarks/checkpoints.py kills [--articles 400] [--words 200] [--batch-size 20]
                                   [--every 2] [--kills 5] [--seed 7] [--max-overhead 0.02]
    .venv/bin/python benchmarks/checkpoints.py long [--articles 10000] [--words 200] [--batch-size 200]
                                   [--every 5] [--max-overhead 0.02]

``kills`` (the real pipeline, spaCy included): one single-commit run, one run with a checkpoint every
``--every`` batches, and one that also keeps ``checkpoint_max_overhead`` (``--max-overhead``), over
the same synthetic dumps (commit overhead: the wall-clock ratio, and the extra seconds spent writing
and committing over the single-commit run's wall-clock), then ``--kills`` runs killed with SIGKILL
at random times and each resumed: the work redone is the files the killed run had finished (its
batch log) but not committed, against the interval (``--every`` batches of ``--batch-size``).
Every resumed warehouse must hold each article once. Each run is a child forked after the model is
loaded, so none pays for loading it.

``long`` (the parse/commit path: load, parse, validate, write and commit, with capitalised words
standing in for spaCy's entities, so 10,000 articles take minutes, not the better part of an hour):
live parts per table after the run and after ``newsetl compact``, and the seconds per checkpoint
commit as the warehouse grows (each commit re-links the entity registry over the whole warehouse).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import print_result, write_corpus  # noqa: E402


def _fork(work: Callable[[], None]) -> int:
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            work()
        except BaseException:
            import traceback

            traceback.print_exc()
            code = 1
        os._exit(code)
    return pid


def _join(pid: int) -> str:
    _, status = os.waitpid(pid, 0)
    return "killed" if os.WIFSIGNALED(status) else ("ok" if os.WEXITSTATUS(status) == 0 else "failed")


def _child_json(work: Callable[[Path], None], scratch: Path) -> Any:
    out = scratch / f"out-{time.monotonic_ns()}.json"
    status = _join(_fork(lambda: work(out)))
    assert status == "ok", status
    return json.loads(out.read_text())


def _settings(batch_size: int, every: int, max_overhead: float = 0.0) -> Any:
    from newsetl.settings import Settings

    return Settings(
        batch_size=batch_size,
        checkpoint_batches=every,
        checkpoint_minutes=0,
        checkpoint_max_overhead=max_overhead,
    )


def _timed_run(
    raw: Path, warehouse: Path, settings: Any, log: Path | None = None, fast: bool = False
) -> Callable[[Path], None]:
    def work(out: Path) -> None:
        from newsetl.run import Stages, execute
        from newsetl.store.warehouse import Warehouse

        handle = open(log, "a", buffering=1) if log else None  # noqa: SIM115 (kept open until killed)

        def note(message: str) -> None:
            if handle:
                handle.write(f"{time.time():.3f} {message}\n")

        started = time.perf_counter()
        stages = Stages(process=parse_path) if fast else Stages()
        summary = execute([raw], settings, Warehouse(warehouse), stages, log=note)
        summary["wall"] = time.perf_counter() - started
        out.write_text(json.dumps(summary, default=str))

    return work


def _committed_files(warehouse: Path) -> tuple[int, float | None]:
    """Files accounted for by committed checkpoints, and when the last checkpoint was committed."""
    import datetime as dt

    from newsetl.store.warehouse import Warehouse

    commits = Warehouse(warehouse).commits()
    files = sum(c.rows.get("sources", 0) for c in commits)
    last = dt.datetime.fromisoformat(commits[-1].committed_at).timestamp() if commits else None
    return files, last


def kills(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    from newsetl.pipeline import analysis_pipeline

    raw = work / "raw"
    write_corpus(raw, args.articles, words=args.words)
    single_settings = _settings(args.batch_size, 1_000_000)
    settings = _settings(args.batch_size, args.every)
    if not args.parse_path:
        analysis_pipeline(settings)  # loaded once, inherited by every forked run
    single = _child_json(_timed_run(raw, work / "single", single_settings, fast=args.parse_path), work)
    checkpointed = _child_json(_timed_run(raw, work / "checkpointed", settings, fast=args.parse_path), work)
    floored_settings = _settings(args.batch_size, args.every, args.max_overhead)
    floored = _child_json(_timed_run(raw, work / "floored", floored_settings, fast=args.parse_path), work)
    commit_seconds = {
        name: round(s["seconds"].get("write", 0) + s["seconds"].get("publish", 0), 3)
        for name, s in (("single", single), ("checkpointed", checkpointed), ("floored", floored))
    }
    rng = random.Random(args.seed)
    interval = args.every * args.batch_size
    redone: list[dict[str, Any]] = []
    for index in range(args.kills):
        warehouse, log = work / f"killed-{index}", work / f"killed-{index}.log"
        pid = _fork(
            lambda w=warehouse, lg=log: _timed_run(raw, w, settings, lg, fast=args.parse_path)(
                work / "unused.json"
            )
        )
        at = rng.uniform(0.1, 0.95) * checkpointed["wall"]
        time.sleep(at)
        os.kill(pid, signal.SIGKILL)
        killed_at = time.time()
        assert _join(pid) == "killed", "the run ended before its kill"
        lines = log.read_text().splitlines() if log.exists() else []
        finished = sum(1 for line in lines if line.split(" ", 2)[1] == "batch") * args.batch_size
        finished = min(finished, args.articles)
        committed, last = _child_json(
            lambda out, w=warehouse: out.write_text(json.dumps(_committed_files(w))), work
        )
        resumed = _child_json(_timed_run(raw, warehouse, settings, fast=args.parse_path), work)
        articles = _child_json(
            lambda out, w=warehouse: out.write_text(
                json.dumps(
                    __import__("newsetl.store.query", fromlist=["query"])
                    .query(w, "SELECT count(*) AS n, count(DISTINCT article_id) AS d FROM articles")
                    .to_pylist()[0]
                )
            ),
            work,
        )
        assert articles == {"n": args.articles, "d": args.articles}, articles
        redone.append(
            {
                "killed_at_s": round(at, 1),
                "files_finished": finished,
                "files_committed": committed,
                "files_redone": finished - committed,
                "seconds_since_last_commit": round(killed_at - last, 1) if last else round(at, 1),
                "resumed_new_files": resumed["files_new"] + resumed["files_rejected"],
                "resumes": resumed["resumes_run_id"] is not None,
            }
        )
        shutil.rmtree(warehouse)
    worst = max(r["files_redone"] for r in redone)
    return {
        "articles": args.articles,
        "path": "parse/commit (stand-in entities)" if args.parse_path else "full pipeline",
        "words": args.words,
        "batch_size": args.batch_size,
        "checkpoint_batches": args.every,
        "interval_files": interval,
        "single_commit_run_s": round(single["wall"], 2),
        "checkpointed_run_s": round(checkpointed["wall"], 2),
        "wall_ratio": round(checkpointed["wall"] / single["wall"], 4),
        "checkpoints": checkpointed["checkpoints"],
        "write_and_commit_s": commit_seconds,
        "commit_overhead_share": round(
            (commit_seconds["checkpointed"] - commit_seconds["single"]) / single["wall"], 4
        ),
        "with_max_overhead": args.max_overhead,
        "floored_run_s": round(floored["wall"], 2),
        "floored_checkpoints": floored["checkpoints"],
        "floored_overhead_share": round(
            (commit_seconds["floored"] - commit_seconds["single"]) / single["wall"], 4
        ),
        "kills": redone,
        "files_redone_max": worst,
        "loss_within_interval": worst <= interval,
    }


NAME = re.compile(r"\b([A-Z][a-z]+ [A-Z][a-z]+|[A-Z][a-z]{3,})\b")


def _stand_in_entities(body: str) -> tuple[Any, ...]:
    """Capitalised words and pairs as PERSON entities: a cheap stand-in for spaCy, so that each
    commit re-links a registry of realistic size (about 10 entities an article)."""
    from collections import Counter

    from newsetl.model import Entity

    counts = Counter(NAME.findall(body))
    return tuple(Entity(name, "PERSON", n, ("body",)) for name, n in counts.most_common(12))


def parse_path(batch: Sequence[Any], known: Any, settings: Any, info: Any) -> Any:
    """The batch stage without spaCy: load → parse → rows with stand-in entities → validate."""
    from newsetl.batch import BatchResult
    from newsetl.model import Extraction
    from newsetl.pipeline import Extracted, StageOut, load_files, parse_files
    from newsetl.rows import article_rows
    from newsetl.validate import validate_batch

    started = time.perf_counter()
    loaded = load_files(batch, known, settings, info)
    parsed = parse_files(loaded.items, settings, info)
    extracted: StageOut[Extracted] = StageOut()
    rows: dict[str, list[Any]] = {}
    for item in parsed.items:
        d = item.decoded
        made = article_rows(
            article_id=d.article_id,
            source_file=d.raw.rel,
            content_sha256=d.sha256,
            parsed=item.article,
            extraction=Extraction(entities=_stand_in_entities(item.article.body)),
            run=info,
        )
        for table, table_rows in made.items():
            rows.setdefault(table, []).extend(table_rows)
        extracted.items.append(Extracted(d, {}))
    validated = validate_batch(rows)
    counts = {"files": len(batch), "read": len(loaded.items), "parsed": len(parsed.items)}
    return BatchResult(loaded, parsed, extracted, validated, {"parse": time.perf_counter() - started}, counts)


def long(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    from newsetl import run
    from newsetl.store.compact import compact
    from newsetl.store.warehouse import Warehouse

    raw = work / "raw"
    write_corpus(raw, args.articles, words=args.words)
    settings = _settings(args.batch_size, args.every, args.max_overhead)

    publish_times: list[float] = []

    def timed_publish(*call: Any) -> int | None:
        started = time.perf_counter()
        try:
            return run.publish(*call)
        finally:
            publish_times.append(time.perf_counter() - started)

    warehouse = Warehouse(work / "wh")
    started = time.perf_counter()
    summary = run.execute([raw], settings, warehouse, run.Stages(process=parse_path, publish=timed_publish))
    wall = time.perf_counter() - started
    before = {t: len(p) for t, p in warehouse.live_parts().items()}
    compacted = compact(warehouse)
    after = {t: len(p) for t, p in Warehouse(work / "wh").live_parts().items()}
    return {
        "articles": args.articles,
        "batch_size": args.batch_size,
        "checkpoint_batches": args.every,
        "max_overhead": args.max_overhead,
        "run_s": round(wall, 1),
        "checkpoints": summary["checkpoints"],
        "articles_committed": summary["files_new"],
        "commit_s_first_last": [round(publish_times[0], 3), round(publish_times[-1], 3)],
        "commit_s_total": round(sum(publish_times), 2),
        "commit_share": round(sum(publish_times) / wall, 4),
        "parts_per_table_after_run": before,
        "parts_per_table_after_compact": after,
        "compact_retired": compacted.retired,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("mode", choices=["kills", "long"])
    parser.add_argument("--articles", type=int)
    parser.add_argument("--words", type=int, default=200)
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--every", type=int)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--parse-path", action="store_true", help="kills: without spaCy (stand-in entities)")
    parser.add_argument("--max-overhead", type=float, default=0.02, help="checkpoint_max_overhead")
    args = parser.parse_args()
    kill_mode = args.mode == "kills"
    args.articles = args.articles or (400 if kill_mode else 10_000)
    args.batch_size = args.batch_size or (20 if kill_mode else 200)
    args.every = args.every or (2 if kill_mode else 5)
    with tempfile.TemporaryDirectory(prefix="newsetl-checkpoints-") as scratch:
        result = (kills if kill_mode else long)(args, Path(scratch))
    print_result(result)


if __name__ == "__main__":
    main()
