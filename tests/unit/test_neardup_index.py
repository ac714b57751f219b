"""The columnar near-duplicate index gives exactly the matches datasketch's own MinHashLSH gives."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from datasketch import MinHash, MinHashLSH

from newsetl.neardup import NUM_PERM, NearDuplicateIndex, signature


class _Reference:
    """The previous index: datasketch's LSH for candidates, estimated Jaccard to confirm, earliest wins."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.order: dict[str, int] = {}
        self.hashes: dict[str, np.ndarray] = {}

    def add(self, article_id: str, values: list[int]) -> None:
        if article_id not in self.order:
            self.lsh.insert(article_id, MinHash(num_perm=NUM_PERM, hashvalues=values, scheme="affine32"))
            self.order[article_id] = len(self.order)
            self.hashes[article_id] = np.asarray(values, dtype=np.uint64)

    def match(self, values: list[int]) -> str | None:
        mine = np.asarray(values, dtype=np.uint64)
        found = [
            c
            for c in self.lsh.query(MinHash(num_perm=NUM_PERM, hashvalues=values, scheme="affine32"))
            if float(np.mean(self.hashes[c] == mine)) >= self.threshold
        ]
        return min(found, key=self.order.__getitem__) if found else None


def _signatures(count: int, seed: int) -> list[list[int]]:
    """Random signatures, with families of near copies (a few values changed) planted among them."""
    rng = np.random.default_rng(seed)
    out: list[list[int]] = []
    for _ in range(count):
        if out and rng.random() < 0.4:
            base = np.array(out[int(rng.integers(len(out)))], dtype=np.uint64)
            changed = rng.choice(NUM_PERM, size=int(rng.integers(0, 20)), replace=False)
            base[changed] = rng.integers(0, 2**32, size=len(changed), dtype=np.uint64)
            out.append([int(v) for v in base])
        else:
            out.append([int(v) for v in rng.integers(0, 2**32, size=NUM_PERM, dtype=np.uint64)])
    return out


def test_matches_equal_datasketch_lsh_as_the_index_grows_past_its_sorted_part() -> None:
    signatures = _signatures(3000, seed=7)
    index, reference = NearDuplicateIndex(threshold=0.8), _Reference(0.8)
    disagreements, matched = 0, 0
    for i, values in enumerate(signatures):
        got = index.match(values)
        disagreements += got != reference.match(values)
        matched += got is not None
        index.add(f"a{i}", values)
        reference.add(f"a{i}", values)
    assert disagreements == 0
    assert matched > 10  # the planted copies were found, not only the absence of matches agreed


def test_bulk_load_from_arrow_equals_one_by_one_and_ignores_repeats() -> None:
    signatures = _signatures(600, seed=3)
    ids = [f"b{i}" for i in range(600)]
    one_by_one = NearDuplicateIndex(threshold=0.8)
    for article_id, values in zip(ids, signatures, strict=True):
        one_by_one.add(article_id, values)
    bulk = NearDuplicateIndex(threshold=0.8)
    table = pa.table({"article_id": ids, "minhash": pa.array(signatures, pa.list_(pa.int64()))})
    bulk.add_table(table["article_id"], table["minhash"])
    bulk.add(ids[0], signatures[1])  # an id already present keeps its first signature
    assert len(bulk) == len(one_by_one) == 600
    for values in _signatures(200, seed=4):
        assert bulk.match(values) == one_by_one.match(values)
    assert bulk.match(signatures[0]) == "b0"


def test_real_bodies_find_the_earliest_copy_not_a_different_story() -> None:
    story = " ".join(
        f"Paragraph {i} of the council report says the budget grew by {i} percent." for i in range(40)
    )
    index = NearDuplicateIndex(threshold=0.8)
    index.add("first", signature(story))
    index.add("second", signature(story + " One more closing line from the desk."))
    assert index.match(signature(story.replace("grew", "rose", 1))) == "first"
    assert index.match(signature("An entirely different story about rainfall in the north. " * 20)) is None
