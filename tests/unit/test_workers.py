"""The per-article path in worker processes: same rows as in place, all CPUs by default, and no
worker outlives the process that started it."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsetl import workers
from newsetl.discover import RawFile
from newsetl.model import Known
from newsetl.pipeline import load_files
from newsetl.rows import RunInfo
from newsetl.settings import Settings

RAW = Path(__file__).resolve().parents[2] / "raw"
RUN = RunInfo("test-run", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "en")


def test_the_default_worker_count_is_the_cpus_this_process_may_use() -> None:
    assert Settings().spacy_processes == len(os.sched_getaffinity(0))


@pytest.mark.parametrize("processes", [1, 2, 3, 8])
def test_the_paragraph_cache_is_one_budget_shared_by_the_workers(processes: int) -> None:
    settings = Settings(spacy_processes=processes, analysis_cache_paragraphs=5_000)
    share = workers.worker_settings(settings).analysis_cache_paragraphs
    assert share * processes <= 5_000 < (share + 1) * processes
    assert workers.worker_settings(settings).spacy_processes == processes  # nothing else changes


def _comparable(worked: workers.Worked) -> list[tuple[str, dict[str, list[tuple[str, ...]]]]]:
    """Rows per article, without the columns that say when they were made."""
    out = []
    for item in worked.extracted.items:
        rows = {
            table: [tuple(str(v) for k, v in sorted(r.items()) if k != "ingested_at") for r in table_rows]
            for table, table_rows in item.rows.items()
        }
        out.append((item.decoded.article_id, rows))
    return out


def test_workers_give_the_rows_of_the_ingesting_process_in_order() -> None:
    files = [RawFile(str(RAW), str(p), p.name, p.stat().st_size) for p in sorted(RAW.glob("*.txt"))]
    settings = Settings(spacy_processes=2, parallel_min_articles=1, worker_chunk_articles=1)
    loaded = load_files(files, Known(), settings, RUN)
    assert len(loaded.items) == 3
    in_place = workers.analyse_in_place(loaded.items, settings, RUN)
    fanned = workers.parse_and_extract(loaded.items, settings, RUN)
    assert _comparable(fanned) == _comparable(in_place)
    assert fanned.parsed_count == 3
    # the caller's own decoded records come back (texts are not sent back from the workers)
    assert [i.decoded for i in fanned.extracted.items] == loaded.items
    assert any(item.rows["quotes"] for item in fanned.extracted.items)


CHILD = r"""
import os, sys
from newsetl import workers
from newsetl.settings import Settings
executor = workers.pool(Settings(spacy_processes=2))
print(" ".join(str(p) for p in executor._processes), flush=True)
os._exit(0)  # dies without shutting its pool down, as a killed ingest would
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_workers_exit_when_the_process_that_started_them_is_gone(tmp_path: Path) -> None:
    out = tmp_path / "pids"
    with out.open("w") as sink:  # a file, not a pipe: a surviving worker would hold a pipe open
        subprocess.run([sys.executable, "-c", CHILD], stdout=sink, stderr=subprocess.DEVNULL, check=True)
    pids = [int(p) for p in out.read_text().split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 60
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not any(_alive(p) for p in pids)
