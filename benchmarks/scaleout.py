"""Dask scale-out: the same ingest on a local Dask cluster of 1 worker, then 2 workers.

    .venv/bin/python benchmarks/scaleout.py [--articles 400]

Starts a real Prefect server (`newsetl server`), then for each cluster size a
`distributed.LocalCluster` of worker processes, and times `newsetl ingest --dask-address` into a
fresh warehouse. Each worker loads the spaCy pipeline once. On this 2-core machine the second worker
competes with the flow process and the server, so the ratio is a floor for real clusters.
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
sys.path.insert(0, str(HERE.parent / "tests" / "integration"))

from servers import NEWSETL, prefect_server  # noqa: E402

from generate import write_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=400)
    args = parser.parse_args()
    from distributed import LocalCluster

    result: dict[str, float] = {"articles": args.articles}
    with tempfile.TemporaryDirectory(prefix="newsetl-dask-") as tmp:
        root = Path(tmp)
        write_corpus(root / "raw", args.articles)
        with prefect_server(root / "prefect", dict(os.environ)) as api_url:
            os.environ["PREFECT_API_URL"] = api_url
            env = dict(os.environ, PREFECT_HOME=str(root / "prefect"))
            for workers in (1, 2):
                with LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
                ) as cluster:
                    start = time.perf_counter()
                    done = subprocess.run(
                        [
                            NEWSETL,
                            "ingest",
                            str(root / "raw"),
                            "--warehouse",
                            str(root / f"wh{workers}"),
                            "--batch-size",
                            "50",
                            "--dask-address",
                            cluster.scheduler_address,
                            "--json",
                        ],
                        env=env,
                        capture_output=True,
                        text=True,
                        check=False,
                    )
                    seconds = time.perf_counter() - start
                if done.returncode != 0:
                    raise SystemExit(done.stderr[-3000:])
                assert json.loads(done.stdout)["files_new"] == args.articles
                result[f"workers_{workers}_articles_per_s"] = round(args.articles / seconds, 2)
    result["speedup_2_vs_1"] = round(
        result["workers_2_articles_per_s"] / result["workers_1_articles_per_s"], 2
    )
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
