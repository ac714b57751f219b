"""``datapackage.json``: a Frictionless Data Package describing the exported Parquet files.

Every field, type, constraint, key and reference comes from the contracts in ``schemas/``; the
package adds only what the export knows (row counts, the commit, the selection). Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from newsetl.contracts import ColumnSpec, Contract, load_contracts
from newsetl.export.layout import data_path

# Table Schema types. Lists are "any": Frictionless reads a Parquet list as a numpy array, which
# its "array" type refuses; the contract type is kept in "x-newsetl-type".
FRICTIONLESS_TYPES: Mapping[str, str] = {
    "string": "string",
    "int32": "integer",
    "int64": "integer",
    "float64": "number",
    "bool": "boolean",
    "date": "date",
    "timestamp": "datetime",
    "list<string>": "any",
    "list<int64>": "any",
}


def constraints(column: ColumnSpec) -> dict[str, Any]:
    """Table Schema constraints equivalent to the contract's nullability and checks."""
    found: dict[str, Any] = {}
    if not column.nullable:
        found["required"] = True
    for name, arg in column.checks.items():
        if name == "ge":
            found["minimum"] = arg
        elif name == "le":
            found["maximum"] = arg
        elif name == "isin":
            found["enum"] = list(arg)
        elif name == "str_matches":
            found["pattern"] = str(arg).removeprefix("^").removesuffix("$")
        elif name == "str_length":
            if arg.get("min") is not None:
                found["minLength"] = arg["min"]
            if arg.get("max") is not None:
                found["maxLength"] = arg["max"]
    return found


def field(column: ColumnSpec) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "name": column.name,
        "type": FRICTIONLESS_TYPES[column.type],
        "description": column.description,
        "x-newsetl-type": column.type,
    }
    found = constraints(column)
    if found:
        descriptor["constraints"] = found
    return descriptor


def foreign_keys(spec: Contract, tables: Sequence[str]) -> list[dict[str, Any]]:
    """References from the contracts to tables that are part of the package."""
    keys = []
    for column in spec.columns:
        if column.references and column.references[0] in tables:
            target, target_column = column.references
            keys.append(
                {"fields": [column.name], "reference": {"resource": target, "fields": [target_column]}}
            )
    return keys


def resource(spec: Contract, rows: int, tables: Sequence[str]) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [field(c) for c in spec.columns]}
    if spec.key:
        schema["primaryKey"] = list(spec.key)
    references = foreign_keys(spec, tables)
    if references:
        schema["foreignKeys"] = references
    return {
        "name": spec.table,
        "type": "table",
        "path": data_path(spec.table),
        "scheme": "file",
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "description": spec.description,
        "x-newsetl-contract-version": spec.version,
        "stats": {"rows": rows},
        "schema": schema,
    }


def datapackage(tables: Sequence[str], rows: Mapping[str, int], about: Mapping[str, Any]) -> dict[str, Any]:
    """The package descriptor. ``about`` carries what only the export knows: ``version`` (of
    newsetl), ``commit`` (the last commit of the snapshot), ``created``, ``selection``."""
    contracts = load_contracts()
    return {
        "name": "newsetl-export",
        "title": "News articles, quotes, entities and images extracted by newsetl",
        "description": (
            "Tables extracted from news page dumps by newsetl; one Parquet file per table. "
            "See README.md for the datasheet."
        ),
        "version": str(about.get("version", "")),
        "created": str(about.get("created", "")),
        "x-newsetl": dict(about),
        "resources": [resource(contracts[t], int(rows.get(t, 0)), tables) for t in tables],
    }
