"""``README.md`` of an export: a datasheet for the dataset (what it holds, how it was made, how good
each field is, known limits, example queries). Pure: facts in, Markdown out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsetl.contracts import load_contracts
from newsetl.export.layout import data_path

EXAMPLE_QUERIES: tuple[tuple[str, str], ...] = (
    (
        "Who is quoted most",
        "SELECT speaker, count(*) AS quotes, count(DISTINCT article_id) AS articles\n"
        "FROM quotes WHERE speaker IS NOT NULL\nGROUP BY speaker ORDER BY quotes DESC LIMIT 10;",
    ),
    (
        "Which organizations appear in most articles, with their publishers",
        "SELECT e.name, count(DISTINCT e.article_id) AS articles, list(DISTINCT a.publisher) AS publishers\n"
        "FROM entities e JOIN articles a USING (article_id)\n"
        "WHERE e.label = 'ORG' GROUP BY e.name ORDER BY articles DESC LIMIT 10;",
    ),
    (
        "Articles and quotes per publisher and month",
        "SELECT a.publisher, date_trunc('month', a.published_date) AS month,\n"
        "       count(DISTINCT a.article_id) AS articles, count(q.quote_index) AS quotes\n"
        "FROM articles a LEFT JOIN quotes q USING (article_id)\n"
        "GROUP BY ALL ORDER BY month, publisher;",
    ),
)


@dataclass(frozen=True)
class Facts:
    """What the datasheet states, all measured on the exported files."""

    rows: Mapping[str, int]
    newsetl_version: str
    commit: str
    created: str
    selection: Mapping[str, Any]
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    undated: int = 0
    publishers: Sequence[tuple[str, int]] = ()
    languages: Sequence[tuple[str, int]] = ()
    source_status: Sequence[tuple[str, int]] = ()
    parser_versions: Sequence[str] = ()
    nlp_versions: Sequence[str] = ()
    models: Mapping[str, str] = field(default_factory=dict)
    rejects: int = 0
    eval_scores: Mapping[str, float] | None = None


def _counts(pairs: Sequence[tuple[str, int]], limit: int = 15) -> str:
    shown = ", ".join(f"{name} ({n:,})" for name, n in pairs[:limit])
    rest = len(pairs) - limit
    return shown + (f", and {rest} more" if rest > 0 else "") if pairs else "none"


def _holds(facts: Facts, tables: Sequence[str]) -> list[str]:
    contracts = load_contracts()
    lines = ["## What it holds", "", "| table | rows | file | what a row is |", "|---|---:|---|---|"]
    lines += [
        f"| `{t}` | {facts.rows.get(t, 0):,} | `{data_path(t)}` | {contracts[t].description} |"
        for t in tables
    ]
    dates = f"{facts.first_date} to {facts.last_date}" if facts.first_date and facts.last_date else "none"
    lines += [
        "",
        f"- Publication dates: {dates} ({facts.undated:,} articles have no date).",
        f"- Publishers: {_counts(facts.publishers)}.",
        f"- Languages: {_counts(facts.languages)}.",
        f"- Raw inputs (`sources.status`): {_counts(facts.source_status)}.",
        f"- Inputs refused and kept in the warehouse's quarantine (not exported): {facts.rejects:,}.",
        "",
        "Columns, types and meanings: `datapackage.json` (Frictionless Data Package) and each Parquet "
        "file's key-value metadata (`newsetl.column.<name>`).",
    ]
    return lines


def _made(facts: Facts) -> list[str]:
    selection = ", ".join(f"{k} = {v}" for k, v in facts.selection.items() if v) or "all articles"
    lines = [
        "## How it was made",
        "",
        f"- newsetl {facts.newsetl_version}; snapshot of warehouse commit `{facts.commit}`, exported "
        f"{facts.created}.",
        f"- Selection: {selection}.",
        f"- Parser versions (`articles.parser_version`): {', '.join(facts.parser_versions) or 'none'}.",
        f"- NLP versions (`articles.nlp_version`): {', '.join(facts.nlp_versions) or 'none recorded'}.",
    ]
    lines += [f"- {name}: {version}" for name, version in facts.models.items()]
    return lines


def _quality(facts: Facts) -> list[str]:
    lines = ["## Field quality", ""]
    if not facts.eval_scores:
        return [
            *lines,
            "No `newsetl eval` scores were given to this export (`newsetl export --eval FILE` takes "
            "the JSON of `newsetl eval --json`).",
        ]
    lines += ["Latest `newsetl eval` scores on the hand-annotated pages:", ""]
    lines += ["| field | score |", "|---|---:|"]
    lines += [f"| {name} | {score:.3f} |" for name, score in facts.eval_scores.items()]
    return lines


def limits(tables: Sequence[str]) -> list[str]:
    contracts = load_contracts()
    lists = [f"`{t}.{c.name}`" for t in tables for c in contracts[t].columns if c.type.startswith("list<")]
    return [
        *LIMITS,
        f"List columns ({', '.join(lists)}) are typed `any` in `datapackage.json` (Frictionless "
        "cannot check Parquet lists); their contract type is given as `x-newsetl-type`.",
    ]


LIMITS = (
    "Every field is extracted automatically from page text by rules and small models; none was "
    "checked by hand. In newsetl's own evaluation, speaker attribution and organization names "
    "score lowest (see Field quality).",
    "`entity_registry` counts (`article_count`, `first_seen`, `last_seen`) describe the whole "
    "warehouse at the snapshot, not only the selected articles.",
    "Articles without a publication date are left out by `--since`/`--until`.",
)


def datasheet(facts: Facts, tables: Sequence[str]) -> str:
    """The README of an export."""
    lines = [
        "# newsetl dataset",
        "",
        "News articles with their quotes (canonical speakers), named entities and photos, extracted "
        "by newsetl. Open `newsetl.duckdb` with DuckDB (its views read `data/` by relative path, so "
        "the folder can be moved or zipped), or read the Parquet files with any Parquet reader.",
        "",
        *_holds(facts, tables),
        "",
        *_made(facts),
        "",
        *_quality(facts),
        "",
        "## Known limits",
        "",
        *[f"- {limit}" for limit in limits(tables)],
        "",
        "## Example queries",
        "",
        "`duckdb newsetl.duckdb`, or `duckdb.connect('newsetl.duckdb')` in Python, then:",
        "",
    ]
    for title, sql in EXAMPLE_QUERIES:
        lines += [f"{title}:", "", "```sql", sql, "```", ""]
    return "\n".join(lines)
