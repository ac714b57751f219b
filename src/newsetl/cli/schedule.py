"""Production scheduling: ``newsetl server`` (a local Prefect server) and ``newsetl serve``
(a deployment of the ingest flow with a schedule, run until stopped)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from newsetl.cli.common import EXIT_USAGE, WarehouseOpt, app, console, err
from newsetl.runtime import prefect_defaults


@app.command()
def server(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 4200,
    host: Annotated[
        str, typer.Option(help="Address to bind (keep it local unless you mean it).")
    ] = "127.0.0.1",
) -> None:
    """Start a Prefect server with the project's Prefect home and print the URL to export."""
    prefect_defaults()
    console.print(f"Prefect server (UI and API) at http://{host}:{port}")
    console.print(f"In the shell that runs newsetl: export PREFECT_API_URL=http://{host}:{port}/api")
    prefect = str(Path(sys.executable).parent / "prefect")
    os.execv(prefect, [prefect, "server", "start", "--host", host, "--port", str(port)])


@app.command()
def serve(
    cron: Annotated[str | None, typer.Option(help='Cron schedule, e.g. "*/15 * * * *".')] = None,
    interval: Annotated[int | None, typer.Option(help="Run every N seconds.")] = None,
    raw: Annotated[list[Path] | None, typer.Option(help="Raw folder (repeatable; default raw/).")] = None,
    warehouse: WarehouseOpt = Path("warehouse"),
    name: Annotated[str, typer.Option(help="Deployment name.")] = "newsetl-ingest",
) -> None:
    """Register a scheduled deployment of the ingest flow on PREFECT_API_URL and run it until stopped."""
    if not os.environ.get("PREFECT_API_URL"):
        err.print(
            "[red]PREFECT_API_URL is not set:[/red] start `newsetl server` and export the URL it prints"
        )
        raise typer.Exit(EXIT_USAGE)
    if (cron is None) == (interval is None):
        err.print("[red]give exactly one of --cron and --interval[/red]")
        raise typer.Exit(EXIT_USAGE)
    prefect_defaults()
    from flows.ingest import ingest
    from prefect.types.entrypoint import EntrypointType

    parameters = {
        "raw": [str(p.resolve()) for p in (raw or [Path("raw")])],
        "warehouse": str(warehouse.resolve()),
    }
    ingest.serve(
        name=name,
        cron=cron,
        interval=interval,
        parameters=parameters,
        print_starting_message=not console.quiet,
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
