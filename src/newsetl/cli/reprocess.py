"""``newsetl reprocess``: re-derive rows from the raw layer with the current code (a Prefect flow run)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from newsetl.cli.common import EXIT_USAGE, WarehouseOpt, app, console, err, prefect_api, writer_errors


def run_reprocess(warehouse: Path, params: dict[str, Any], dask_address: str | None) -> dict[str, Any]:
    """Run the reprocess flow in this process (embedded Prefect server unless one is configured)."""
    from newsetl.settings import Settings

    settings = Settings()
    with prefect_api(settings.prefect_startup_timeout) as (_url, ready):
        from newsetl.flows.reprocess import reprocess, with_dask

        if ready is not None:
            ready()
        address = dask_address or settings.dask_address
        flow = with_dask(address) if address else reprocess
        in_flight = settings.dask_batches_in_flight if address else 0
        with writer_errors("reprocess"):
            summary: dict[str, Any] = flow(warehouse=str(warehouse), parallel_batches=in_flight, **params)
    return summary


@app.command()
def reprocess(
    warehouse: WarehouseOpt = Path("warehouse"),
    where: Annotated[
        str | None,
        typer.Option(
            help="SQL condition over the articles view, e.g. \"published_date >= DATE '2025-01-01'\"."
        ),
    ] = None,
    older_than_current: Annotated[
        bool, typer.Option(help="Only articles whose parser or NLP version is not the current one.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option(help="Write nothing: count what would change and which fields, on a sample.")
    ] = False,
    sample: Annotated[int, typer.Option(help="Articles a --dry-run re-derives.")] = 200,
    batch_size: Annotated[int | None, typer.Option(help="Articles per batch (and per commit).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    dask_address: Annotated[
        str | None, typer.Option(help="Re-derive the batches on the Dask cluster at tcp://HOST:PORT.")
    ] = None,
) -> None:
    """Re-derive articles, quotes, entities and images from the stored pages with the current code."""
    from newsetl.store.warehouse import Warehouse

    if not Warehouse(warehouse).exists():
        err.print(f"[red]no warehouse at {warehouse}[/red]")
        raise typer.Exit(EXIT_USAGE)
    params: dict[str, Any] = {
        "where": where,
        "older_than_current": older_than_current,
        "dry_run": dry_run,
        "sample": sample,
        "overrides": {"batch_size": batch_size} if batch_size else None,
    }
    summary = run_reprocess(warehouse, params, dask_address)
    if json_out:
        console.print_json(json.dumps(summary, default=str))
        return
    title = f"{'dry run' if dry_run else 'reprocess'} {summary['run_id']}"
    table = Table(title=title, show_header=False)
    for key in ("selected", "without_pages", "rederived", "changed", "unchanged", "commits"):
        table.add_row(key.replace("_", " "), str(summary[key]))
    for reason, count in summary["failed"].items():
        table.add_row(f"kept (not re-derived: {reason})", str(count))
    for name, count in summary["field_changes"].items():
        table.add_row(f"changed: {name}", str(count))
    for name, count in summary["rows"].items():
        table.add_row(f"rows: {name}", str(count))
    console.print(table)
    if summary["hint"]:
        err.print(
            f"[yellow]{summary['without_pages']} articles cannot be re-derived:[/yellow] {summary['hint']}"
        )
