"""Training the line-role model: one LightGBM binary booster per role, fixed seeds, 2 threads.

Each role's booster learns only from the lines whose membership in that role is known
(:class:`~newsetl.roles.corpus.LabelledPage.known`): scrapinghub pages teach body and crosshead
only, fundus pages add headline, dek, caption, byline and date, gold pages teach every role.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import lightgbm
import numpy as np

from newsetl.evaluate.cv import publisher_folds
from newsetl.roles.context import STAGE2_FEATURES, context_rows
from newsetl.roles.corpus import LabelledPage
from newsetl.roles.features import FEATURE_NAMES, line_features
from newsetl.roles.model import Boosters, RoleModel, predict
from newsetl.roles.schema import BODY, CHROME, CROSSHEAD, ROLES

SEED = 20261202
# Every random seed comes from :func:`params` (the packaged model uses SEED).
PARAMS: dict[str, object] = {
    "objective": "binary",
    "learning_rate": 0.08,
    "num_leaves": 15,
    "min_data_in_leaf": 8,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "verbose": -1,
}
ROUNDS = 120
# Publisher folds inside the training pages, for the second stage's out-of-fold inputs.
INNER_FOLDS = 3
SECOND_ROUNDS = 40
# Weight of a weak-label line relative to a hand-gold line, per role. The weak pages' body labels
# follow another convention (list items, tables and link lists count as body), so for the body,
# crosshead and chrome decisions they count for less; their headline, dek, byline, date and caption
# labels agree with the gold conventions. Chosen by leave-publisher-out cross-validation
# (benchmarks/cv.py), not by the in-sample gate.
WEAK_WEIGHT = 0.5
WEAK_LAYOUT_WEIGHT = 0.15
_LAYOUT_ROLES = frozenset({BODY, CROSSHEAD, CHROME})


FeatureCache = dict[str, list[list[float]]]


def features_of(pages: Sequence[LabelledPage], cache: FeatureCache | None = None) -> FeatureCache:
    cache = {} if cache is None else cache
    for page in pages:
        if page.page_id not in cache:
            cache[page.page_id] = line_features(list(page.lines))
    return cache


def corpus_digest(pages: Sequence[LabelledPage]) -> str:
    """A hash of the training lines and labels: the model records what it was trained on."""
    digest = hashlib.sha256()
    for page in pages:
        for line, role in zip(page.lines, page.roles, strict=True):
            digest.update(f"{page.page_id}\t{role}\t{line}\n".encode())
    return digest.hexdigest()[:12]


def params(seed: int = SEED) -> dict[str, object]:
    """LightGBM parameters with every random seed set to ``seed``."""
    seeds = ("seed", "bagging_seed", "feature_fraction_seed", "data_random_seed")
    return {**PARAMS, **dict.fromkeys(seeds, seed)}


def _boosters(
    pages: Sequence[LabelledPage],
    rows_of: FeatureCache,
    names: Sequence[str],
    rounds: int = ROUNDS,
    seed: int = SEED,
) -> Boosters:
    """One booster per role, each on the lines whose membership in that role is known."""
    boosters: Boosters = {}
    for role in ROLES:
        rows: list[list[float]] = []
        labels: list[int] = []
        weights: list[float] = []
        weak = WEAK_LAYOUT_WEIGHT if role in _LAYOUT_ROLES else WEAK_WEIGHT
        for page in pages:
            weight = 1.0 if page.source == "gold" else weak
            for i, known in enumerate(page.known):
                if role in known:
                    rows.append(rows_of[page.page_id][i])
                    labels.append(int(page.roles[i] == role))
                    weights.append(weight)
        if not any(labels):
            continue
        data = lightgbm.Dataset(
            np.asarray(rows, dtype=np.float64),
            label=np.asarray(labels),
            weight=np.asarray(weights),
            feature_name=list(names),
            free_raw_data=True,
        )
        boosters[role] = lightgbm.train(params(seed), data, num_boost_round=rounds)
    return boosters


def fit(pages: Sequence[LabelledPage], cache: FeatureCache | None = None, seed: int = SEED) -> RoleModel:
    """Train both stages on ``pages`` (deterministic for the same pages and seed; other seeds
    measure how much a figure owes to the draw, ``benchmarks/cv.py --seeds``).

    The second stage learns from first-stage probabilities that are out of fold by publisher
    (:data:`INNER_FOLDS` folds), so it sees them as they will be on an unseen publisher.
    """
    cache = features_of(pages, cache)
    first = _boosters(pages, cache, FEATURE_NAMES, seed=seed)
    fold_of = publisher_folds([p.publisher for p in pages], INNER_FOLDS)
    stage2: FeatureCache = {}
    for fold in range(INNER_FOLDS):
        inner = _boosters(
            [p for p, f in zip(pages, fold_of, strict=True) if f != fold], cache, FEATURE_NAMES, seed=seed
        )
        for page, f in zip(pages, fold_of, strict=True):
            if f == fold:
                rows = cache[page.page_id]
                stage2[page.page_id] = context_rows(rows, predict(inner, rows))
    second = _boosters(pages, stage2, STAGE2_FEATURES, SECOND_ROUNDS, seed)
    return RoleModel(first, second, corpus_digest(pages))


def main() -> None:
    """``make train``: rebuild the packaged model from the corpus (gold + weak pages)."""
    import argparse
    from pathlib import Path

    from newsetl.roles.corpus import load_pages
    from newsetl.roles.version import MODEL_FILE

    parser = argparse.ArgumentParser(description="Train the line-role model from the corpus.")
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name(MODEL_FILE))
    args = parser.parse_args()
    pages = list(load_pages(args.corpus))
    model = fit(pages)
    args.out.write_bytes(model.to_bytes())
    size = args.out.stat().st_size
    print(f"trained on {len(pages)} pages ({model.trained_on}); wrote {args.out} ({size // 1024} KiB)")


if __name__ == "__main__":
    main()
