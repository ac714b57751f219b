"""Table contracts: ``schemas/<table>.yaml`` → Arrow schema, pandera schema, data dictionary.

Each column is declared once, in YAML. Everything that needs to know a column — validation,
the Parquet writer, the DuckDB views and the documentation — derives it from here.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:  # imported lazily: read-only commands (sql, tables, --help) stay fast
    import pandera.polars as pa
    import pyarrow as pa_arrow

_CHECKS = ("ge", "le", "isin", "str_matches", "str_length")
TABLES = (
    "articles",
    "images",
    "quotes",
    "entities",
    "entity_registry",
    "signatures",
    "rejects",
    "sources",
    "runs",
    "pages",
)


@functools.cache
def _arrow_types() -> Mapping[str, pa_arrow.DataType]:
    import pyarrow as pa_arrow

    return {
        "string": pa_arrow.string(),
        "int32": pa_arrow.int32(),
        "int64": pa_arrow.int64(),
        "float64": pa_arrow.float64(),
        "bool": pa_arrow.bool_(),
        "date": pa_arrow.date32(),
        "timestamp": pa_arrow.timestamp("us", tz="UTC"),
        "list<string>": pa_arrow.list_(pa_arrow.string()),
        "list<int64>": pa_arrow.list_(pa_arrow.int64()),
        "binary": pa_arrow.binary(),
    }


@functools.cache
def _polars_types() -> Mapping[str, Any]:
    import polars as pl

    return {
        "string": pl.Utf8,
        "int32": pl.Int32,
        "int64": pl.Int64,
        "float64": pl.Float64,
        "bool": pl.Boolean,
        "date": pl.Date,
        "timestamp": pl.Datetime("us", "UTC"),
        "list<string>": pl.List(pl.Utf8),
        "list<int64>": pl.List(pl.Int64),
        "binary": pl.Binary,
    }


_DUCKDB_TYPES: Mapping[str, str] = {
    "string": "VARCHAR",
    "int32": "INTEGER",
    "int64": "BIGINT",
    "float64": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMPTZ",
    "list<string>": "VARCHAR[]",
    "list<int64>": "BIGINT[]",
    "binary": "BLOB",
}


class ContractError(ValueError):
    """A schema file is malformed."""


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: str
    nullable: bool
    description: str
    checks: Mapping[str, Any]
    references: tuple[str, str] | None = None  # (table, column) this column points at

    @property
    def duckdb_type(self) -> str:
        return _DUCKDB_TYPES[self.type]


@dataclass(frozen=True)
class Contract:
    table: str
    version: int
    description: str
    key: tuple[str, ...]
    columns: tuple[ColumnSpec, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def sort_columns(self) -> list[str]:
        """The order of rows in a sorted file: article first (when the table has one), then the
        rest of the key (article and position)."""
        key = list(self.key)
        if "article_id" in self.column_names:
            return ["article_id"] + [k for k in key if k != "article_id"]
        return key

    def parquet_metadata(self) -> dict[str, str]:
        """Key-value metadata that describes a Parquet file of this table: the table, its
        contract version, its description and each column's (``newsetl.column.<name>``)."""
        pairs = {
            "newsetl.table": self.table,
            "newsetl.description": self.description,
            "newsetl.contract_version": str(self.version),
        }
        return pairs | {f"newsetl.column.{c.name}": c.description for c in self.columns}

    @functools.cached_property
    def arrow_schema(self) -> pa_arrow.Schema:
        import pyarrow as pa_arrow

        types = _arrow_types()
        fields = [pa_arrow.field(c.name, types[c.type], nullable=c.nullable) for c in self.columns]
        return pa_arrow.schema(
            fields, metadata={"newsetl.table": self.table, "newsetl.version": str(self.version)}
        )

    @functools.cached_property
    def pandera_schema(self) -> pa.DataFrameSchema:
        import pandera.polars as pa

        types = _polars_types()
        columns = {
            c.name: pa.Column(
                types[c.type],
                checks=_checks(c),
                nullable=c.nullable,
                description=c.description,
            )
            for c in self.columns
        }
        return pa.DataFrameSchema(columns, name=self.table, strict=True, unique=list(self.key) or None)

    def empty_select(self) -> str:
        """A typed, empty SELECT with this table's columns (for a view over no files yet)."""
        parts = [f"CAST(NULL AS {c.duckdb_type}) AS {c.name}" for c in self.columns]
        return "SELECT " + ", ".join(parts) + " WHERE false"


def _checks(column: ColumnSpec) -> list[pa.Check]:
    import pandera.polars as pa

    checks: list[pa.Check] = []
    for name, arg in column.checks.items():
        if name == "ge":
            checks.append(pa.Check.ge(arg))
        elif name == "le":
            checks.append(pa.Check.le(arg))
        elif name == "isin":
            checks.append(pa.Check.isin(list(arg)))
        elif name == "str_matches":
            checks.append(pa.Check.str_matches(str(arg)))
        elif name == "str_length":
            checks.append(pa.Check.str_length(arg.get("min"), arg.get("max")))
        else:
            raise ContractError(f"column {column.name}: unknown check {name!r}")
    return checks


def schemas_dir() -> Path:
    """``schemas/`` of the source tree (editable install), else the copy packed in the wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parents[1] / "schemas", here / "_schemas"):
        if candidate.is_dir():
            return candidate
    raise ContractError("schemas/ directory not found")


def _reference(value: Any) -> tuple[str, str] | None:
    """``references: table.column`` → ``(table, column)``."""
    if value is None:
        return None
    table, _, column = str(value).partition(".")
    if table not in TABLES or not column:
        raise ValueError(f"references must be <table>.<column> of a known table, not {value!r}")
    return table, column


def parse_contract(data: Mapping[str, Any], origin: str) -> Contract:
    try:
        columns = tuple(
            ColumnSpec(
                name=str(col["name"]),
                type=str(col["type"]),
                nullable=bool(col.get("nullable", False)),
                description=str(col.get("description", "")).strip(),
                checks=dict(col.get("checks") or {}),
                references=_reference(col.get("references")),
            )
            for col in data["columns"]
        )
        contract = Contract(
            table=str(data["table"]),
            version=int(data["version"]),
            description=str(data.get("description", "")).strip(),
            key=tuple(data.get("key") or ()),
            columns=columns,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ContractError(f"{origin}: malformed contract ({exc})") from exc
    for column in columns:
        if column.type not in _DUCKDB_TYPES:
            raise ContractError(f"{origin}: column {column.name} has unknown type {column.type!r}")
        unknown = set(column.checks) - set(_CHECKS)
        if unknown:
            raise ContractError(f"{origin}: column {column.name}: unknown check {sorted(unknown)[0]!r}")
    missing = set(contract.key) - set(contract.column_names)
    if missing:
        raise ContractError(f"{origin}: key columns not declared: {sorted(missing)}")
    return contract


@functools.cache
def load_contracts(directory: Path | None = None) -> dict[str, Contract]:
    """All table contracts, keyed by table name."""
    root = directory or schemas_dir()
    contracts: dict[str, Contract] = {}
    for table in TABLES:
        path = root / f"{table}.yaml"
        contracts[table] = parse_contract(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))
    return contracts


def contract(table: str) -> Contract:
    return load_contracts()[table]


def data_dictionary() -> str:
    """The data dictionary as Markdown, generated from the contracts."""
    lines = ["# Data dictionary", "", "Generated from `schemas/*.yaml` by `newsetl tables --markdown`.", ""]
    for c in load_contracts().values():
        lines += [f"## {c.table} (v{c.version})", "", c.description, "", f"Key: `{', '.join(c.key)}`", ""]
        lines += ["| column | type | nullable | description |", "|---|---|---|---|"]
        lines += [
            f"| `{col.name}` | {col.type} | {'yes' if col.nullable else 'no'} | {col.description} |"
            for col in c.columns
        ]
        lines.append("")
    return "\n".join(lines)
