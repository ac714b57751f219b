"""The ``newsetl`` command. Thin: it calls the flow, the read side and the evaluator.

Exit codes: 0 success · 1 unexpected failure · 2 usage error or missing input ·
3 warehouse busy (another ingest holds the lock) · 4 ``eval --strict`` found a score below its floor ·
5 the SQL given to ``newsetl sql`` failed · 6 a schema change the warehouse cannot follow was refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from newsetl.runtime import prefect_defaults

EXIT_FAILURE, EXIT_USAGE, EXIT_BUSY, EXIT_BELOW_FLOOR, EXIT_SQL, EXIT_SCHEMA = 1, 2, 3, 4, 5, 6

app = typer.Typer(
    help="newsetl: raw news articles → validated Parquet tables queried with DuckDB.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)

WarehouseOpt = Annotated[Path, typer.Option("--warehouse", "-w", help="Warehouse directory.")]


def run_ingest(
    raw: list[Path], warehouse: Path, overrides: dict[str, Any], show_progress: bool
) -> dict[str, Any]:
    """Run the Prefect ingest flow in this process (embedded server), with a progress bar."""
    from newsetl.store.evolution import SchemaEvolutionError
    from newsetl.store.warehouse import PublishError, Warehouse, WarehouseBusy

    for root in raw:
        if not root.exists():
            err.print(f"[red]raw input not found:[/red] {root}")
            raise typer.Exit(EXIT_USAGE)
    try:  # fail fast, before starting Prefect; the flow takes the lock for real
        with Warehouse(warehouse).writer_lock():
            pass
    except WarehouseBusy as exc:
        err.print(f"[red]warehouse busy:[/red] {exc}")
        raise typer.Exit(EXIT_BUSY) from exc

    prefect_defaults()
    from flows.ingest import ingest as ingest_flow
    from rich.progress import Progress

    from newsetl import progress

    with Progress(console=err, transient=True, disable=not show_progress) as bar:
        task_id = bar.add_task("ingesting", total=None)
        unsubscribe = progress.subscribe(
            lambda _e, done, total: bar.update(task_id, completed=done, total=total)
        )
        try:
            summary: dict[str, Any] = ingest_flow(
                raw=[str(r) for r in raw], warehouse=str(warehouse), overrides=overrides
            )
        except WarehouseBusy as exc:
            err.print(f"[red]warehouse busy:[/red] {exc}")
            raise typer.Exit(EXIT_BUSY) from exc
        except SchemaEvolutionError as exc:
            err.print(f"[red]schema change refused:[/red] {exc}")
            raise typer.Exit(EXIT_SCHEMA) from exc
        except (PublishError, OSError) as exc:
            err.print(f"[red]ingest failed:[/red] {exc}")
            raise typer.Exit(EXIT_FAILURE) from exc
        finally:
            unsubscribe()
    return summary


@app.command()
def ingest(
    raw: Annotated[list[Path] | None, typer.Argument(help="Raw files or folders (default: raw/).")] = None,
    warehouse: WarehouseOpt = Path("warehouse"),
    batch_size: Annotated[int | None, typer.Option(help="Articles per task.")] = None,
    processes: Annotated[int | None, typer.Option(help="spaCy processes.")] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline name.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Ingest new raw article files into the warehouse (a Prefect flow run)."""
    overrides = {"batch_size": batch_size, "spacy_processes": processes, "spacy_model": model}
    summary = run_ingest(raw or [Path("raw")], warehouse, overrides, show_progress=not json_out)
    if json_out:
        console.print_json(json.dumps(summary))
        return
    table = Table(title=f"run {summary['run_id']}", show_header=False)
    for key in ("files_seen", "files_new", "files_skipped", "files_rejected"):
        table.add_row(key.replace("_", " "), str(summary[key]))
    for name, count in summary["rows"].items():
        table.add_row(f"rows: {name}", str(count))
    table.add_row("seconds", ", ".join(f"{k} {v:.2f}" for k, v in summary["seconds"].items()))
    console.print(table)


def print_arrow(result: Any, title: str | None = None) -> None:
    table = Table(title=title)
    for name in result.column_names:
        table.add_column(name)
    for row in result.to_pylist():
        table.add_row(*("" if v is None else str(v) for v in row.values()))
    console.print(table)


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="DuckDB SQL over the views.")],
    warehouse: WarehouseOpt = Path("warehouse"),
) -> None:
    """Run DuckDB SQL against the warehouse views and print the result."""
    import duckdb

    from newsetl.store.query import query as run_query

    try:
        result = run_query(warehouse, query)
    except FileNotFoundError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_USAGE) from exc
    except duckdb.Error as exc:
        err.print(f"[red]SQL error:[/red] {exc}")
        raise typer.Exit(EXIT_SQL) from exc
    print_arrow(result)


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
    counts = table_counts(warehouse) if Path(warehouse).is_dir() else {}
    for spec in load_contracts().values():
        table = Table(title=f"{spec.table} — {counts.get(spec.table, 0)} rows", caption=spec.description)
        for header in ("column", "type", "null", "description"):
            table.add_column(header)
        for col in spec.columns:
            table.add_row(col.name, col.type, "yes" if col.nullable else "", col.description)
        console.print(table)


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Option(help="Folder of gold JSON files.")],
    raw: Annotated[Path | None, typer.Option(help="Folder of text dumps (default: GOLD/../text).")] = None,
    warehouse: Annotated[
        Path | None, typer.Option(help="Warehouse to ingest into (default: a temp dir).")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print scores as JSON.")] = False,
    strict: Annotated[bool, typer.Option(help="Exit 4 when a score is below its floor.")] = False,
) -> None:
    """Ingest the gold articles' dumps and score the tables against the gold files."""
    from newsetl.evaluate.harness import evaluate_dir

    raw_dir = raw or gold.parent / "text"
    if not gold.is_dir() or not raw_dir.is_dir():
        err.print(f"[red]gold or raw folder not found:[/red] {gold}, {raw_dir}")
        raise typer.Exit(EXIT_USAGE)
    report, text, failing = evaluate_dir(
        gold, raw_dir, warehouse, ingest=lambda r, w: run_ingest(r, w, {}, False)
    )
    if json_out:
        console.print_json(json.dumps(report))
    else:
        typer.echo(text)
    if strict and failing:
        err.print(f"below floor: {', '.join(failing)}")
        raise typer.Exit(EXIT_BELOW_FLOOR)


def main() -> None:  # pragma: no cover
    app()
