"""Build the packaged span re-labeller from every gold article (run by ``make train``).

    .venv/bin/python benchmarks/train_entities.py [--corpus ../shared/corpus] [--check]

Parses and analyses the gold dumps once, collects one example per story mention
(:func:`newsetl.evaluate.relabel_train.training_examples`), fits the logistic regression (fixed
settings, deterministic) and writes ``src/newsetl/extract/relabel_model.json``. Its ``version`` is
a hash of the weights, so the same corpus and code give the same file. ``--check`` only reports
whether the packaged file is up to date (exit 1 when it is not).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsetl.evaluate.entity_corpus import load_corpus, train_on
from newsetl.extract.entity_steps import EntityConfig
from newsetl.extract.relabel import MODEL_FILE, model_text

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "src" / "newsetl" / "extract" / MODEL_FILE


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--check", action="store_true", help="exit 1 if the packaged model is stale")
    args = parser.parse_args()
    corpus = load_corpus(args.corpus)
    text = model_text(train_on(corpus, sorted(corpus.golds), EntityConfig()))
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.is_file() else ""
        print(
            "up to date" if current == text else f"{TARGET.name} is stale: run benchmarks/train_entities.py"
        )
        return 0 if current == text else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(REPO)} ({len(text)} bytes, {len(corpus.golds)} gold articles)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
