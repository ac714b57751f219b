"""HTML pages → articles, scored against the gold (and the weak labels), next to trafilatura.

    .venv/bin/python benchmarks/html_eval.py [--corpus ../shared/corpus] [--no-trafilatura] [--json]

Runs newsetl's HTML reader (``newsetl.sources.html.html_article``: page text → the text parser,
page metadata merged in) on ``corpus/html`` and scores headline, published date, authors, body,
chrome and images with ``newsetl.evaluate``; ``publisher`` is scored by :func:`same_publisher`.
On ``weak/`` only pages whose publisher is not among the gold publishers are scored (the rules were
looked at next to the gold pages, never the weak ones): the leave-publisher-out figure. The peer is
trafilatura's ``bare_extraction(with_metadata=True)`` on the same bytes (no images asked).
Quotes need spaCy: see ``benchmarks/html_ingest.py``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from newsetl.evaluate.html_pages import (
    FIELDS,
    Page,
    Predict,
    gold_pages,
    newsetl_predict,
    score,
    weak_pages,
)
from newsetl.evaluate.predicted import PredictedArticle
from newsetl.sources.merge import compact

REPO = Path(__file__).resolve().parents[1]


def trafilatura_predict(page: Page) -> tuple[PredictedArticle, str | None]:
    from trafilatura import bare_extraction

    doc: Any = bare_extraction(page.html, url=page.url, with_metadata=True)
    if doc is None:
        return PredictedArticle(), None
    data = doc if isinstance(doc, dict) else doc.as_dict()
    authors = tuple(a.strip() for a in (data.get("author") or "").split(";") if a.strip())
    paragraphs = tuple(p for p in (data.get("text") or "").split("\n") if p.strip())
    date = data.get("date")
    return PredictedArticle(data.get("title"), None, authors, date, None, paragraphs), data.get("sitename")


def lopo_predict(corpus: Path) -> Predict:
    """newsetl with, for each page, the line-role model of the fold that left its publisher out."""
    from newsetl.evaluate.cv import publisher_folds
    from newsetl.roles.corpus import load_pages
    from newsetl.roles.train import features_of, fit

    pages = list(load_pages(corpus))
    cache = features_of(pages)
    folds = publisher_folds([p.publisher for p in pages], 5)
    fold_of = {p.page_id: f for p, f in zip(pages, folds, strict=True)}
    models = [fit([p for p, f in zip(pages, folds, strict=True) if f != k], cache) for k in range(5)]
    return lambda page: newsetl_predict(page, models[fold_of[page.id]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--no-trafilatura", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--lopo",
        action="store_true",
        help="parse each page with a line-role model trained without its publisher (5 folds)",
    )
    args = parser.parse_args()
    gold = list(gold_pages(args.corpus))
    exclude = {compact(p.publisher.split("(")[0]) for p in gold}
    splits = {
        "gold": gold,
        "weak-dev": list(weak_pages(args.corpus, exclude, half=0)),
        "weak-test": list(weak_pages(args.corpus, exclude, half=1)),
    }
    systems: dict[str, Predict] = {"newsetl": lopo_predict(args.corpus) if args.lopo else newsetl_predict}
    if not args.no_trafilatura:
        systems["trafilatura"] = trafilatura_predict
    results = {
        name: {split: score(pages, predict) for split, pages in splits.items()}
        for name, predict in systems.items()
    }
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(", ".join(f"{split}: {len(pages)} pages" for split, pages in splits.items()))
    print("weak-dev: publishers looked at while developing; weak-test: never looked at (leave-publisher-out)")
    header = f"{'field':22}" + "".join(f"{n + ' ' + s:>22}" for n in systems for s in splits)
    print(header)
    for key in FIELDS:
        cells = []
        for name in systems:
            for split in splits:
                cell = results[name][split].get(key)
                cells.append(f"{cell['value']:.3f} (n={cell['n']})" if cell else "—")
        print(f"{key:22}" + "".join(f"{c:>22}" for c in cells))


if __name__ == "__main__":
    main()
