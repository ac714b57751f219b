"""The export's descriptors are generated from the contracts: every column, key and reference."""

from __future__ import annotations

import datetime as dt

from newsetl.contracts import load_contracts
from newsetl.export.datapackage import FRICTIONLESS_TYPES, datapackage
from newsetl.export.datasheet import EXAMPLE_QUERIES, Facts, datasheet
from newsetl.export.layout import EXPORTED, SELECTED, Selection, export_sql, table_filter

ABOUT = {"version": "9.9", "commit": "c1", "created": "2026-01-01T00:00:00+00:00", "selection": {}}


def test_every_resource_carries_its_contract() -> None:
    rows = {t: i for i, t in enumerate(EXPORTED)}
    package = datapackage(EXPORTED, rows, ABOUT)
    contracts = load_contracts()
    assert [r["name"] for r in package["resources"]] == list(EXPORTED)
    for resource in package["resources"]:
        spec = contracts[resource["name"]]
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == list(spec.column_names)
        for field, column in zip(fields, spec.columns, strict=True):
            assert field["description"] == column.description
            assert field["type"] == FRICTIONLESS_TYPES[column.type]
            assert field.get("constraints", {}).get("required", False) == (not column.nullable)
        assert resource["schema"].get("primaryKey", []) == list(spec.key)
        assert resource["stats"]["rows"] == rows[spec.table]
    assert package["x-newsetl"]["commit"] == "c1"


def test_children_reference_articles_and_the_registry() -> None:
    package = datapackage(EXPORTED, {}, ABOUT)
    keys = {r["name"]: r["schema"].get("foreignKeys", []) for r in package["resources"]}
    to_articles = {"fields": ["article_id"], "reference": {"resource": "articles", "fields": ["article_id"]}}
    for child in ("images", "quotes", "entities", "sources"):
        assert to_articles in keys[child], child
    assert {
        "fields": ["entity_id"],
        "reference": {"resource": "entity_registry", "fields": ["entity_id"]},
    } in keys["entities"]
    assert keys["articles"] == [] and keys["runs"] == []
    # a reference to a table left out of the package is not declared
    only = datapackage(("quotes",), {}, ABOUT)
    assert "foreignKeys" not in only["resources"][0]["schema"]


def test_constraints_follow_the_checks() -> None:
    package = datapackage(EXPORTED, {}, ABOUT)
    quotes = {f["name"]: f for f in package["resources"][EXPORTED.index("quotes")]["schema"]["fields"]}
    assert quotes["article_id"]["constraints"]["pattern"] == "[0-9a-f]{16}"
    assert quotes["kind"]["constraints"]["enum"] == ["full", "partial"]
    assert quotes["confidence"]["constraints"] == {"required": True, "minimum": 0.0, "maximum": 1.0}
    assert "constraints" not in quotes["speaker"]


def test_selection_filters_articles_and_children_follow() -> None:
    selection = Selection(dt.date(2025, 1, 1), dt.date(2025, 1, 31), "language = 'en'")
    condition = selection.article_condition()
    assert "published_date >= DATE '2025-01-01'" in condition
    assert "published_date <= DATE '2025-01-31'" in condition and "(language = 'en')" in condition
    assert Selection().article_condition() == "true" and Selection().everything
    for table in ("articles", "quotes", "images", "entities", "sources"):
        assert SELECTED in table_filter(table, selection)
    assert "FROM entities" in table_filter("entity_registry", selection)
    assert table_filter("quotes", Selection()) == "true"
    sql = export_sql("quotes", selection, {"article_id", "quote_index"})
    assert sql.endswith("ORDER BY article_id, quote_index")
    assert "CAST(NULL AS VARCHAR) AS speaker" in sql  # a column no part has yet is a typed NULL


def test_sort_puts_the_article_first() -> None:
    contracts = load_contracts()
    assert contracts["entities"].sort_columns == ["article_id", "entity_id"]
    assert contracts["sources"].sort_columns[0] == "article_id"
    assert contracts["runs"].sort_columns == ["run_id"]


def test_datasheet_states_the_facts() -> None:
    facts = Facts(
        rows={"articles": 12, "quotes": 30},
        newsetl_version="9.9",
        commit="c1",
        created="now",
        selection={"since": "2025-01-01", "until": None, "where": None},
        first_date=dt.date(2025, 1, 2),
        last_date=dt.date(2025, 3, 4),
        publishers=[("Reuters", 7), ("unknown", 5)],
        languages=[("en", 12)],
        eval_scores={"quote_speaker": 0.8441},
    )
    text = datasheet(facts, EXPORTED)
    assert "| `articles` | 12 |" in text and "| `quotes` | 30 |" in text
    assert "2025-01-02 to 2025-03-04" in text and "Reuters (7)" in text
    assert "| quote_speaker | 0.844 |" in text and "since = 2025-01-01" in text
    assert all(sql in text for _, sql in EXAMPLE_QUERIES) and len(EXAMPLE_QUERIES) == 3
    assert "`articles.authors`" in text  # list columns named from the contracts
    assert "No `newsetl eval` scores" in datasheet(Facts({}, "9.9", "c1", "now", {}), EXPORTED)


def test_eval_scores_are_read_from_the_eval_json() -> None:
    from newsetl.export.facts import eval_fields

    report = {
        "fields": {
            "headline": {"value": 0.97, "num": 29, "den": 30},
            "dek": {"value": None, "num": 0, "den": 0},
        },
        "directions": {"headline": "higher"},
    }
    assert eval_fields(report) == {"headline": 0.97}
