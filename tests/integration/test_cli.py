"""The `newsetl` command as users run it: a real process, its own embedded Prefect, real DuckDB."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
NEWSETL = str(Path(sys.executable).parent / "newsetl")


def _run(*args: str, cwd: Path, env_home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PREFECT_HOME=str(env_home), COLUMNS="200")
    env.pop("PREFECT_API_URL", None)  # the CLI must start its own embedded server
    return subprocess.run([NEWSETL, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real `newsetl ingest` of the sample, shared by the read-side checks below."""
    root = tmp_path_factory.mktemp("cli")
    repo_raw = Path(__file__).resolve().parents[2] / "raw"
    done = _run(
        "ingest", str(repo_raw), "--warehouse", str(root / "wh"), "--json", cwd=root, env_home=root / "ph"
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["rows"]["articles"] == len(list(repo_raw.glob("*.txt")))
    return root


def test_sql_prints_a_table_from_any_directory(ingested: Path, tmp_path: Path) -> None:
    done = _run(
        "sql",
        "SELECT count(*) AS n_articles FROM articles",
        "--warehouse",
        str(ingested / "wh"),
        cwd=tmp_path,
        env_home=ingested / "ph",
    )
    assert done.returncode == 0, done.stderr
    assert "n_articles" in done.stdout
    assert str(len(list((Path(__file__).resolve().parents[2] / "raw").glob("*.txt")))) in done.stdout


def test_sql_error_exits_5_with_the_message(ingested: Path) -> None:
    done = _run(
        "sql",
        "SELECT nope FROM articles",
        "--warehouse",
        str(ingested / "wh"),
        cwd=ingested,
        env_home=ingested / "ph",
    )
    assert done.returncode == 5
    assert "nope" in done.stderr


def test_tables_lists_counts_and_column_docs(ingested: Path) -> None:
    done = _run("tables", "--warehouse", str(ingested / "wh"), cwd=ingested, env_home=ingested / "ph")
    assert done.returncode == 0, done.stderr
    assert "articles" in done.stdout and "speaker_mention" in done.stdout and "rows" in done.stdout


def test_missing_raw_input_exits_2(tmp_path: Path) -> None:
    done = _run(
        "ingest",
        str(tmp_path / "nowhere"),
        "--warehouse",
        str(tmp_path / "wh"),
        cwd=tmp_path,
        env_home=tmp_path / "ph",
    )
    assert done.returncode == 2
    assert "not found" in done.stderr


@pytest.mark.corpus
def test_eval_scores_the_dev_gold(corpus_dir: Path, tmp_path: Path) -> None:
    done = _run(
        "eval",
        "--gold",
        str(corpus_dir / "gold"),
        "--raw",
        str(corpus_dir / "text"),
        "--json",
        cwd=tmp_path,
        env_home=tmp_path / "ph",
    )
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)
    gold_ids = {p.stem for p in (corpus_dir / "gold").glob("*.json")}
    assert set(scores["articles"]) == gold_ids
    assert not any(a["missing"] for a in scores["articles"].values())
    for field in ("headline", "quotes_precision", "persons_f1", "image_credit", "chrome_leak_rate"):
        assert 0.0 <= scores["fields"][field]["value"] <= 1.0
        assert scores["fields"][field]["den"] > 0


def test_runs_lists_the_run(ingested: Path) -> None:
    done = _run("runs", "--warehouse", str(ingested / "wh"), cwd=ingested, env_home=ingested / "ph")
    assert done.returncode == 0, done.stderr
    assert "completed" in done.stdout


def test_report_writes_a_self_contained_page(ingested: Path) -> None:
    out = ingested / "report.html"
    done = _run(
        "report",
        "--warehouse",
        str(ingested / "wh"),
        "--out",
        str(out),
        cwd=ingested,
        env_home=ingested / "ph",
    )
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    for plot in ("runs", "rejects", "people", "speakers", "publishers"):
        assert re.search(rf"data-plot=['\"]{plot}['\"]", page), plot
    assert not re.search(r"<script[^>]+src=", page)  # plotly.js is inline: the page needs no network


def test_quiet_prints_nothing_but_errors(ingested: Path) -> None:
    done = _run(
        "-q", "sql", "SELECT 1", "--warehouse", str(ingested / "wh"), cwd=ingested, env_home=ingested / "ph"
    )
    assert done.returncode == 0 and done.stdout == ""
    done = _run(
        "-q",
        "sql",
        "SELECT nope",
        "--warehouse",
        str(ingested / "wh"),
        cwd=ingested,
        env_home=ingested / "ph",
    )
    assert done.returncode == 5 and "nope" in done.stderr


_IMPORTS_PROBE = """
import json, sys
from newsetl.cli import app
try:
    app(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
else:
    code = 0
heavy = sorted({m.split('.')[0] for m in sys.modules} & {'prefect', 'spacy', 'pandera', 'polars'})
print(json.dumps({'code': code, 'heavy': heavy}), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["sql", "SELECT count(*) FROM articles"],
        ["tables"],
        ["runs"],
        ["report", "--out", "probe-report.html"],
    ],
    ids=["help", "sql", "tables", "runs", "report"],
)
def test_read_only_commands_load_neither_prefect_nor_spacy(ingested: Path, args: list[str]) -> None:
    warehouse = [] if args == ["--help"] else ["--warehouse", str(ingested / "wh")]
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTS_PROBE, *args, *warehouse],
        cwd=ingested,
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, None), done.stderr
    assert report["heavy"] == [], f"{args[0]} imported {report['heavy']}"
