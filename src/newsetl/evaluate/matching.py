"""One-to-one matching of predicted items to gold items.

Every gold item and every predicted item is used at most once, so a duplicate prediction
is a false positive and a duplicate gold item needs its own prediction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

G = TypeVar("G")
P = TypeVar("P")

Pair = tuple[int, int]


def max_matching(
    gold: Sequence[G],
    predicted: Sequence[P],
    same: Callable[[G, P], bool],
    prefer: Callable[[G, P], bool] | None = None,
) -> list[Pair]:
    """Maximum one-to-one matching under a yes/no compatibility test (augmenting paths).

    Returns ``(gold_index, predicted_index)`` pairs sorted by gold index. Among equal-size
    matchings it prefers, for each gold item in order, a free compatible prediction for which
    ``prefer`` holds (e.g. the same speaker for a repeated quote), then the earliest free one;
    it only re-routes earlier pairs when that is the only way to match more items.
    """
    edges = [_candidates(g, predicted, same, prefer) for g in gold]
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j not in owner:
                owner[j] = i
                return True
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


def _candidates(
    g: G, predicted: Sequence[P], same: Callable[[G, P], bool], prefer: Callable[[G, P], bool] | None
) -> list[int]:
    """Indexes of the predictions compatible with ``g``, preferred ones first, each in order."""
    compatible = [j for j, p in enumerate(predicted) if same(g, p)]
    if prefer is None:
        return compatible
    preferred = [j for j in compatible if prefer(g, predicted[j])]
    return preferred + [j for j in compatible if j not in preferred]


def greedy_matching(
    gold: Sequence[G], predicted: Sequence[P], similarity: Callable[[G, P], float], threshold: float
) -> list[Pair]:
    """Greedy one-to-one matching by similarity: take the most similar free pair first, stop
    below ``threshold``. Ties go to the earlier gold, then the earlier prediction."""
    scored = [
        (score, i, j)
        for i, g in enumerate(gold)
        for j, p in enumerate(predicted)
        if (score := similarity(g, p)) >= threshold
    ]
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[Pair] = []
    for _, i, j in scored:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return sorted(pairs)
