"""The model choice, measured: a linear-chain CRF against the LightGBM role boosters, same folds.

    .venv/bin/pip install sklearn-crfsuite   # only for this comparison; not a dependency
    .venv/bin/python benchmarks/roles_crf.py

Both see the same line features (``newsetl.roles.features``; the CRF gets them as binary and
bucketed attributes, plus its label transitions). A CRF needs a label on every line, so a weak
page's unlabelled lines are given "chrome" for it (the boosters instead leave them out of the
roles they are unknown for). Folds are by publisher, as in ``benchmarks/cv.py``; the figures
are the parser fields on gold pages and on weak pages, read from each model's roles.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import sklearn_crfsuite

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cv import field_table
from newsetl.evaluate.cv import as_prediction, publisher_folds
from newsetl.parse.article import article_from_roles
from newsetl.roles.corpus import LabelledPage, load_pages
from newsetl.roles.decode import decode_roles
from newsetl.roles.features import FEATURE_NAMES
from newsetl.roles.schema import CHROME
from newsetl.roles.train import features_of, fit


def _attributes(row: list[float]) -> dict[str, float | str]:
    out: dict[str, float | str] = {"bias": 1.0}
    for name, value in zip(FEATURE_NAMES, row, strict=True):
        if value in (0.0, 1.0, -1.0):
            out[name] = value
        else:
            out[name] = f"{min(int(value * 4) if abs(value) < 1 else int(value), 40)}"
    return out


def main() -> None:
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    pages = list(load_pages(corpus))
    cache = features_of(pages)
    fold_of = publisher_folds([p.publisher for p in pages], 5)
    results: dict[str, dict[str, object]] = {"crf": {}, "lightgbm": {}}
    seconds = {"crf": 0.0, "lightgbm": 0.0}
    for fold in range(5):
        train: list[LabelledPage] = [p for p, f in zip(pages, fold_of, strict=True) if f != fold]
        test = [p for p, f in zip(pages, fold_of, strict=True) if f == fold]
        start = time.perf_counter()
        crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=0.1, c2=0.1, max_iterations=150)
        crf.fit(
            [[_attributes(r) for r in cache[p.page_id]] for p in train],
            [[r or CHROME for r in p.roles] for p in train],
        )
        seconds["crf"] += time.perf_counter() - start
        start = time.perf_counter()
        model = fit(train, cache)
        seconds["lightgbm"] += time.perf_counter() - start
        for page in test:
            lines = list(page.lines)
            roles = crf.predict_single([_attributes(r) for r in cache[page.page_id]])
            results["crf"][page.page_id] = as_prediction(article_from_roles(lines, list(roles)))
            boosted = decode_roles(lines, model.probabilities(cache[page.page_id]))
            results["lightgbm"][page.page_id] = as_prediction(article_from_roles(lines, boosted))
    tables = {name: field_table(corpus, pages, predicted) for name, predicted in results.items()}
    for part in ("gold", "weak"):
        print(f"\n{part} pages              CRF  LightGBM")
        for key in tables["crf"][part]:
            print(f"  {key:22s} {tables['crf'][part][key]:6.3f}  {tables['lightgbm'][part][key]:6.3f}")
    print(f"\ntraining seconds (5 folds): CRF {seconds['crf']:.0f}, LightGBM {seconds['lightgbm']:.0f}")


if __name__ == "__main__":
    main()
