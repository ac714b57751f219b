"""Near-duplicate articles: MinHash over body word shingles, LSH for candidates, Jaccard to confirm.

Pure: signatures are computed from text; the index lives in memory for one run and is filled
from the committed ``signatures`` table when the run first needs it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SHINGLE_WORDS = 5
_SCHEME = "affine32"


def signature(body: str) -> list[int]:
    """MinHash values of the body's lower-cased word 5-shingles."""
    words = body.lower().split()
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(len(words) - SHINGLE_WORDS + 1, 1))}
    minhash = MinHash(num_perm=NUM_PERM)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return [int(v) for v in minhash.hashvalues]


def _minhash(values: Sequence[int]) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=list(values), scheme=_SCHEME)


class NearDuplicateIndex:
    """Articles seen so far; :meth:`match` names the earliest one a new body nearly repeats."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.order: dict[str, int] = {}
        # Only the hash values are kept (a MinHash object also carries its permutations).
        self.hashes: dict[str, np.ndarray[Any, np.dtype[np.uint64]]] = {}

    def add_all(self, entries: Iterable[tuple[str, Sequence[int]]]) -> None:
        for article_id, values in entries:
            self.add(article_id, values)

    def add(self, article_id: str, values: Sequence[int]) -> None:
        if article_id in self.order:
            return
        self.lsh.insert(article_id, _minhash(values))
        self.order[article_id] = len(self.order)
        self.hashes[article_id] = np.asarray(values, dtype=np.uint64)

    def match(self, values: Sequence[int]) -> str | None:
        mine = np.asarray(values, dtype=np.uint64)
        candidates = [
            c
            for c in self.lsh.query(_minhash(values))
            if float(np.mean(self.hashes[c] == mine)) >= self.threshold  # estimated Jaccard
        ]
        return min(candidates, key=self.order.__getitem__) if candidates else None
