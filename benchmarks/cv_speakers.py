"""Leave-publisher-out evaluation of quotes and speakers over the gold corpus.

    .venv/bin/python benchmarks/cv_speakers.py [--corpus ../shared/corpus] [--errors] [--json out.json]

Each gold dump is parsed and run through spaCy once; the Docs are kept in memory for the run. The
speaker ranker is trained on the other publishers' articles for every fold (see
:mod:`newsetl.extract.train_speakers`), so no article is scored by weights that saw its publisher.
Prints quote precision/recall, speaker and kind accuracy over all 30 articles, the 10 original dev
pages and the 20 others.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from newsetl.evaluate.gold import load_gold_dir
from newsetl.evaluate.speakers_corpus import CorpusRun, load_corpus
from newsetl.evaluate.speakers_cv import (
    cross_validate,
    publisher_folds,
    quote_errors,
    score_quote_fields,
)

_DEV_LIST = re.compile(r"10 original dev pages \(([^)]*)\)")


def dev_pages(corpus: Path) -> set[str]:
    """The original dev pages, as the corpus README lists them."""
    match = _DEV_LIST.search((corpus / "README.md").read_text(encoding="utf-8"))
    return set(re.findall(r"`([^`]+)`", match.group(1))) if match else set()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus"
    )
    parser.add_argument("--errors", action="store_true", help="list every wrong quote, speaker and kind")
    parser.add_argument(
        "--packaged", action="store_true", help="score the packaged weights (in-sample), no folds"
    )
    parser.add_argument("--c", type=float, help="fixed inverse L2 strength (default: chosen per fold)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    gold = load_gold_dir(args.corpus / "gold")
    run: CorpusRun = load_corpus(args.corpus, gold, learn=not args.packaged, c=args.c)
    predictions = cross_validate(gold, run.train, run.predict)
    dev = dev_pages(args.corpus)
    groups = {
        "all": sorted(gold),
        "dev10": [i for i in sorted(gold) if i in dev],
        "other20": [i for i in sorted(gold) if i not in dev],
    }
    figures = {}
    for name, ids in groups.items():
        scores = score_quote_fields(gold, predictions, ids)
        figures[name] = {key: round(scores.value(key), 4) for key in scores.fields}
        print(f"{name:<8} ({len(ids):2d} pages)  {scores.line()}")
    chosen = ", ".join(f"{c:g}" for c in sorted(set(run.chosen))) or "fixed"
    print(
        f"{len(publisher_folds(gold))} publisher folds; C chosen per fold: {chosen}; "
        f"{time.perf_counter() - started:.0f} s"
    )
    if args.errors:
        for article_id in sorted(gold):
            for error in quote_errors(gold[article_id], predictions[article_id]):
                print(
                    f"{error.article_id:<18} {error.what:<9} {error.gold!s:<28} -> {error.predicted!s:<28} "
                    f"{error.text[:70]!r}"
                )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
