"""A warehouse that survives a move, and ``newsetl export``: a complete, valid, self-describing folder
that every common reader counts alike, filtered as asked, and never half-written."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newsetl.cli import app
from newsetl.contracts import load_contracts
from newsetl.export.datasheet import EXAMPLE_QUERIES
from newsetl.export.layout import EXPORTED, ROW_GROUP_ROWS, Selection, data_path
from newsetl.export.snapshot import ExportError, Snapshot, copied, export
from newsetl.store.compact import compact
from newsetl.store.query import query, table_counts
from newsetl.store.warehouse import CATALOG, Warehouse
from newsetl.versions import newsetl_version

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))
import synthetic  # noqa: E402  (benchmarks/synthetic.py)

ARTICLES = 150


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export") / "wh"
    synthetic.fill(Warehouse(root), ARTICLES, per_commit=50)
    return root


def _frictionless_errors(folder: Path) -> list[str]:
    """The errors ``frictionless validate`` reports on the export's package (the command line)."""
    done = subprocess.run(
        [str(Path(sys.executable).parent / "frictionless"), "validate", "--json", "datapackage.json"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(done.stdout)
    errors = [e["message"] for e in report["errors"]]
    errors += [e["message"] for task in report["tasks"] for e in task["errors"]]
    assert report["valid"] == (not errors) == (done.returncode == 0), done.stderr[-2000:]
    return errors


def _counts(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> dict[str, int]:
    return {t: int(con.sql(f"SELECT count(*) FROM {t}").fetchall()[0][0]) for t in tables}


def test_moved_warehouse_answers_from_any_directory(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = table_counts(warehouse)
    moved = tmp_path / "far" / "away"
    shutil.copytree(warehouse, moved)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with duckdb.connect(str(moved / CATALOG), read_only=True) as con:
        assert _counts(con, tuple(expected)) == expected
        views = " ".join(
            str(r[0]) for r in con.sql("SELECT sql FROM duckdb_views() WHERE NOT internal").fetchall()
        )
    assert str(warehouse) not in views and "articles/" in views  # relative paths only
    with duckdb.connect() as con:  # attached to another database: say where the folder is
        con.execute(f"ATTACH '{moved / CATALOG}' AS n (READ_ONLY)")
        con.execute(f"SET VARIABLE newsetl_root = '{moved}/'")
        assert con.sql("SELECT count(*) FROM n.articles").fetchall() == [(ARTICLES,)]


def _python(code: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_a_new_warehouse_is_born_with_its_catalog(tmp_path: Path) -> None:
    """An ingest killed right after taking the lock leaves a folder whose catalog already answers."""
    root = tmp_path / "new"
    child = _python(
        "import os, signal\n"
        "from newsetl.store.warehouse import Warehouse\n"
        f"with Warehouse({str(root)!r}).writer_lock():\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    assert child.wait(timeout=60) == -signal.SIGKILL
    assert sorted(p.name for p in root.iterdir()) == [".lock", CATALOG]
    with duckdb.connect(str(root / CATALOG), read_only=True) as con:
        assert con.sql("SELECT count(*) FROM articles").fetchall() == [(0,)]
        assert con.sql("SELECT count(*) FROM quotes").fetchall() == [(0,)]


def _assert_files_described_and_sorted(out: Path) -> None:
    contracts = load_contracts()
    commit = json.loads((out / "datapackage.json").read_text())["x-newsetl"]["commit"]
    for table in EXPORTED:
        parquet = pq.ParquetFile(out / data_path(table))
        meta = {k.decode(): v.decode() for k, v in (parquet.metadata.metadata or {}).items()}
        assert meta["newsetl.commit"] == commit, table  # the file names the package's commit
        assert meta["newsetl.version"] == newsetl_version()
        for column in contracts[table].columns:  # every description, as in schemas/
            assert meta[f"newsetl.column.{column.name}"] == column.description
        assert parquet.schema_arrow.names == list(contracts[table].column_names)
        groups = [parquet.metadata.row_group(i) for i in range(parquet.metadata.num_row_groups)]
        assert all(g.num_rows <= ROW_GROUP_ROWS for g in groups)
        assert all(g.column(0).compression == "ZSTD" for g in groups)
        keys = parquet.read(columns=contracts[table].sort_columns).to_pylist()
        ordered = [tuple(r.values()) for r in keys]
        assert ordered == sorted(ordered), table


def test_export_is_complete_valid_and_described(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    result = export(Warehouse(warehouse), out)
    assert sorted(p.name for p in out.iterdir()) == sorted([CATALOG, "README.md", "data", "datapackage.json"])
    assert result.rows == {t: n for t, n in table_counts(warehouse).items() if t in EXPORTED}
    assert _frictionless_errors(out) == []
    package = json.loads((out / "datapackage.json").read_text())
    assert package["x-newsetl"]["commit"] == result.commit == Warehouse(warehouse).commits()[-1].run_id
    _assert_files_described_and_sorted(out)
    readme = (out / "README.md").read_text()
    assert f"| `articles` | {ARTICLES:,} |" in readme
    with duckdb.connect(str(out / CATALOG), read_only=True) as con:
        for _, sql in EXAMPLE_QUERIES:  # the datasheet's example queries run and find rows
            assert sql in readme and con.sql(sql).fetchall()


def test_an_export_of_a_compacted_warehouse_copies_its_sorted_parts(warehouse: Path, tmp_path: Path) -> None:
    compacted = tmp_path / "compacted"
    shutil.copytree(warehouse, compacted)
    compact(Warehouse(compacted))
    live = Warehouse(compacted).live_parts()
    assert all(len(live[table]) == 1 for table in EXPORTED)
    out = export(Warehouse(compacted), tmp_path / "export").path
    for table in EXPORTED:  # each file is the table's one part, byte for byte
        assert (out / data_path(table)).read_bytes() == (compacted / live[table][0]).read_bytes(), table
    _assert_files_described_and_sorted(out)
    assert _frictionless_errors(out) == []
    rewritten = export(Warehouse(warehouse), tmp_path / "rewritten").path  # many parts: COPY
    for table in EXPORTED:  # the same rows, in the same order, either way
        assert (
            pq.read_table(out / data_path(table)).to_pylist()
            == pq.read_table(rewritten / data_path(table)).to_pylist()
        ), table
    since = export(Warehouse(compacted), tmp_path / "since", Selection(since=dt.date(2000, 1, 1))).path
    head = Warehouse(compacted).commits()[-1].run_id
    with duckdb.connect() as con:  # a part written by an earlier commit is not copied as it is
        assert (
            copied(Warehouse(compacted), Snapshot(con, head, live), "quotes", Selection())
            == live["quotes"][0]
        )
        assert copied(Warehouse(compacted), Snapshot(con, "later", live), "quotes", Selection()) is None
    assert (since / data_path("articles")).read_bytes() != (out / data_path("articles")).read_bytes()


def test_a_missing_file_fails_validation(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    export(Warehouse(warehouse), out)
    (out / data_path("quotes")).unlink()
    assert _frictionless_errors(out)


def test_pandas_polars_pyarrow_and_duckdb_count_the_same(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pandas as pd
    import polars as pl

    out = tmp_path / "export"
    result = export(Warehouse(warehouse), out)
    zipped = tmp_path / "received"
    shutil.copytree(out, zipped)  # what an analyst gets
    shutil.rmtree(out)
    monkeypatch.chdir(tmp_path)
    package = json.loads((zipped / "datapackage.json").read_text())
    stated = {r["name"]: r["stats"]["rows"] for r in package["resources"]}
    with duckdb.connect(str(zipped / CATALOG), read_only=True) as con:
        by_duckdb = _counts(con, EXPORTED)
    for table in EXPORTED:
        path = zipped / data_path(table)
        counts = {
            "pandas": len(pd.read_parquet(path)),
            "polars": pl.read_parquet(path).height,
            "pyarrow": pq.read_table(path).num_rows,
            "duckdb": by_duckdb[table],
            "datapackage": stated[table],
        }
        assert set(counts.values()) == {result.rows[table]}, (table, counts)


def test_since_until_where_select_articles_and_children_follow(warehouse: Path, tmp_path: Path) -> None:
    import datetime as dt

    selection = Selection(dt.date(2024, 2, 1), dt.date(2024, 3, 15), "language = 'en'")
    out = tmp_path / "export"
    export(Warehouse(warehouse), out, selection)
    expected = set(
        query(
            warehouse,
            "SELECT article_id FROM articles WHERE published_date BETWEEN DATE '2024-02-01' "
            "AND DATE '2024-03-15' AND language = 'en'",
        )
        .column("article_id")
        .to_pylist()
    )
    assert 0 < len(expected) < ARTICLES
    with duckdb.connect(str(out / CATALOG), read_only=True) as con:
        assert {r[0] for r in con.sql("SELECT article_id FROM articles").fetchall()} == expected
        ids = "', '".join(sorted(expected))
        for child in ("images", "quotes", "entities", "sources"):
            got = con.sql(f"SELECT count(*), count(DISTINCT article_id) FROM {child}").fetchall()[0]
            want = query(warehouse, f"SELECT count(*) AS n FROM {child} WHERE article_id IN ('{ids}')")
            assert got[0] == want.column("n")[0].as_py() and got[1] == len(expected), child
        orphans = con.sql(
            "SELECT count(*) FROM entities e ANTI JOIN entity_registry r USING (entity_id)"
        ).fetchall()
        assert orphans == [(0,)]
        extra = con.sql(
            "SELECT count(*) FROM entity_registry r ANTI JOIN entities e USING (entity_id)"
        ).fetchall()
        assert extra == [(0,)]
    assert _frictionless_errors(out) == []


def test_export_killed_at_random_points_is_complete_or_absent(warehouse: Path, tmp_path: Path) -> None:
    """SIGKILL an export process from its start to past its end: each target is whole or absent."""

    def start(out: Path) -> subprocess.Popen[bytes]:
        return _python(
            "from pathlib import Path\n"
            "from newsetl.export.snapshot import export\n"
            "from newsetl.store.warehouse import Warehouse\n"
            f"export(Warehouse({str(warehouse)!r}), Path({str(out)!r}))\n"
        )

    began = time.perf_counter()
    assert start(tmp_path / "timed").wait(timeout=120) == 0
    total = time.perf_counter() - began  # interpreter start, imports and the export
    expected = json.loads((tmp_path / "timed" / "datapackage.json").read_text())["resources"]
    rng = random.Random(7)
    outcomes = {"absent": 0, "complete": 0}
    for attempt in range(10):
        out = tmp_path / f"kill-{attempt}"
        child = start(out)
        time.sleep(total * (attempt + rng.random()) / 8)  # spread over the run and past its end
        child.kill()
        child.wait()
        if not out.exists():
            outcomes["absent"] += 1
        else:
            resources = json.loads((out / "datapackage.json").read_text())["resources"]
            assert [r["stats"] for r in resources] == [r["stats"] for r in expected]
            assert all((out / r["path"]).is_file() for r in resources)
            with duckdb.connect(str(out / CATALOG), read_only=True) as con:
                assert con.sql("SELECT count(*) FROM articles").fetchall() == [(ARTICLES,)]
            outcomes["complete"] += 1
        if attempt % 3 == 0:  # a later export to the same place removes the leftovers and succeeds
            shutil.rmtree(out, ignore_errors=True)
            export(Warehouse(warehouse), out)
            assert not list(tmp_path.glob(f".{out.name}.export-*"))
    assert outcomes["absent"] >= 1 and outcomes["complete"] >= 1, outcomes


def test_cli_export_refuses_an_existing_target_and_a_bad_where(warehouse: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "export"
    done = runner.invoke(
        app, ["export", "--out", str(out), "-w", str(warehouse), "--where", "language = 'de'"]
    )
    assert done.exit_code == 0, done.output
    assert (
        json.loads((out / "datapackage.json").read_text())["x-newsetl"]["selection"]["where"]
        == "language = 'de'"
    )
    again = runner.invoke(app, ["export", "--out", str(out), "-w", str(warehouse)])
    assert again.exit_code == 2
    bad = runner.invoke(
        app, ["export", "--out", str(tmp_path / "x"), "-w", str(warehouse), "--where", "nope("]
    )
    assert bad.exit_code == 5 and not (tmp_path / "x").exists()
    with pytest.raises(ExportError):
        export(Warehouse(tmp_path / "missing"), tmp_path / "y")
