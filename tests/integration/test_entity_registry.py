"""The entity registry across commits: linked surnames, any order of runs, crashes before the commit.

Small invented articles (names made up for the test) are turned into rows as the pipeline does
(:func:`newsetl.rows.article_rows`, contract validation) and committed through the real publish
step, so no spaCy model is needed and each test takes a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsetl.model import Entity, Extraction, ParsedArticle, Quote
from newsetl.registry.publish import REGISTRY, link_entities
from newsetl.rows import RunInfo, article_rows, entity_id_for
from newsetl.run import publish
from newsetl.store.query import query
from newsetl.store.warehouse import Warehouse
from newsetl.validate import validate_batch

# article key -> (date, entities as (name, label), quote speakers)
ARTICLES: dict[str, tuple[dt.date, list[tuple[str, str]], list[str]]] = {
    "full": (dt.date(2024, 1, 2), [("Marta Quell", "PERSON"), ("Oskland", "GPE")], ["Marta Quell"]),
    "short": (dt.date(2024, 1, 5), [("Quell", "PERSON"), ("Oskland", "GPE")], ["Quell"]),
    "other": (dt.date(2024, 2, 1), [("Ivo Quell", "PERSON"), ("Brint Works", "ORG")], []),
    "other-short": (dt.date(2024, 2, 3), [("Quell", "PERSON"), ("Brint Works", "ORG")], ["Quell"]),
    "lonely": (dt.date(2024, 3, 1), [("Tamsk", "PERSON")], ["Tamsk"]),
}


def _rows(key: str, run: RunInfo) -> dict[str, list[dict[str, object]]]:
    date, entities, speakers = ARTICLES[key]
    body = f"Article {key}. " + " ".join(f"“Words {i}” said someone." for i in range(len(speakers)))
    parsed = ParsedArticle(
        headline=f"Headline {key}",
        dek=None,
        authors=(),
        publisher=None,
        published_date=date,
        dateline=None,
        paragraphs=(body,),
    )
    quotes = tuple(
        Quote(f"Words {i}", speaker, speaker, "full", 0, 1, 8, 0.9) for i, speaker in enumerate(speakers)
    )
    extraction = Extraction(
        quotes=quotes, entities=tuple(Entity(name, label, 1, ("body",)) for name, label in entities)
    )
    article_id = hashlib.sha256(key.encode()).hexdigest()[:16]
    return article_rows(
        article_id=article_id,
        source_file=f"{key}.txt",
        content_sha256="0" * 64,
        parsed=parsed,
        extraction=extraction,
        run=run,
    )


def _commit(store: Warehouse, keys: list[str], run_id: str, *, publish_it: bool = True) -> None:
    run = RunInfo(run_id, dt.datetime(2024, 5, 1, tzinfo=dt.UTC), "en")
    rows: dict[str, list[dict[str, object]]] = {}
    for key in keys:
        for table, table_rows in _rows(key, run).items():
            rows.setdefault(table, []).extend(table_rows)
    batch = validate_batch(rows)
    assert not batch.failures
    with store.writer_lock():
        store.prepare()
        parts = {
            table: [store.write_part(run_id, 0, table, data)]
            for table, data in batch.tables.items()
            if data.num_rows
        }
        if publish_it:
            publish(store, run, parts, {t: len(r) for t, r in rows.items()})
        else:  # what a crash just before the commit record leaves behind
            link_entities(store, run_id, parts)


def _state(root: Path) -> dict[str, list[tuple[object, ...]]]:
    sql = {
        "entities": "SELECT h.headline, e.entity_id, e.name, e.mention, e.label FROM entities e "
        "JOIN articles h USING (article_id)",
        "quotes": "SELECT h.headline, q.quote_index, q.speaker FROM quotes q "
        "JOIN articles h USING (article_id)",
        REGISTRY: "SELECT entity_id, name, label, aliases, article_count, first_seen, last_seen, "
        "confidence, candidates FROM entity_registry",
    }
    return {
        t: sorted(tuple(map(repr, r.values())) for r in query(root, s).to_pylist()) for t, s in sql.items()
    }


def _registry(root: Path) -> dict[str, dict[str, object]]:
    rows = query(root, "SELECT * FROM entity_registry").to_pylist()
    return {str(r["name"]): r for r in rows}


def test_a_surname_links_to_the_one_full_name_in_the_warehouse(tmp_path: Path) -> None:
    store = Warehouse(tmp_path)
    _commit(store, ["short"], "r1")
    assert _registry(tmp_path)["Quell"]["confidence"] == 0.5  # no full name known yet
    _commit(store, ["full"], "r2")
    registry = _registry(tmp_path)
    assert "Quell" not in registry
    assert registry["Marta Quell"]["aliases"] == ["Quell"]
    assert registry["Marta Quell"]["article_count"] == 2
    assert registry["Marta Quell"]["first_seen"] == dt.date(2024, 1, 2)
    assert registry["Marta Quell"]["last_seen"] == dt.date(2024, 1, 5)
    rows = query(
        tmp_path, "SELECT name, mention, entity_id FROM entities WHERE mention = 'Quell'"
    ).to_pylist()
    assert rows == [
        {"name": "Marta Quell", "mention": "Quell", "entity_id": entity_id_for("Marta Quell", "PERSON")}
    ]
    speakers = query(tmp_path, "SELECT speaker, speaker_mention FROM quotes").to_pylist()
    assert {(r["speaker"], r["speaker_mention"]) for r in speakers} == {
        ("Marta Quell", "Marta Quell"),
        ("Marta Quell", "Quell"),
    }


def test_a_second_full_name_unlinks_unless_the_context_decides(tmp_path: Path) -> None:
    store = Warehouse(tmp_path)
    _commit(store, ["full", "short", "other-short"], "r1")
    assert {r["speaker"] for r in query(tmp_path, "SELECT speaker FROM quotes").to_pylist()} == {
        "Marta Quell"
    }
    _commit(store, ["other"], "r2")
    speakers = query(
        tmp_path, "SELECT h.headline, q.speaker FROM quotes q JOIN articles h USING (article_id)"
    ).to_pylist()
    by_article = {r["headline"]: r["speaker"] for r in speakers}
    # "short" shares Oskland with Marta Quell's article; "other-short" shares Brint Works with Ivo's.
    assert by_article["Headline short"] == "Marta Quell"
    assert by_article["Headline other-short"] == "Ivo Quell"
    assert _registry(tmp_path)["Ivo Quell"]["aliases"] == ["Quell"]


def test_without_context_several_candidates_leave_an_own_low_confidence_entry(tmp_path: Path) -> None:
    store = Warehouse(tmp_path)
    ARTICLES["bare"] = (dt.date(2024, 4, 1), [("Quell", "PERSON")], [])
    try:
        _commit(store, ["full", "other", "bare"], "r1")
    finally:
        del ARTICLES["bare"]
    entry = _registry(tmp_path)["Quell"]
    assert entry["confidence"] == 0.3
    assert entry["candidates"] == ["Ivo Quell", "Marta Quell"]


def test_a_crash_before_the_commit_record_leaves_registry_and_rows_as_committed(tmp_path: Path) -> None:
    store = Warehouse(tmp_path)
    _commit(store, ["short"], "r1")
    before = _state(tmp_path)
    _commit(store, ["full"], "r2", publish_it=False)  # parts and the new registry written, no record
    assert _state(tmp_path) == before
    with store.writer_lock():
        store.prepare()  # the next writer removes what the crashed run left
    on_disk = {p.name for p in (tmp_path / REGISTRY).iterdir()}
    assert on_disk == {Path(rel).name for rel in store.live_parts()[REGISTRY]}
    _commit(store, ["full"], "r3")
    assert _registry(tmp_path)["Marta Quell"]["aliases"] == ["Quell"]


def _ingest_in_order(runs: list[list[str]]) -> dict[str, list[tuple[object, ...]]]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Warehouse(Path(tmp))
        for index, keys in enumerate(runs):
            _commit(store, keys, f"run{index:02d}")
        return _state(Path(tmp))


REFERENCE: dict[str, list[tuple[object, ...]]] = {}


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order=st.permutations(sorted(ARTICLES)), cuts=st.sets(st.integers(1, len(ARTICLES) - 1)))
def test_any_order_of_runs_gives_the_same_registry_and_rows(order: list[str], cuts: set[int]) -> None:
    if not REFERENCE:
        REFERENCE.update(_ingest_in_order([sorted(ARTICLES)]))
    bounds = [0, *sorted(cuts), len(order)]
    runs = [order[a:b] for a, b in itertools.pairwise(bounds)]
    assert _ingest_in_order(runs) == REFERENCE


@pytest.mark.parametrize("keys", [["lonely"], ["full", "lonely"]])
def test_registry_counts_every_committed_entity_once(tmp_path: Path, keys: list[str]) -> None:
    store = Warehouse(tmp_path)
    _commit(store, keys, "r1")
    ids = query(tmp_path, "SELECT DISTINCT entity_id FROM entities").column("entity_id").to_pylist()
    registry = query(tmp_path, "SELECT entity_id FROM entity_registry").column("entity_id").to_pylist()
    assert sorted(ids) == sorted(registry)


def test_a_commit_rewrites_only_the_parts_whose_rows_resolve_differently(tmp_path: Path) -> None:
    store = Warehouse(tmp_path)
    _commit(store, ["full"], "r1")
    _commit(store, ["other"], "r2")  # Ivo Quell: r1's rows keep their entities
    first = {t: list(rels) for t, rels in store.live_parts().items()}
    assert any("r1" in rel for rel in first["entities"]) and any("r1" in rel for rel in first["quotes"])
    _commit(store, ["lonely"], "r3")  # nothing in it touches the earlier articles
    assert {
        t: [r for r in rels if "r3" not in r] for t, rels in store.live_parts().items() if t != REGISTRY
    } == {t: rels for t, rels in first.items() if t != REGISTRY}
    _commit(store, ["short"], "r4")  # a "Quell" sharing Oskland with r1's Marta Quell: only r4 changes
    live = store.live_parts()
    assert [r for r in live["entities"] if "r4" not in r] == first["entities"] + [
        r for r in live["entities"] if "r3" in r
    ]
    speakers = {r["speaker"] for r in query(tmp_path, "SELECT speaker FROM quotes").to_pylist()}
    assert speakers == {"Marta Quell", "Tamsk"}
