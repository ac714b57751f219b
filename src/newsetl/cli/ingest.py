"""``newsetl ingest``: the Prefect flow in this process, with a progress bar and a summary."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from newsetl.cli.common import EXIT_USAGE, WarehouseOpt, app, console, err, prefect_api, writer_errors

if TYPE_CHECKING:
    from newsetl.settings import Settings


def _run_flow(
    raw: list[Path],
    warehouse: Path,
    overrides: dict[str, Any],
    settings: Settings,
    show_progress: bool,
    dask_address: str | None,
    server_ready: Callable[[], None] | None,
) -> dict[str, Any]:
    from rich.progress import Progress

    from newsetl import progress
    from newsetl.flows.ingest import ingest, with_dask

    if server_ready is not None:
        server_ready()

    with Progress(console=err, transient=True, disable=not show_progress or console.quiet) as bar:
        task_id = bar.add_task("ingesting", total=None)
        unsubscribe = progress.subscribe(
            lambda _e, done, total: bar.update(task_id, completed=done, total=total)
        )
        try:
            with writer_errors("ingest"):
                address = dask_address or settings.dask_address
                flow = with_dask(address) if address else ingest
                summary: dict[str, Any] = flow(
                    raw=[str(r) for r in raw],
                    warehouse=str(warehouse),
                    overrides=overrides,
                    parallel_batches=settings.dask_batches_in_flight if address else 0,
                )
        finally:
            unsubscribe()
    return summary


def run_ingest(
    raw: list[Path],
    warehouse: Path,
    overrides: dict[str, Any],
    show_progress: bool,
    dask_address: str | None = None,
) -> dict[str, Any]:
    """Run the Prefect ingest flow in this process (embedded server), with a progress bar."""
    from newsetl.settings import Settings
    from newsetl.store.warehouse import Warehouse

    for root in raw:
        if not str(root).startswith("s3:/") and not root.exists():
            err.print(f"[red]raw input not found:[/red] {root}")
            raise typer.Exit(EXIT_USAGE)
    with writer_errors("ingest"), Warehouse(warehouse).writer_lock():
        pass  # fail fast, before starting Prefect; the flow takes the lock for real

    settings = Settings().with_overrides(**overrides)
    with prefect_api(settings.prefect_startup_timeout) as (url, ready):  # a temporary server comes up
        summary = _run_flow(raw, warehouse, overrides, settings, show_progress, dask_address, ready)
    summary["prefect_api"] = url or "temporary"
    return summary


@app.command()
def ingest(
    raw: Annotated[list[Path] | None, typer.Argument(help="Raw files or folders (default: raw/).")] = None,
    warehouse: WarehouseOpt = Path("warehouse"),
    batch_size: Annotated[int | None, typer.Option(help="Articles per task.")] = None,
    processes: Annotated[int | None, typer.Option(help="spaCy processes.")] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline name.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    dask_address: Annotated[
        str | None, typer.Option(help="Run the batches on the Dask cluster at tcp://HOST:PORT.")
    ] = None,
) -> None:
    """Ingest new raw article files into the warehouse (a Prefect flow run)."""
    overrides = {"batch_size": batch_size, "spacy_processes": processes, "spacy_model": model}
    summary = run_ingest(
        raw or [Path("raw")], warehouse, overrides, show_progress=not json_out, dask_address=dask_address
    )
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
    if summary.get("stale_articles"):
        from newsetl.stale import HINT

        err.print(
            f"[yellow]{summary['stale_articles']} stale articles[/yellow] (older parser/NLP version): {HINT}"
        )
