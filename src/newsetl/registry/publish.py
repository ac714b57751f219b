"""Keep ``entity_registry``, ``entities`` and ``quotes`` in step, inside each commit.

Called by the run's publish step with the writer lock held, after the run's own parts are written
and before its commit record. It reads the entities of every live part plus the run's new ones,
resolves them (:func:`newsetl.registry.resolve.resolve`, pure) and returns what the commit must add
and retire:

* a new ``entity_registry`` snapshot (one part) that retires the previous one;
* for every ``entities`` / ``quotes`` part whose rows now resolve differently (a surname that became
  linkable, or ambiguous, because of this run's articles), a rewritten part that retires the old.

The commit record is the only switch (:meth:`newsetl.store.warehouse.Warehouse.commit`): until it is
written, none of these parts is live; a crash leaves them to the next writer's cleanup. The registry
therefore always describes exactly the committed rows. ``entities.mention`` keeps the name as the
article gave it, so each commit resolves from the articles' own names, never from an earlier
resolution: the result depends only on which articles are in the warehouse, not on their order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from newsetl.contracts import load_contracts
from newsetl.registry.resolve import EntityRow, Resolution, resolve
from newsetl.store.warehouse import Warehouse

REGISTRY = "entity_registry"


@dataclass
class Linked:
    """What the commit adds (per table, parts), retires, and how many registry rows it holds."""

    parts: dict[str, list[str]]
    retires: dict[str, list[str]] = field(default_factory=dict)
    registry_rows: int = 0


def _read(store: Warehouse, rel: str) -> pa.Table:
    return store.storage.read_parquet(rel)


def _column(table: pa.Table, name: str, fallback: str) -> list[Any]:
    source = name if name in table.column_names else fallback
    return list(table.column(source).to_pylist())


def _conform(table: str, rows: dict[str, list[Any]]) -> pa.Table:
    schema = load_contracts()[table].arrow_schema
    return pa.table({f.name: pa.array(rows[f.name], f.type) for f in schema}, schema=schema)


def link_entities(
    store: Warehouse,
    run_id: str,
    parts: Mapping[str, list[str]],
    retiring: Mapping[str, list[str]] | None = None,
) -> Linked:
    """Resolve the warehouse's entities with this run's parts; the parts and retirements to commit.
    ``retiring``: live parts the commit will retire itself (a reprocess), left out of the resolution."""
    # The state before this run: a retried publish (its first commit record written, the catalog
    # refresh failed) must resolve exactly as the first attempt did.
    live = store.live_parts([c for c in store.commits() if c.run_id != run_id])
    for table, rels in (retiring or {}).items():
        gone = set(rels)
        live[table] = [rel for rel in live.get(table, []) if rel not in gone]
    entity_parts = [*live.get("entities", []), *parts.get("entities", [])]
    quote_parts = [*live.get("quotes", []), *parts.get("quotes", [])]
    tables = {rel: _read(store, rel) for rel in entity_parts}
    rows = [
        EntityRow(article, mention, label)
        for data in tables.values()
        for article, mention, label in zip(
            data.column("article_id").to_pylist(),
            _column(data, "mention", "name"),
            data.column("label").to_pylist(),
            strict=True,
        )
    ]
    dates = _dates(store, [*live.get("articles", []), *parts.get("articles", [])])
    resolution = resolve(rows, dates)
    out = Linked({table: list(rels) for table, rels in parts.items()})
    seq = 0
    renames: dict[str, dict[str, str]] = defaultdict(dict)  # article -> article-level name -> canonical
    old_names: dict[str, dict[str, str]] = defaultdict(dict)  # article -> stored name -> article-level
    for rel, data in tables.items():
        new_data, changed = _relink_entities(data, resolution, renames, old_names)
        if changed:
            seq = _replace(store, run_id, seq, "entities", rel, new_data, out, parts)
    for rel in quote_parts:  # only the speaker columns first: most parts do not change
        speakers = store.storage.read_parquet(rel, ["article_id", "speaker"])
        if _relink_quotes(speakers, renames, old_names)[1]:
            new_data, _ = _relink_quotes(_read(store, rel), renames, old_names)
            seq = _replace(store, run_id, seq, "quotes", rel, new_data, out, parts)
    registry = _conform(REGISTRY, {k: [r[k] for r in resolution.registry] for k in _registry_columns()})
    out.parts[REGISTRY] = [store.write_part(run_id, 90000, REGISTRY, registry)]
    if live.get(REGISTRY):
        out.retires[REGISTRY] = list(live[REGISTRY])
    out.registry_rows = registry.num_rows
    return out


def _registry_columns() -> list[str]:
    return list(load_contracts()[REGISTRY].column_names)


def _dates(store: Warehouse, rels: list[str]) -> dict[str, Any]:
    dates: dict[str, Any] = {}
    for rel in rels:
        data = store.storage.read_parquet(rel, ["article_id", "published_date"])
        dates.update(
            zip(data.column("article_id").to_pylist(), data.column("published_date").to_pylist(), strict=True)
        )
    return dates


def _relink_entities(
    data: pa.Table,
    resolution: Resolution,
    renames: dict[str, dict[str, str]],
    old_names: dict[str, dict[str, str]],
) -> tuple[pa.Table, bool]:
    columns = {name: data.column(name).to_pylist() for name in data.column_names}
    mentions = _column(data, "mention", "name")
    changed = "mention" not in data.column_names
    for i, (article, mention, label) in enumerate(
        zip(columns["article_id"], mentions, columns["label"], strict=True)
    ):
        canon = resolution.canonical(article, EntityRow(article, mention, label).mention_id)
        assert canon is not None  # every row was resolved
        old_names[article][columns["name"][i]] = mention
        renames[article][mention] = canon.name
        if (columns["entity_id"][i], columns["name"][i]) != (canon.entity_id, canon.name):
            columns["entity_id"][i], columns["name"][i] = canon.entity_id, canon.name
            changed = True
    columns["mention"] = mentions
    return _conform("entities", columns), changed


def _relink_quotes(
    data: pa.Table, renames: dict[str, dict[str, str]], old_names: dict[str, dict[str, str]]
) -> tuple[pa.Table, bool]:
    columns = {name: data.column(name).to_pylist() for name in data.column_names}
    changed = False
    for i, (article, speaker) in enumerate(zip(columns["article_id"], columns["speaker"], strict=True)):
        if speaker is None:
            continue
        own = old_names[article].get(speaker, speaker)  # the name the article itself gave
        canonical = renames[article].get(own, own)
        if canonical != speaker:
            columns["speaker"][i] = canonical
            changed = True
    if not changed or len(columns) < len(load_contracts()["quotes"].columns):
        return data, changed
    return _conform("quotes", columns), changed


def _replace(
    store: Warehouse,
    run_id: str,
    seq: int,
    table: str,
    rel: str,
    data: pa.Table,
    out: Linked,
    parts: Mapping[str, list[str]],
) -> int:
    """Write ``data`` as a new part in place of ``rel`` (this run's own part, or a committed one)."""
    new_rel = store.write_part(f"{run_id}-linked", seq, table, data)
    own = out.parts.setdefault(table, [])
    if rel in parts.get(table, []):
        own[own.index(rel)] = new_rel
    else:
        own.append(new_rel)
        out.retires.setdefault(table, []).append(rel)
    return seq + 1


def discard_superseded(store: Warehouse, parts: Mapping[str, list[str]], linked: Linked) -> None:
    """After the commit (and the catalog refresh): delete the parts it retired and this run's parts
    it replaced. Best effort: whatever stays is removed by the next writer's cleanup."""
    kept = {rel for rels in linked.parts.values() for rel in rels}
    stale = [rel for rels in linked.retires.values() for rel in rels]
    stale += [rel for rels in parts.values() for rel in rels if rel not in kept]
    for rel in stale:
        try:
            store.storage.delete(rel)
        except OSError:
            continue
