"""Throughput and peak memory of `newsetl ingest` against spaCy alone, in the same run.

    .venv/bin/python benchmarks/throughput.py --articles 2000 [--processes 1]

Generates N synthetic dumps, then runs, each in a fresh subprocess so peak RSS is its own:
  1. spaCy alone: same model, same components, same process count, over the same analysis texts
     newsetl feeds it (composed from the parsed dumps before timing starts);
  2. `newsetl ingest` over the dumps into an empty warehouse (Prefect start-up included, and also
     reported without it from the flow's own stage timings).
Prints a table and a JSON line; the ratio is what matters (absolute numbers move with the machine).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import print_result, write_corpus  # noqa: E402

SPACY_ALONE = r"""
import json, sys, time
from pathlib import Path
from newsetl.extract import compose
from newsetl.parse import parse_article
from newsetl.pipeline import analysis_pipeline
from newsetl.settings import Settings
raw, processes = Path(sys.argv[1]), int(sys.argv[2])
settings = Settings()
texts = [compose(parse_article(p.read_text(encoding="utf-8"))).text for p in sorted(raw.glob("*.txt"))]
nlp = analysis_pipeline(settings)
start = time.perf_counter()
n = sum(1 for _ in nlp.pipe(texts, batch_size=settings.spacy_batch_size, n_process=processes))
print(json.dumps({"docs": n, "seconds": time.perf_counter() - start}))
"""


def _child(cmd: list[str], env: dict[str, str]) -> tuple[str, float, float]:
    """Run ``cmd``; return stdout, wall seconds and the peak RSS (MiB) of that child alone."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{cmd[0]} failed ({proc.returncode}):\n{err.read().decode()[-3000:]}")
        return out.read().decode(), wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="newsetl-bench-") as tmp:
        root = Path(tmp)
        raw = root / "raw"
        write_corpus(raw, args.articles)
        env = dict(
            os.environ, PREFECT_HOME=str(root / "prefect"), NEWSETL_SPACY_PROCESSES=str(args.processes)
        )
        out, _, spacy_rss = _child([sys.executable, "-c", SPACY_ALONE, str(raw), str(args.processes)], env)
        spacy_seconds = json.loads(out)["seconds"]
        out, ingest_wall, ingest_rss = _child(
            [str(bin_dir / "newsetl"), "ingest", str(raw), "--warehouse", str(root / "wh"), "--json"], env
        )
        summary = json.loads(out)
        flow_seconds = sum(summary["seconds"].values())
    n = args.articles
    result = {
        "articles": n,
        "processes": args.processes,
        "spacy_alone_articles_per_s": round(n / spacy_seconds, 2),
        "ingest_articles_per_s": round(n / ingest_wall, 2),
        "ingest_articles_per_s_without_startup": round(n / flow_seconds, 2),
        "ratio_vs_spacy": round(spacy_seconds / ingest_wall, 3),
        "ratio_vs_spacy_without_startup": round(spacy_seconds / flow_seconds, 3),
        "prefect_startup_and_import_s": round(ingest_wall - flow_seconds, 2),
        "peak_rss_mib_ingest": round(ingest_rss, 1),
        "peak_rss_mib_spacy_alone": round(spacy_rss, 1),
        "rows": summary["rows"],
    }
    print_result(result)


if __name__ == "__main__":
    main()
