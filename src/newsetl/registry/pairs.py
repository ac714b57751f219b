"""The distinct (name, label) pairs of a column of entity rows, and integer codes. Pure.

A warehouse holds many entity rows but far fewer distinct pairs: resolution works per pair, and
maps each row to its pair with numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newsetl.rows import entity_id_for


@dataclass(frozen=True)
class Pairs:
    """The distinct (name, label) pairs of the input, and each row's pair."""

    mentions: list[str]
    labels: list[str]
    ids: list[str]
    articles: list[int]  # distinct articles per pair
    of_row: pa.Array  # per input row, its pair's index

    def one_word_person(self, k: int) -> bool:
        return self.labels[k] == "PERSON" and len(self.mentions[k].split()) == 1

    def full_person(self, k: int) -> bool:
        return self.labels[k] == "PERSON" and len(self.mentions[k].split()) > 1


def distinct_pairs(entities: pa.Table) -> Pairs:
    """The distinct (name, label) pairs, sorted, with each row's pair and each pair's article count."""
    mentions = pc.dictionary_encode(as_array(entities["mention"]))
    labels = pc.dictionary_encode(as_array(entities["label"]))
    width = len(labels.dictionary)
    combined = codes(mentions.indices) * width + codes(labels.indices)
    unique, inverse = np.unique(combined, return_inverse=True)
    forms = [
        (mentions.dictionary[int(key) // width].as_py(), labels.dictionary[int(key) % width].as_py())
        for key in unique
    ]
    order = sorted(range(len(forms)), key=forms.__getitem__)
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    of_row = rank[inverse]
    seen = np.unique(of_row.astype(np.int64) * (entities.num_rows + 1) + codes(entities["article_id"]))
    articles = np.bincount(seen // (entities.num_rows + 1), minlength=len(order))
    ordered = [forms[k] for k in order]
    return Pairs(
        [m for m, _ in ordered],
        [label for _, label in ordered],
        [entity_id_for(m, label) for m, label in ordered],
        articles.tolist(),
        pa.array(of_row, pa.int32()),
    )


def as_array(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def codes(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Each value's index among the distinct values, as int64."""
    indices = pc.dictionary_encode(as_array(values)).indices
    return np.asarray(indices.to_numpy(zero_copy_only=False), dtype=np.int64)
