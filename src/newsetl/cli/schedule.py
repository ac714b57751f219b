"""Production scheduling: ``newsetl server`` (a local Prefect server) and ``newsetl serve``
(a deployment of the ingest flow with a schedule, run until stopped)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from newsetl.cli.common import EXIT_FAILURE, EXIT_USAGE, WarehouseOpt, app, console, err
from newsetl.prefect_server import prepare_database
from newsetl.runtime import (
    PrefectUnavailable,
    choose_api,
    healthy,
    prefect_defaults,
    remove_record,
    write_record,
)


@app.command()
def server(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 4200,
    host: Annotated[
        str, typer.Option(help="Address to bind (keep it local unless you mean it).")
    ] = "127.0.0.1",
) -> None:
    """Start a Prefect server for this Prefect home; `newsetl ingest` with the same home reuses it."""
    prefect_defaults()
    local = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    api_url = f"http://{local}:{port}/api"
    child = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)]
    )
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        while child.poll() is None and not healthy(api_url):
            time.sleep(0.5)
        if child.poll() is None:
            write_record(api_url, os.getpid())
            console.print(f"Prefect server (UI and API) at http://{local}:{port}")
            console.print(
                "newsetl commands with this PREFECT_HOME use it; other shells: "
                f"export PREFECT_API_URL={api_url}"
            )
        child.wait()
    except KeyboardInterrupt:
        pass
    finally:
        remove_record(os.getpid())
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
    if child.returncode not in (0, None, -signal.SIGTERM):
        err.print(f"[red]the Prefect server exited with code {child.returncode}[/red]")
        raise typer.Exit(EXIT_FAILURE)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@app.command()
def setup() -> None:
    """Prepare Prefect's database for this Prefect home (once; `make setup` runs it)."""
    prefect_defaults()
    try:
        ran = prepare_database(announce=lambda line: console.print(line))
    except PrefectUnavailable as exc:
        err.print(f"[red]Prefect unavailable:[/red] {exc}")
        raise typer.Exit(EXIT_FAILURE) from exc
    console.print("Prefect's database is ready" + ("" if ran else " (it already was)"))


@app.command()
def serve(
    cron: Annotated[str | None, typer.Option(help='Cron schedule, e.g. "*/15 * * * *".')] = None,
    interval: Annotated[int | None, typer.Option(help="Run every N seconds.")] = None,
    raw: Annotated[list[Path] | None, typer.Option(help="Raw folder (repeatable; default raw/).")] = None,
    warehouse: WarehouseOpt = Path("warehouse"),
    name: Annotated[str, typer.Option(help="Deployment name.")] = "newsetl-ingest",
) -> None:
    """Register a scheduled deployment of the ingest flow on PREFECT_API_URL and run it until stopped."""
    prefect_defaults()
    if choose_api().url is None:
        err.print(
            "[red]no Prefect server:[/red] start `newsetl server` (same PREFECT_HOME) or set PREFECT_API_URL"
        )
        raise typer.Exit(EXIT_USAGE)
    if (cron is None) == (interval is None):
        err.print("[red]give exactly one of --cron and --interval[/red]")
        raise typer.Exit(EXIT_USAGE)
    from prefect.types.entrypoint import EntrypointType

    from newsetl.flows.ingest import ingest

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
