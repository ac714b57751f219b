"""Exactly once per content: any inputs, in any order, any number of runs → the same warehouse."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsetl.run import ingest_local
from newsetl.settings import Settings
from newsetl.store.query import query

REPO = Path(__file__).resolve().parents[2]
SAMPLE = sorted((REPO / "raw").glob("*.txt"))
# A pool of inputs: distinct articles, the same bytes under a second name, the same content with
# other bytes (CRLF), and one reject. Names are fixed so that runs can be compared.
POOL: dict[str, bytes] = {
    "a.txt": SAMPLE[0].read_bytes(),
    "b.txt": SAMPLE[1].read_bytes(),
    "c.txt": SAMPLE[2].read_bytes(),
    "a-copy.txt": SAMPLE[0].read_bytes(),
    "b-crlf.txt": SAMPLE[1].read_bytes().replace(b"\n", b"\r\n"),
    "empty.txt": b"",
}
CONTENT_COLUMNS = {
    "articles": "article_id, content_sha256, headline, dek, authors, dateline, published_date, body",
    "images": "article_id, image_index, caption, credit, photographer, agency",
    "quotes": "article_id, quote_index, text, speaker, kind, char_start, char_end",
    "entities": "article_id, entity_id, name, mention, label, mention_count",
    "entity_registry": "entity_id, name, label, aliases, article_count, first_seen, last_seen, "
    "confidence, candidates",
    "rejects": "source_file, content_sha256, stage, reason_code",
    "sources": "source_file, content_sha256, article_id",
}


def _tables(warehouse: Path) -> dict[str, list[tuple[object, ...]]]:
    found = {}
    for table, columns in CONTENT_COLUMNS.items():
        rows = query(warehouse, f"SELECT {columns} FROM {table}").to_pylist()
        found[table] = sorted(tuple(map(repr, row.values())) for row in rows)
    return found


def _ingest_runs(runs: list[list[str]], root: Path) -> dict[str, list[tuple[object, ...]]]:
    warehouse = root / "wh"
    for index, names in enumerate(runs):
        raw = root / f"raw{index}"
        raw.mkdir()
        for name in names:
            (raw / name).write_bytes(POOL[name])
        ingest_local([raw], Settings(batch_size=2), warehouse)
    return _tables(warehouse)


REFERENCE: dict[str, list[tuple[object, ...]]] = {}


def _reference() -> dict[str, list[tuple[object, ...]]]:
    if not REFERENCE:
        with tempfile.TemporaryDirectory() as tmp:
            REFERENCE.update(_ingest_runs([sorted(POOL)], Path(tmp)))
    return REFERENCE


runs_strategy = (
    st.lists(st.permutations(sorted(POOL)), min_size=1, max_size=3)
    .flatmap(
        lambda perms: st.tuples(
            st.just(perms),
            st.lists(st.lists(st.sampled_from(sorted(POOL)), max_size=6, unique=True), max_size=2),
        )
    )
    .map(lambda pair: [list(p) for p in pair[0]] + [list(extra) for extra in pair[1] if extra])
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs=runs_strategy)
def test_any_order_and_repeats_give_the_same_warehouse(runs: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tables = _ingest_runs(runs, Path(tmp))
    reference = _reference()
    for table in CONTENT_COLUMNS:
        if table == "sources":  # which name becomes the 'article' depends on order: compare the pairs
            assert {r[:2] for r in tables[table]} == {r[:2] for r in reference[table]}
            continue
        assert tables[table] == reference[table], table


def test_same_bytes_twice_in_one_run_and_across_runs_is_one_article(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("a.txt", "a-copy.txt", "b.txt", "b-crlf.txt"):
        (raw / name).write_bytes(POOL[name])
    ingest_local([raw], Settings(batch_size=1), tmp_path / "wh")
    shutil.copy(raw / "a.txt", raw / "a-third-name.txt")
    ingest_local([raw], Settings(batch_size=1), tmp_path / "wh")
    statuses = dict(
        query(tmp_path / "wh", "SELECT source_file, status FROM sources").to_pylist()[i].values()
        for i in range(5)
    )
    assert sorted(statuses.values()) == ["article", "article", "duplicate", "duplicate", "duplicate"]
    assert query(tmp_path / "wh", "SELECT count(*) AS n FROM articles").column("n")[0].as_py() == 2
