"""The raw layer and `newsetl reprocess`: rows made by older code are re-derived in place.

"Old code" is the current parser with a known distortion (a marked headline, the last paragraph
dropped) and a fake parser version; re-deriving from ``pages`` must give exactly the rows a fresh
ingest with the current code gives, under the same article ids, with nothing duplicated or lost.
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsetl.pipeline
import newsetl.rederive
import newsetl.rows
import newsetl.run
import newsetl.workers
from newsetl.contracts import TABLES
from newsetl.model import ParsedArticle
from newsetl.reprocess import Options, reprocess_local
from newsetl.run import ingest_local
from newsetl.settings import PARSER_VERSION, Settings
from newsetl.store.catalog import write_catalog_file
from newsetl.store.query import query
from newsetl.store.warehouse import CATALOG, Warehouse

REPO = Path(__file__).resolve().parents[2]
SAMPLE = sorted((REPO / "raw").glob("*.txt"))
EXTRA = b"\nA further statement is expected from the council later this week, officials said.\n"
POOL = {f"a{i}.txt": p.read_bytes() for i, p in enumerate(SAMPLE)}
POOL |= {f"b{i}.txt": p.read_bytes() + EXTRA for i, p in enumerate(SAMPLE)}
OLD_MARK = " (old parser)"
COLUMNS = {
    "articles": "article_id, content_sha256, source_file, headline, dek, authors, body, "
    "paragraph_count, duplicate_of, parser_version, nlp_version",
    "images": "article_id, image_index, caption, credit",
    "quotes": "article_id, quote_index, text, speaker, speaker_mention, char_start, char_end",
    "entities": "article_id, entity_id, name, mention, label, mention_count",
    "signatures": "article_id, minhash",
    "entity_registry": "entity_id, name, label, aliases, article_count",
    "pages": "article_id, content_sha256, source_file, content",
}


@contextlib.contextmanager
def old_code() -> Iterator[None]:
    """The parser of an 'older release': other output, another parser version."""
    real_parse, real_version = newsetl.pipeline.parse_article, newsetl.rows.PARSER_VERSION

    def parse(text: str) -> ParsedArticle:
        article = real_parse(text)
        return dataclasses.replace(
            article, headline=(article.headline or "") + OLD_MARK, paragraphs=article.paragraphs[:-1]
        )

    newsetl.pipeline.parse_article, newsetl.rows.PARSER_VERSION = parse, "0-old"  # type: ignore[assignment]
    try:
        yield
    finally:
        newsetl.pipeline.parse_article, newsetl.rows.PARSER_VERSION = real_parse, real_version


def _raw(root: Path, names: list[str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name in names:
        (root / name).write_bytes(POOL[name])
    return root


def _tables(warehouse: Path, order_free: bool = False) -> dict[str, list[tuple[object, ...]]]:
    """The content of the tables; ``order_free`` leaves out what depends on the order of ingests."""
    columns = dict(COLUMNS)
    if order_free:  # the earliest near-duplicate depends on which run came first
        columns["articles"] = columns["articles"].replace(" duplicate_of,", "")
    return {
        table: sorted(
            tuple(map(repr, row.values())) for row in query(warehouse, f"SELECT {c} FROM {table}").to_pylist()
        )
        for table, c in columns.items()
    }


def _fresh(names: list[str], root: Path, order_free: bool = False) -> dict[str, list[tuple[object, ...]]]:
    ingest_local([_raw(root / "fresh-raw", names)], Settings(batch_size=2), root / "fresh")
    return _tables(root / "fresh", order_free)


def test_reprocess_replaces_old_rows_under_the_same_ids(tmp_path: Path) -> None:
    names = sorted(POOL)
    warehouse, raw = tmp_path / "wh", _raw(tmp_path / "raw", names)
    with old_code():
        summary = ingest_local([raw], Settings(batch_size=2), warehouse)
    assert summary["stale_articles"] == summary["rows"]["articles"] == len(names)
    before = query(warehouse, "SELECT article_id, headline FROM articles").to_pylist()
    assert all(r["headline"].endswith(OLD_MARK) for r in before)
    commits = len(Warehouse(warehouse).commits())

    dry = reprocess_local(warehouse, Settings(batch_size=2), Options(dry_run=True, sample=4))
    assert (dry["selected"], dry["rederived"], dry["changed"], dry["commits"]) == (len(names), 4, 4, 0)
    assert {"articles.headline", "articles.body", "articles.parser_version"} <= set(dry["field_changes"])
    assert len(Warehouse(warehouse).commits()) == commits  # a dry run writes nothing

    done = reprocess_local(warehouse, Settings(batch_size=2), Options(older_than_current=True))
    assert done["changed"] == len(before) and done["failed"] == {} and done["commits"] == 3
    assert done["reused"] == 0  # every parse changed: the NLP ran again on every article
    after = query(warehouse, "SELECT article_id, headline, parser_version FROM articles").to_pylist()
    assert sorted(r["article_id"] for r in after) == sorted(r["article_id"] for r in before)
    assert not any(r["headline"].endswith(OLD_MARK) for r in after)
    assert {r["parser_version"] for r in after} == {PARSER_VERSION}
    assert _tables(warehouse) == _fresh(names, tmp_path)

    again = reprocess_local(warehouse, Settings(batch_size=2), Options())
    assert (again["changed"], again["unchanged"], again["commits"]) == (0, len(before), 0)
    assert again["reused"] == len(before)  # nothing read differently: no article went through spaCy
    kinds = query(warehouse, "SELECT kind, files_new FROM runs ORDER BY started_at").to_pylist()
    assert [k["kind"] for k in kinds] == ["ingest", "reprocess", "reprocess"]
    assert [k["files_new"] for k in kinds][1:] == [len(before), 0]


@contextlib.contextmanager
def older_version(module: Any, name: str, value: Any) -> Iterator[None]:
    real = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, real)


def _no_nlp(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("the NLP stage (or a decode or a parse) ran")


def test_a_parser_upgrade_that_reads_an_article_alike_keeps_its_nlp_rows(tmp_path: Path) -> None:
    names = ["a0.txt", "a1.txt", "b0.txt", "b2.txt"]
    warehouse, raw = tmp_path / "wh", _raw(tmp_path / "raw", names)
    with older_version(newsetl.rows, "PARSER_VERSION", "0-old"):  # another version, the same parse
        ingest_local([raw], Settings(batch_size=2), warehouse)
    with older_version(newsetl.workers, "extract_batch", _no_nlp):
        done = reprocess_local(warehouse, Settings(batch_size=2), Options(older_than_current=True))
    assert (done["changed"], done["reused"], done["parses_rebuilt"], done["failed"]) == (4, 4, 0, {})
    assert _tables(warehouse) == _fresh(names, tmp_path)
    runs = query(warehouse, "SELECT run_id FROM runs WHERE kind = 'reprocess'").column("run_id").to_pylist()
    stamped = query(
        warehouse, "SELECT DISTINCT run_id FROM quotes UNION SELECT DISTINCT run_id FROM articles"
    )
    assert stamped.column("run_id").to_pylist() == runs  # the kept rows are the reprocess run's now


def test_an_nlp_upgrade_runs_the_nlp_again(tmp_path: Path) -> None:
    names = ["a0.txt", "b1.txt", "b2.txt"]
    warehouse, raw = tmp_path / "wh", _raw(tmp_path / "raw", names)
    real = newsetl.run.nlp_version
    with older_version(newsetl.run, "nlp_version", lambda model: real(model) + "-older"):
        ingest_local([raw], Settings(batch_size=2), warehouse)
    with older_version(newsetl.workers, "extract_batch", _no_nlp), pytest.raises(AssertionError, match="NLP"):
        reprocess_local(warehouse, Settings(batch_size=2), Options(older_than_current=True))  # it must run
    # The parser is current: each parse is rebuilt from the stored rows, no page is decoded or parsed.
    with (
        older_version(newsetl.rederive, "record_from_page", _no_nlp),
        older_version(newsetl.pipeline, "parse_article", _no_nlp),
    ):
        done = reprocess_local(warehouse, Settings(batch_size=2), Options(older_than_current=True))
    assert (done["reused"], done["parses_rebuilt"], done["changed"], done["failed"]) == (0, 3, 3, {})
    assert _tables(warehouse) == _fresh(names, tmp_path)


def test_where_selects_and_pages_can_be_turned_off(tmp_path: Path) -> None:
    raw = _raw(tmp_path / "raw", ["a0.txt", "a1.txt", "a2.txt"])
    with old_code():
        ingest_local([raw], Settings(), tmp_path / "wh")
    first = query(tmp_path / "wh", "SELECT article_id FROM articles ORDER BY 1").to_pylist()[0]["article_id"]
    done = reprocess_local(tmp_path / "wh", Settings(), Options(where=f"article_id = '{first}'"))
    assert (done["selected"], done["changed"]) == (1, 1)
    old = query(tmp_path / "wh", "SELECT article_id FROM articles WHERE parser_version = '0-old'")
    assert sorted(old.column("article_id").to_pylist()) == [
        r
        for r in sorted(
            query(tmp_path / "wh", "SELECT article_id FROM articles").column("article_id").to_pylist()
        )
        if r != first
    ]

    ingest_local([raw], Settings(raw_pages=False), tmp_path / "nopages")
    assert query(tmp_path / "nopages", "SELECT count(*) AS n FROM pages").to_pylist() == [{"n": 0}]
    none = reprocess_local(tmp_path / "nopages", Settings(), Options())
    assert (none["without_pages"], none["changed"], none["hint"] is not None) == (3, 0, True)


def test_a_warehouse_from_before_the_raw_layer_is_upgraded(tmp_path: Path) -> None:
    warehouse = tmp_path / "wh"
    shutil.copytree(REPO / "tests" / "fixtures" / "warehouse-before-raw-layer", warehouse)
    store = Warehouse(warehouse)
    old_tables = [t for t in TABLES if t != "pages"]  # the catalog as the old code wrote it
    ids = [c.run_id for c in store.commits()]
    write_catalog_file(warehouse / CATALOG, store.live_parts(), ids, tables=old_tables)
    assert query(warehouse, "SELECT count(*) AS n FROM pages").to_pylist() == [{"n": 0}]  # catalog rebuilt

    said = reprocess_local(warehouse, Settings(), Options(older_than_current=True))
    assert (said["selected"], said["without_pages"], said["changed"]) == (3, 3, 0)
    assert "no input to re-derive" in said["hint"]
    # New articles come with their pages; they can be re-derived, the old ones stay readable.
    ingest_local([_raw(tmp_path / "raw", ["b0.txt", "b1.txt"])], Settings(), warehouse)
    versions = query(warehouse, "SELECT nlp_version IS NULL AS old, count(*) AS n FROM articles GROUP BY 1")
    assert sorted(versions.to_pylist(), key=lambda r: r["old"]) == [
        {"old": False, "n": 2},
        {"old": True, "n": 3},
    ]
    plain = reprocess_local(warehouse, Settings(), Options())
    assert (plain["without_pages"], plain["unchanged"], plain["changed"]) == (3, 2, 0)
    kinds = query(warehouse, "SELECT kind FROM runs ORDER BY started_at").column("kind").to_pylist()
    assert kinds == [None, "reprocess", "ingest", "reprocess"]


OPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("old"), st.lists(st.sampled_from(sorted(POOL)), min_size=1, max_size=3, unique=True)
        ),
        st.tuples(
            st.just("new"), st.lists(st.sampled_from(sorted(POOL)), min_size=1, max_size=3, unique=True)
        ),
        st.tuples(st.sampled_from(["reprocess", "reprocess-older"]), st.just([])),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=OPS)
def test_any_order_of_ingests_and_reprocesses_converges(ops: list[tuple[str, list[str]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root, seen = Path(tmp), set[str]()
        for index, (op, names) in enumerate(ops):
            run: Any
            if op in ("old", "new"):
                raw = _raw(root / f"raw{index}", names)
                with old_code() if op == "old" else contextlib.nullcontext():
                    ingest_local([raw], Settings(batch_size=2), root / "wh")
                seen |= set(names)
            elif (root / "wh").exists():
                run = reprocess_local(
                    root / "wh", Settings(batch_size=2), Options(older_than_current=op != "reprocess")
                )
                assert run["failed"] == {}
        if not seen:
            return
        reprocess_local(root / "wh", Settings(batch_size=2), Options(older_than_current=True))
        assert _tables(root / "wh", order_free=True) == _fresh(sorted(seen), root, order_free=True)


@pytest.mark.slow
def test_the_prefect_flow_reprocesses_and_records_the_run(tmp_path: Path, prefect_server: None) -> None:
    from newsetl.flows.reprocess import reprocess

    raw = _raw(tmp_path / "raw", ["a0.txt", "a1.txt"])
    with old_code():
        ingest_local([raw], Settings(), tmp_path / "wh")
    dry = reprocess(warehouse=str(tmp_path / "wh"), dry_run=True)
    assert (dry["changed"], dry["commits"]) == (2, 0)
    done = reprocess(warehouse=str(tmp_path / "wh"), older_than_current=True, overrides={"batch_size": 1})
    assert (done["changed"], done["commits"]) == (2, 2)
    runs = query(tmp_path / "wh", "SELECT kind, flow_run_id FROM runs WHERE kind = 'reprocess'").to_pylist()
    assert len(runs) == 1 and runs[0]["flow_run_id"]
