"""Near-duplicate articles: MinHash over body word shingles, LSH for candidates, Jaccard to confirm.

Pure: signatures are computed from text; the index lives in memory for one run and is filled
from the committed ``signatures`` table when the run first needs it.

Signatures come from datasketch's ``MinHash``; the banding (how many bands of how many rows) is
datasketch's choice for the threshold. The index itself is columnar: datasketch's in-memory
``MinHashLSH`` keeps a Python set per bucket and per article (about 2.4 KB an article, 23 MiB for
10,000), which made a long run's memory grow with the warehouse. Here every article costs one row of
hash values (32-bit, as datasketch makes them) and one 64-bit key per band in numpy arrays (about
0.5 KB with its id), and a bucket is found by binary search. The candidates are exactly those
datasketch would give (equal band values, equal keys), then confirmed the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from datasketch import MinHash
from datasketch.lsh import _optimal_param

NUM_PERM = 64
SHINGLE_WORDS = 5
# Odd 64-bit multipliers that fold a band's values into one key (wrapping arithmetic). Equal bands
# give equal keys; a rare collision only adds a candidate, which the Jaccard check then refuses.
_FOLD = np.random.default_rng(20261203).integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
_MIN_SORTED_TAIL = 1024  # keys added since the last sort that are searched linearly

UInt64s = np.ndarray[Any, np.dtype[np.uint64]]


def signature(body: str) -> list[int]:
    """MinHash values of the body's lower-cased word 5-shingles."""
    words = body.lower().split()
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(len(words) - SHINGLE_WORDS + 1, 1))}
    minhash = MinHash(num_perm=NUM_PERM)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return [int(v) for v in minhash.hashvalues]


class NearDuplicateIndex:
    """Articles seen so far; :meth:`match` names the earliest one a new body nearly repeats."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.bands, self.rows = _optimal_param(threshold, NUM_PERM, 0.5, 0.5)
        self.ids: list[str] = []  # in the order added: earlier is smaller
        self._seen: set[str] = set()
        self._hashes: np.ndarray[Any, np.dtype[np.uint32]] = np.zeros((0, NUM_PERM), np.uint32)
        self._keys: UInt64s = np.zeros((0, self.bands), np.uint64)
        self._size = 0
        # Per band: keys sorted, with the positions they belong to; rows added later are searched
        # linearly until there are enough of them to sort again.
        self._sorted: list[tuple[UInt64s, np.ndarray[Any, np.dtype[np.int64]]]] = []
        self._sorted_upto = 0

    def __len__(self) -> int:
        return self._size

    def _band_keys(self, hashes: UInt64s) -> UInt64s:
        """One key per band for each row of hash values (shape rows × bands)."""
        used = self.bands * self.rows
        folded = hashes[:, :used].astype(np.uint64) * _FOLD[:used]
        keys: UInt64s = folded.reshape(len(hashes), self.bands, self.rows).sum(axis=2, dtype=np.uint64)
        return keys

    def add_all(self, entries: Iterable[tuple[str, Sequence[int]]]) -> None:
        ids, rows = [], []
        for article_id, values in entries:
            ids.append(article_id)
            rows.append(values)
        if ids:
            self.add_array(ids, np.asarray(rows, dtype=np.uint64).reshape(len(ids), NUM_PERM))

    def add_table(
        self, article_ids: pa.ChunkedArray | pa.Array, minhashes: pa.ChunkedArray | pa.Array
    ) -> None:
        """Add the committed signatures (``article_id``, ``minhash`` columns) without a Python list
        per article."""
        ids = article_ids.to_pylist()
        lists = minhashes.combine_chunks() if isinstance(minhashes, pa.ChunkedArray) else minhashes
        lengths = pc.list_value_length(lists).to_numpy(zero_copy_only=False)
        if len(ids) and (lengths == NUM_PERM).all():
            self.add_array(ids, lists.flatten().to_numpy().astype(np.uint64).reshape(len(ids), NUM_PERM))
        else:  # a signature of another length cannot be compared with these: left out
            self.add_all(
                (a, v) for a, v, n in zip(ids, lists.to_pylist(), lengths, strict=True) if n == NUM_PERM
            )

    def add(self, article_id: str, values: Sequence[int]) -> None:
        self.add_array([article_id], np.asarray(values, dtype=np.uint64).reshape(1, NUM_PERM))

    def add_array(self, article_ids: Sequence[str], hashes: UInt64s) -> None:
        """Add many articles at once: ``hashes`` holds one row of MinHash values per id."""
        keep = []
        for i, article_id in enumerate(article_ids):
            if article_id not in self._seen:
                self._seen.add(article_id)
                keep.append(i)
        if not keep:
            return
        hashes = hashes[keep]
        if hashes.size and int(hashes.max()) >= 2**32:
            raise ValueError("MinHash values are 32-bit (datasketch's affine32 scheme)")
        self._grow(self._size + len(keep))
        end = self._size + len(keep)
        self._hashes[self._size : end] = hashes
        self._keys[self._size : end] = self._band_keys(hashes)
        self.ids.extend(article_ids[i] for i in keep)
        self._size = end
        if self._size - self._sorted_upto > max(_MIN_SORTED_TAIL, self._sorted_upto // 8):
            self._sort()

    def _grow(self, size: int) -> None:
        if size <= len(self._hashes):
            return
        capacity = max(size, len(self._hashes) * 3 // 2, 256)
        for name in ("_hashes", "_keys"):
            old = getattr(self, name)
            new = np.zeros((capacity, old.shape[1]), old.dtype)
            new[: self._size] = old[: self._size]
            setattr(self, name, new)

    def _sort(self) -> None:
        keys = self._keys[: self._size]
        self._sorted = []
        for band in range(self.bands):
            order = np.argsort(keys[:, band], kind="stable")
            self._sorted.append((keys[order, band], order))
        self._sorted_upto = self._size

    def _candidates(self, keys: UInt64s) -> np.ndarray[Any, np.dtype[np.int64]]:
        found = []
        tail = self._keys[self._sorted_upto : self._size]
        for band, key in enumerate(keys):
            if self._sorted:
                sorted_keys, positions = self._sorted[band]
                lo, hi = np.searchsorted(sorted_keys, key, "left"), np.searchsorted(sorted_keys, key, "right")
                found.append(positions[lo:hi])
            found.append(np.flatnonzero(tail[:, band] == key) + self._sorted_upto)
        return np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)

    def match(self, values: Sequence[int]) -> str | None:
        mine = np.asarray(values, dtype=np.uint64).reshape(1, NUM_PERM)
        candidates = self._candidates(self._band_keys(mine)[0])
        if not len(candidates):
            return None
        jaccard = (self._hashes[candidates].astype(np.uint64) == mine).mean(axis=1)  # estimated
        confirmed = candidates[jaccard >= self.threshold]
        return self.ids[int(confirmed.min())] if len(confirmed) else None
