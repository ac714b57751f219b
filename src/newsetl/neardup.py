"""Near-duplicate articles: MinHash over body word shingles, LSH for candidates, Jaccard to confirm.

Pure: signatures are computed from text; the index lives in memory for one run and is filled
from the committed ``signatures`` table when the run first needs it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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
        self.hashes: dict[str, MinHash] = {}

    def add_all(self, entries: Iterable[tuple[str, Sequence[int]]]) -> None:
        for article_id, values in entries:
            self.add(article_id, values)

    def add(self, article_id: str, values: Sequence[int]) -> None:
        if article_id in self.order:
            return
        minhash = _minhash(values)
        self.lsh.insert(article_id, minhash)
        self.order[article_id] = len(self.order)
        self.hashes[article_id] = minhash

    def match(self, values: Sequence[int]) -> str | None:
        minhash = _minhash(values)
        candidates = [c for c in self.lsh.query(minhash) if self.hashes[c].jaccard(minhash) >= self.threshold]
        return min(candidates, key=self.order.__getitem__) if candidates else None
