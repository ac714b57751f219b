"""Schema evolution policy, enforced before a run writes anything.

Each commit record stores the schema (contract version, column types and nullability) it was
written with. A new run compares the current contracts with the last commit's:

- a **new nullable column** is allowed when the table's contract ``version`` went up; older parts
  stay readable because the views read parts with ``union_by_name`` (the column is NULL there);
- a **dropped column**, a **changed type**, a column that became **non-nullable**, or a new
  non-nullable column is refused: :class:`SchemaEvolutionError`, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsetl.contracts import load_contracts


class SchemaEvolutionError(RuntimeError):
    """The contracts changed in a way the warehouse's existing data cannot follow."""


def schema_record() -> dict[str, Any]:
    """The current contracts in the form stored in commit records."""
    return {
        table: {
            "version": spec.version,
            "columns": {c.name: {"type": c.type, "nullable": c.nullable} for c in spec.columns},
        }
        for table, spec in load_contracts().items()
    }


def evolution_problems(recorded: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    """Every incompatible change from ``recorded`` to ``current`` (empty when compatible)."""
    problems: list[str] = []
    for table, old in recorded.items():
        new = current.get(table)
        if new is None:
            problems.append(f"{table}: table dropped")
            continue
        old_cols, new_cols = old["columns"], new["columns"]
        for name, spec in old_cols.items():
            if name not in new_cols:
                problems.append(f"{table}.{name}: column dropped")
            elif new_cols[name]["type"] != spec["type"]:
                problems.append(f"{table}.{name}: type changed {spec['type']} → {new_cols[name]['type']}")
            elif spec["nullable"] and not new_cols[name]["nullable"]:
                problems.append(f"{table}.{name}: became non-nullable")
        added = [name for name in new_cols if name not in old_cols]
        for name in added:
            if not new_cols[name]["nullable"]:
                problems.append(f"{table}.{name}: new column must be nullable (older parts lack it)")
        if added and new["version"] <= old["version"]:
            problems.append(f"{table}: columns {added} added without raising the contract version")
    return problems


def check_evolution(recorded: Mapping[str, Any]) -> None:
    problems = evolution_problems(recorded, schema_record())
    if problems:
        raise SchemaEvolutionError("refusing an incompatible schema change: " + "; ".join(problems))
