"""Keep ``entity_registry``, ``entities`` and ``quotes`` in step, inside each commit.

Called by the run's publish step with the writer lock held, after the run's own parts are written
and before its commit record. It reads the entities of every live part plus the run's new ones,
resolves them (:func:`newsetl.registry.resolve.resolve_table`, pure) and returns what the commit must add
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

import pyarrow as pa
import pyarrow.compute as pc

from newsetl.contracts import load_contracts
from newsetl.registry.resolve import resolve_table
from newsetl.store.warehouse import Warehouse

REGISTRY = "entity_registry"


@dataclass
class Linked:
    """What the commit adds (per table, parts), retires, and how many registry rows it holds."""

    parts: dict[str, list[str]]
    retires: dict[str, list[str]] = field(default_factory=dict)
    registry_rows: int = 0


_KEYS = ["article_id", "entity_id", "name", "label"]


def _entity_keys(store: Warehouse, rel: str) -> tuple[pa.Table, bool]:
    """The columns resolution reads from one entities part, and whether the part predates the
    ``mention`` column (its ``name`` is then the article's own name; the part is rewritten)."""
    try:
        return store.storage.read_parquet(rel, [*_KEYS, "mention"]), False
    except (KeyError, pa.ArrowInvalid):
        keys = store.storage.read_parquet(rel, _KEYS)
        return keys.append_column(pa.field("mention", pa.string()), keys["name"]), True


def _conform(table: str, data: pa.Table) -> pa.Table:
    schema = load_contracts()[table].arrow_schema
    return pa.table([data.column(f.name).cast(f.type) for f in schema], schema=schema)


def link_entities(
    store: Warehouse,
    run_id: str,
    parts: Mapping[str, list[str]],
    retiring: Mapping[str, list[str]] | None = None,
) -> Linked:
    """Resolve the warehouse's entities with this run's parts; the parts and retirements to commit.
    ``retiring``: live parts the commit will retire itself (a reprocess), left out of the resolution.

    Reads only the key columns of every entities part and the dates of every article; rewrites only
    the parts whose rows now resolve differently, and reads quotes only for the articles concerned."""
    # The state before this run: a retried publish (its first commit record written, the catalog
    # refresh failed) must resolve exactly as the first attempt did.
    live = store.live_parts([c for c in store.commits() if c.run_id != run_id])
    for table, rels in (retiring or {}).items():
        gone = set(rels)
        live[table] = [rel for rel in live.get(table, []) if rel not in gone]
    entity_parts = [*live.get("entities", []), *parts.get("entities", [])]
    read = [_entity_keys(store, rel) for rel in entity_parts]
    sizes = [keys.num_rows for keys, _ in read]
    legacy = [old for _, old in read]
    stored = (
        pa.concat_tables([keys.select([*_KEYS, "mention"]) for keys, _ in read], promote_options="permissive")
        if read
        else _empty_keys()
    )
    del read
    resolved = resolve_table(stored, _dates(store, [*live.get("articles", []), *parts.get("articles", [])]))
    links = resolved.links
    differs = pc.or_(
        pc.not_equal(stored["entity_id"], links["entity_id"]), pc.not_equal(stored["name"], links["name"])
    )
    out = Linked({table: list(rels) for table, rels in parts.items()})
    seq = 0
    start = 0
    for rel, size, old in zip(entity_parts, sizes, legacy, strict=True):
        if old or pc.any(differs.slice(start, size)).as_py():
            data = store.storage.read_parquet(rel)
            for column in ("entity_id", "name", "mention"):
                source = stored["mention"] if column == "mention" else links[column]
                field = pa.field(column, pa.string())
                chunk = source.slice(start, size)
                if column in data.column_names:
                    data = data.set_column(data.schema.get_field_index(column), field, chunk)
                else:
                    data = data.append_column(field, chunk)
            seq = _replace(store, run_id, seq, "entities", rel, _conform("entities", data), out, parts)
        start += size
    touched = pc.unique(pc.filter(stored["article_id"], differs))
    if len(touched):
        concerned = pc.is_in(stored["article_id"], touched)
        renames, old_names = _names(stored.filter(concerned), links.filter(concerned))
        for rel in [*live.get("quotes", []), *parts.get("quotes", [])]:
            speakers = store.storage.read_parquet(rel, ["article_id", "speaker"])
            if not pc.any(pc.is_in(speakers["article_id"], touched)).as_py():
                continue
            new = _relink_speakers(speakers, renames, old_names)
            if new is not None:
                data = store.storage.read_parquet(rel)
                data = data.set_column(
                    data.schema.get_field_index("speaker"), pa.field("speaker", pa.string()), new
                )
                seq = _replace(store, run_id, seq, "quotes", rel, _conform("quotes", data), out, parts)
    registry = _conform(REGISTRY, resolved.registry)
    out.parts[REGISTRY] = [store.write_part(run_id, 90000, REGISTRY, registry)]
    if live.get(REGISTRY):
        out.retires[REGISTRY] = list(live[REGISTRY])
    out.registry_rows = registry.num_rows
    return out


def _empty_keys() -> pa.Table:
    return pa.table({name: pa.array([], pa.string()) for name in [*_KEYS, "mention"]})


def _dates(store: Warehouse, rels: list[str]) -> pa.Table:
    tables = [store.storage.read_parquet(rel, ["article_id", "published_date"]) for rel in rels]
    if not tables:
        return pa.table(
            {"article_id": pa.array([], pa.string()), "published_date": pa.array([], pa.date32())}
        )
    return pa.concat_tables(tables, promote_options="permissive")


def _names(stored: pa.Table, links: pa.Table) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """For the articles whose entities resolve differently now: per article, article-level name ->
    canonical name, and stored (previous) name -> article-level name. Quotes of other articles
    already name their speakers canonically."""
    renames: dict[str, dict[str, str]] = defaultdict(dict)
    old_names: dict[str, dict[str, str]] = defaultdict(dict)
    for article, name, mention, canonical in zip(
        stored["article_id"].to_pylist(),
        stored["name"].to_pylist(),
        stored["mention"].to_pylist(),
        links["name"].to_pylist(),
        strict=True,
    ):
        old_names[article][name] = mention
        renames[article][mention] = canonical
    return renames, old_names


def _relink_speakers(
    speakers: pa.Table, renames: dict[str, dict[str, str]], old_names: dict[str, dict[str, str]]
) -> pa.Array | None:
    """The speaker column with every speaker the article named renamed to its canonical name;
    None when nothing changes."""
    column = speakers["speaker"].to_pylist()
    changed = False
    for i, (article, speaker) in enumerate(zip(speakers["article_id"].to_pylist(), column, strict=True)):
        if speaker is None or article not in renames:
            continue
        own = old_names[article].get(speaker, speaker)  # the name the article itself gave
        canonical = renames[article].get(own, own)
        if canonical != speaker:
            column[i] = canonical
            changed = True
    return pa.array(column, pa.string()) if changed else None


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
