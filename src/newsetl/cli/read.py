"""The read side: ``newsetl sql``, ``tables``, ``runs`` and ``report``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from newsetl.cli.common import EXIT_SQL, EXIT_USAGE, WarehouseOpt, app, console, err, print_rows
from newsetl.store.warehouse import Warehouse


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="DuckDB SQL over the views.")],
    warehouse: WarehouseOpt = Path("warehouse"),
) -> None:
    """Run DuckDB SQL against the warehouse views and print the result."""
    import duckdb

    from newsetl.store.query import query_rows

    try:
        columns, rows = query_rows(warehouse, query)
    except FileNotFoundError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_USAGE) from exc
    except duckdb.Error as exc:
        err.print(f"[red]SQL error:[/red] {exc}")
        raise typer.Exit(EXIT_SQL) from exc
    print_rows(columns, rows)


@app.command()
def tables(
    warehouse: WarehouseOpt = Path("warehouse"),
    markdown: Annotated[bool, typer.Option(help="Print the data dictionary as Markdown.")] = False,
) -> None:
    """List the tables with row counts and column documentation."""
    from newsetl.contracts import data_dictionary, load_contracts
    from newsetl.store.query import table_counts

    if markdown:
        typer.echo(data_dictionary())
        return
    counts = table_counts(warehouse) if Warehouse(warehouse).exists() else {}
    for spec in load_contracts().values():
        table = Table(title=f"{spec.table} — {counts.get(spec.table, 0)} rows", caption=spec.description)
        for header in ("column", "type", "null", "description"):
            table.add_column(header)
        for col in spec.columns:
            table.add_row(col.name, col.type, "yes" if col.nullable else "", col.description)
        console.print(table)
    if counts.get("articles"):
        _print_stale(warehouse)


def _print_stale(warehouse: Path) -> None:
    from newsetl.settings import Settings
    from newsetl.stale import HINT, count_stale
    from newsetl.store.query import connect
    from newsetl.versions import current_versions

    with connect(warehouse) as con:
        stale = count_stale(con, current_versions(Settings().spacy_model))
    if stale:
        console.print(
            f"[yellow]{stale} stale articles[/yellow] (made by an older parser or NLP version): {HINT}"
        )


@app.command()
def runs(
    warehouse: WarehouseOpt = Path("warehouse"),
    limit: Annotated[int, typer.Option(help="How many recent runs.")] = 10,
) -> None:
    """Print the most recent runs: status, files, rows written, seconds."""
    from newsetl.store.query import query_rows

    try:
        columns, rows = query_rows(
            warehouse,
            "SELECT run_id, status, strftime(started_at, '%Y-%m-%d %H:%M') AS started, "
            "round(epoch(ended_at) - epoch(started_at), 1) AS secs, "
            "format('{}/{}/{}/{}', files_seen, files_new, files_skipped, files_rejected) "
            'AS "files seen/new/skip/rej", '
            "format('{}/{}/{}', rows_articles, rows_quotes, rows_entities) AS \"rows art/quo/ent\", "
            "left(error, 40) AS error "
            f"FROM runs ORDER BY started_at DESC LIMIT {int(limit)}",
        )
    except FileNotFoundError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_USAGE) from exc
    print_rows(columns, rows, title="recent runs")


@app.command()
def report(
    warehouse: WarehouseOpt = Path("warehouse"),
    out: Annotated[Path, typer.Option(help="HTML file to write.")] = Path("newsetl-report.html"),
) -> None:
    """Write a self-contained HTML report with plots of the runs and the data."""
    from newsetl.report import write_report

    if not Warehouse(warehouse).exists():
        err.print(f"[red]no warehouse at {warehouse}[/red]")
        raise typer.Exit(EXIT_USAGE)
    path = write_report(warehouse, out)
    console.print(f"report written to {path}")
