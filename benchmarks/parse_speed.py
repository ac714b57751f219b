"""Parse time per article: the learned line-role parser against the rule parser of a git commit.

    .venv/bin/python benchmarks/parse_speed.py --before df3647d

Parses every dump of ../shared/corpus (gold text/ and weak/text/) a few times in this process,
and the same dumps with the parser of ``--before`` in a subprocess (its own package tree from
``git archive``, same interpreter, same run), and prints milliseconds per article and the ratio.
A first pass over the dumps (imports, model loading, and data sets loaded once a process, such as
the gazetteer a colon dateline asks for) is timed apart as the warm-up.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_TIMER = """
import json, sys, time
texts = [open(p, encoding="utf-8").read() for p in sys.argv[2:]]
start = time.perf_counter()
from newsetl.parse import parse_article
for text in texts:  # one untimed pass: imports, the model and any data set a page calls for
    parse_article(text)
warm = time.perf_counter() - start
rounds = int(sys.argv[1])
start = time.perf_counter()
for _ in range(rounds):
    for text in texts:
        parse_article(text)
per = (time.perf_counter() - start) / (rounds * len(texts))
print(json.dumps({"warmup_s": warm, "ms_per_article": per * 1000}))
"""


def _time(pythonpath: Path, paths: list[str], rounds: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _TIMER, str(rounds), *paths],
        check=True,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(pythonpath), "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"},
    ).stdout
    result: dict[str, float] = json.loads(out)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--before", metavar="GIT_REF", default="df3647d")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    paths = sorted(str(p) for p in (*args.corpus.glob("text/*.txt"), *args.corpus.glob("weak/text/*.txt")))
    after = _time(REPO / "src", paths, args.rounds)
    archive = subprocess.run(
        ["git", "archive", args.before, "src"], cwd=REPO, check=True, capture_output=True
    )
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        before = _time(Path(tmp) / "src", paths, args.rounds)
    print(f"{len(paths)} dumps x {args.rounds} rounds")
    for name, timing in ((f"before ({args.before})", before), ("after (line roles)", after)):
        print(f"  {name:20s} {timing['ms_per_article']:7.1f} ms/article, warm-up {timing['warmup_s']:.2f} s")
    print(f"  ratio after/before: {after['ms_per_article'] / before['ms_per_article']:.2f}")


if __name__ == "__main__":
    main()
