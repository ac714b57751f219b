"""Warehouse maintenance: ``newsetl compact``."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from newsetl.cli.common import EXIT_USAGE, app, console, err, writer_errors


@app.command()
def compact(
    warehouse: Annotated[
        str, typer.Option("--warehouse", "-w", help="Warehouse directory or s3://bucket/prefix.")
    ] = "warehouse",
    target_rows: Annotated[
        int | None, typer.Option(help="Largest merged part, in rows (default from settings).")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Merge each table's small Parquet parts into larger ones, as one atomic commit."""
    from newsetl.settings import Settings
    from newsetl.store.compact import compact as run_compact
    from newsetl.store.warehouse import Warehouse

    store = Warehouse(warehouse)
    if not store.exists():
        err.print(f"[red]no warehouse at {warehouse}[/red]")
        raise typer.Exit(EXIT_USAGE)
    default_rows = Settings().compact_target_rows
    with writer_errors("compaction"):
        result = run_compact(store, target_rows or default_rows)
    if json_out:
        console.print_json(json.dumps(result.__dict__))
        return
    table = Table(title=f"compaction {result.run_id}" if result.changed else "nothing to compact")
    for header in ("table", "parts before", "parts after"):
        table.add_column(header)
    for name, before in result.parts_before.items():
        table.add_row(name, str(before), str(result.parts_after.get(name, before)))
    console.print(table)
