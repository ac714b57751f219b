"""Leave-publisher-out persons / organizations / places F1 over the gold articles, step by step.

    .venv/bin/python benchmarks/cv_entities.py [--corpus ../shared/corpus] [--json]

Parses each gold dump and runs spaCy once (Docs kept in memory for the run), then scores each
configuration of the entity corrections. The span re-labeller is learned afresh for each held-out
publisher on the other publishers' articles (never on the one it is scored on).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from newsetl.evaluate.entities_cv import format_entity_scores
from newsetl.evaluate.entity_corpus import STEPS, load_corpus, run_steps

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--steps", nargs="*", default=list(STEPS), choices=list(STEPS))
    parser.add_argument("--json", action="store_true", help="print the scores as JSON too")
    args = parser.parse_args()
    start = time.perf_counter()
    corpus = load_corpus(args.corpus)
    print(f"parsed and analysed {len(corpus.golds)} gold articles in {time.perf_counter() - start:.1f}s")
    results = run_steps(corpus, args.steps)
    print(format_entity_scores(results))
    if args.json:
        print(json.dumps({step: {k: r.value for k, r in s.items()} for step, s in results.items()}))


if __name__ == "__main__":
    main()
