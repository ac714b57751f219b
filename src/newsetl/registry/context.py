"""What the articles around a one-word person name: the context that picks one of several
candidates. Pure, and columnar: the warehouse's (article, entity) incidence stays in numpy arrays;
only the few articles concerned and the candidates' surroundings become Python sets."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newsetl.registry.pairs import Pairs, as_array

Ints = np.ndarray[tuple[int], np.dtype[np.int64]]
_CHUNK = 4096  # (article, candidate) pairs expanded at a time


class Context:
    """Which entities the articles concerned name, and around each candidate (full-name person)
    the entities named in the articles naming it, itself left out."""

    def __init__(
        self, entities: pa.Table, pairs: Pairs, full: pa.Array, articles: set[str], candidates: set[str]
    ) -> None:
        encoded = pc.dictionary_encode(as_array(entities["article_id"]))
        article = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
        names, pair_entity = np.unique(np.array(pairs.ids, dtype=object), return_inverse=True)
        self._names: list[str] = names.tolist()
        entity = np.asarray(pair_entity, dtype=np.int64)[pairs.of_row.to_numpy(zero_copy_only=False)]
        self._width = width = len(self._names) + 1
        # Each (article, entity) once, sorted by article: the rows of one article are a slice.
        named = np.unique(article * width + entity)
        self._article, self._entity = named // width, named % width
        concerned = sorted(articles)
        codes = pc.index_in(pa.array(concerned, pa.string()), value_set=encoded.dictionary).to_pylist()
        self.ids = {a: self._named_in(code) for a, code in zip(concerned, codes, strict=True)}
        self.around = self._around(article, entity, full, candidates)

    def _named_in(self, code: int | None) -> set[str]:
        if code is None:
            return set()
        lo, hi = np.searchsorted(self._article, [code, code + 1])
        return {self._names[e] for e in self._entity[lo:hi].tolist()}

    def _around(
        self, article: Ints, entity: Ints, full: pa.Array, candidates: set[str]
    ) -> dict[str, set[str]]:
        position = {name: i for i, name in enumerate(self._names)}
        wanted = np.array(sorted(position[c] for c in candidates if c in position), dtype=np.int64)
        naming = full.to_numpy(zero_copy_only=False) & np.isin(entity, wanted)
        width = self._width
        pairs = np.unique(article[naming] * width + entity[naming])  # (article, candidate) once each
        seen = self._near(pairs)
        around: dict[str, set[str]] = {c: set() for c in candidates}
        for c, e in zip((seen // width).tolist(), (seen % width).tolist(), strict=True):
            if c != e:
                around[self._names[c]].add(self._names[e])
        return around

    def _near(self, pairs: Ints) -> Ints:
        """The distinct (candidate, entity) keys of what the articles naming each candidate name
        (``pairs``: (article, candidate) keys), expanded a chunk at a time so that the expansion never
        holds the whole warehouse at once."""
        width = self._width
        seen: Ints = np.zeros(0, np.int64)
        for chunk in range(0, len(pairs), _CHUNK):
            part = pairs[chunk : chunk + _CHUNK]
            who, where = part % width, part // width
            starts = np.searchsorted(self._article, where, "left")
            lengths = np.searchsorted(self._article, where, "right") - starts
            offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
            near = self._entity[np.arange(int(lengths.sum())) + offsets]
            seen = np.union1d(seen, np.repeat(who, lengths) * width + near)
        return seen

    def shares(self, article: str, mention_id: str, candidate: str) -> bool:
        """The article names (besides the mention) an entity named around the candidate."""
        return bool((self.ids[article] - {mention_id}) & self.around[candidate])
