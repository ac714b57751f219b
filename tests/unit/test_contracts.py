from __future__ import annotations

import pyarrow as pa
import pytest

from newsetl.contracts import TABLES, ContractError, data_dictionary, load_contracts, parse_contract


def test_every_table_has_a_contract_and_arrow_schema_matches_declared_columns() -> None:
    contracts = load_contracts()
    assert set(contracts) == set(TABLES)
    for spec in contracts.values():
        assert spec.arrow_schema.names == list(spec.column_names)
        assert set(spec.key) <= set(spec.column_names)
        assert all(col.description for col in spec.columns), spec.table


def test_issue_minimum_columns_are_declared() -> None:
    contracts = load_contracts()
    assert {
        "article_id",
        "source_file",
        "content_sha256",
        "publisher",
        "headline",
        "dek",
        "authors",
        "dateline",
        "published_date",
        "body",
        "paragraph_count",
        "word_count",
        "language",
        "parser_version",
        "run_id",
        "ingested_at",
    } <= set(contracts["articles"].column_names)
    assert {"text", "speaker", "speaker_mention", "kind", "char_start", "char_end", "confidence"} <= set(
        contracts["quotes"].column_names
    )
    assert contracts["articles"].arrow_schema.field("authors").type == pa.list_(pa.string())
    assert contracts["articles"].arrow_schema.field("published_date").type == pa.date32()


def test_data_dictionary_is_generated_from_the_contracts() -> None:
    text = data_dictionary()
    for spec in load_contracts().values():
        assert f"## {spec.table}" in text
        for col in spec.columns:
            assert f"`{col.name}`" in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"table": "t", "version": 1, "columns": [{"name": "a", "type": "uuid"}]}, "unknown type"),
        (
            {"table": "t", "version": 1, "columns": [{"name": "a", "type": "string", "checks": {"odd": 1}}]},
            "unknown check",
        ),
        ({"table": "t", "version": 1, "key": ["b"], "columns": [{"name": "a", "type": "string"}]}, "key"),
        ({"table": "t", "columns": []}, "malformed"),
    ],
)
def test_malformed_contracts_are_refused_with_the_reason(data: dict[str, object], message: str) -> None:
    with pytest.raises(ContractError, match=message):
        parse_contract(data, "test.yaml")


def test_committed_data_dictionary_is_in_sync_with_the_contracts() -> None:
    from pathlib import Path

    committed = (Path(__file__).resolve().parents[2] / "docs" / "data-dictionary.md").read_text(
        encoding="utf-8"
    )
    assert committed == data_dictionary() + "\n", (
        "regenerate: newsetl tables --markdown > docs/data-dictionary.md"
    )


def test_compaction_default_is_the_setting_default() -> None:
    from newsetl.settings import Settings
    from newsetl.store.compact import COMPACT_TARGET_ROWS

    assert Settings().compact_target_rows == COMPACT_TARGET_ROWS


def test_parquet_metadata_describes_every_column() -> None:
    spec = load_contracts()["quotes"]
    metadata = spec.parquet_metadata()
    assert metadata["newsetl.table"] == "quotes"
    assert {f"newsetl.column.{c.name}" for c in spec.columns} <= metadata.keys()
