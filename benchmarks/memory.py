"""Peak memory from 1,000 to 10,000 articles, and the cost of an unchanged rerun.

    .venv/bin/python benchmarks/memory.py [--small 1000] [--large 10000] [--words 200]

Each `newsetl ingest` runs in its own subprocess (peak RSS from wait4). The articles are shorter
than the throughput benchmark's (``--words``) so the 10,000-article run takes minutes, not an hour;
memory per batch, not per article length, is what must stay flat. After the large run the same
folder is ingested again: every file is already in the warehouse, so the rerun measures discovery,
hashing and the skip path (reported with and without Prefect's start-up).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import print_result, write_corpus  # noqa: E402
from throughput import _child  # noqa: E402


def _ingest(raw: Path, warehouse: Path, env: dict[str, str]) -> tuple[dict[str, object], float, float]:
    newsetl = str(Path(sys.executable).parent / "newsetl")
    out, wall, rss = _child([newsetl, "ingest", str(raw), "--warehouse", str(warehouse), "--json"], env)
    return json.loads(out), wall, rss


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--words", type=int, default=200)
    args = parser.parse_args()
    result: dict[str, object] = {}
    peaks: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="newsetl-mem-") as tmp:
        root = Path(tmp)
        env = dict(os.environ, PREFECT_HOME=str(root / "prefect"))
        for label, count in (("small", args.small), ("large", args.large)):
            raw = root / label
            write_corpus(raw, count, words=args.words)
            _summary, wall, rss = _ingest(raw, root / f"wh-{label}", env)
            result[f"{label}_articles"] = count
            result[f"{label}_articles_per_s"] = round(count / wall, 2)
            result[f"{label}_peak_rss_mib"] = round(rss, 1)
            peaks[label] = rss
            if label == "large":
                again, rerun_wall, _ = _ingest(raw, root / f"wh-{label}", env)
                assert again["files_new"] == 0, again
                result["rerun_files"] = again["files_seen"]
                result["rerun_seconds"] = round(rerun_wall, 2)
                result["rerun_seconds_in_flow"] = round(sum(again["seconds"].values()), 2)  # type: ignore[attr-defined]
        result["peak_rss_ratio_large_vs_small"] = round(peaks["large"] / peaks["small"], 3)
    print_result(result)


if __name__ == "__main__":
    main()
