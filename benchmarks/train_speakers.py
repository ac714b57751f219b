"""Learn the speaker ranker's weights from all gold articles and package them.

    .venv/bin/python benchmarks/train_speakers.py [--corpus ../shared/corpus]

Writes ``src/newsetl/extract/speaker_weights.json`` (logistic regression, see
:mod:`newsetl.extract.training`). The regularisation is chosen by leave-publisher-out ranking of the
candidate groups; ``meta`` records the leave-publisher-out quote figures at that setting (for the
fully nested figure, where each fold also chooses its own C, run ``benchmarks/cv_speakers.py``).
``make train`` runs this.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsetl.evaluate.gold import load_gold_dir
from newsetl.evaluate.speakers_corpus import load_corpus
from newsetl.evaluate.speakers_cv import cross_validate, publisher_key, score_quote_fields
from newsetl.extract.ranking import WEIGHTS_FILE
from newsetl.extract.training import Group, choose_c

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--out", type=Path, default=REPO / "src" / "newsetl" / "extract" / WEIGHTS_FILE)
    args = parser.parse_args(argv)
    gold = load_gold_dir(args.corpus / "gold")
    run = load_corpus(args.corpus, gold)
    folds: dict[str, list[Group]] = {}
    for article_id in sorted(gold):
        folds.setdefault(publisher_key(gold[article_id].publisher), []).extend(run.rows(article_id))
    run.c = choose_c(folds)  # by leave-publisher-out ranking of the candidate groups
    scores = score_quote_fields(gold, cross_validate(gold, run.train, run.predict))
    weights = run.train(sorted(gold)).weights  # with the re-labeller learned on all gold, as packaged
    assert weights is not None
    meta = dict(weights.meta)
    meta["articles"] = len(gold)
    meta["leave_publisher_out_at_this_c"] = {key: round(scores.value(key), 4) for key in scores.fields}
    packaged = type(weights)(weights.coef, weights.intercept, meta)
    args.out.write_text(packaged.to_json(), encoding="utf-8")
    print(
        f"wrote {args.out} ({len(weights.coef)} features, C={run.c:g}); leave-publisher-out: {scores.line()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
