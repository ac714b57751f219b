"""What the articles around a one-word person name: the context that picks one of several
candidates. Pure; reads only the rows of the articles concerned."""

from __future__ import annotations

from collections import defaultdict

import pyarrow as pa
import pyarrow.compute as pc

from newsetl.registry.pairs import Pairs


class Context:
    """Which entities the articles concerned name, and around each candidate (full-name person)
    the entities named in the articles naming it, itself left out."""

    def __init__(
        self, entities: pa.Table, pairs: Pairs, full: pa.Array, articles: set[str], candidates: set[str]
    ) -> None:
        naming = pa.table({"a": entities["article_id"], "k": pairs.of_row}).filter(full)
        articles_of: dict[str, set[str]] = defaultdict(set)
        for article, k in zip(naming["a"].to_pylist(), naming["k"].to_pylist(), strict=True):
            if pairs.ids[k] in candidates:
                articles_of[pairs.ids[k]].add(article)
        wanted = articles | {a for found in articles_of.values() for a in found}
        self.ids = _ids_of(entities, pairs, wanted) if wanted else {}
        self.around: dict[str, set[str]] = {}
        for c in candidates:
            named: set[str] = set()
            for article in articles_of.get(c, ()):
                named |= self.ids[article]
            self.around[c] = named - {c}

    def shares(self, article: str, mention_id: str, candidate: str) -> bool:
        """The article names (besides the mention) an entity named around the candidate."""
        return bool((self.ids[article] - {mention_id}) & self.around[candidate])


def _ids_of(entities: pa.Table, pairs: Pairs, articles: set[str]) -> dict[str, set[str]]:
    """The entity ids each of ``articles`` names."""
    rows = pa.table({"a": entities["article_id"], "k": pairs.of_row}).filter(
        pc.is_in(entities["article_id"], pa.array(sorted(articles), pa.string()))
    )
    ids: dict[str, set[str]] = {article: set() for article in articles}
    for article, k in zip(rows["a"].to_pylist(), rows["k"].to_pylist(), strict=True):
        ids[article].add(pairs.ids[k])
    return ids
