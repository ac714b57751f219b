"""Shared pieces of the ``newsetl`` command: the app, consoles, exit codes, output verbosity.

Exit codes: 0 success · 1 unexpected failure · 2 usage error or missing input ·
3 warehouse busy (another ingest holds the lock) · 4 ``eval --strict`` found a score below its floor ·
5 the SQL given to ``newsetl sql`` failed · 6 a schema change the warehouse cannot follow was refused.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

EXIT_FAILURE, EXIT_USAGE, EXIT_BUSY, EXIT_BELOW_FLOOR, EXIT_SQL, EXIT_SCHEMA = 1, 2, 3, 4, 5, 6

app = typer.Typer(
    help="newsetl: raw news articles → validated Parquet tables queried with DuckDB.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)

WarehouseOpt = Annotated[Path, typer.Option("--warehouse", "-w", help="Warehouse directory.")]


@app.callback()
def main_options(
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Errors only: no progress, no logs.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show Prefect's run and stage logs.")
    ] = False,
) -> None:
    """newsetl: raw news articles → validated Parquet tables queried with DuckDB."""
    if quiet and verbose:
        err.print("[red]--quiet and --verbose exclude each other[/red]")
        raise typer.Exit(EXIT_USAGE)
    if quiet:
        console.quiet = True
        os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "ERROR"
    elif verbose:
        os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "INFO"


@contextlib.contextmanager
def writer_errors(action: str) -> Iterator[None]:
    """Map the failures of a warehouse write to a message and the documented exit code."""
    from newsetl.store.evolution import SchemaEvolutionError
    from newsetl.store.warehouse import PublishError, WarehouseBusy

    try:
        yield
    except WarehouseBusy as exc:
        err.print(f"[red]warehouse busy:[/red] {exc}")
        raise typer.Exit(EXIT_BUSY) from exc
    except SchemaEvolutionError as exc:
        err.print(f"[red]schema change refused:[/red] {exc}")
        raise typer.Exit(EXIT_SCHEMA) from exc
    except (PublishError, OSError) as exc:
        err.print(f"[red]{action} failed:[/red] {exc}")
        raise typer.Exit(EXIT_FAILURE) from exc


def note(line: str) -> None:
    """A dim progress line on stderr (not with --quiet)."""
    if not console.quiet:
        err.print(f"[dim]{line}[/dim]")


@contextlib.contextmanager
def prefect_api(startup_timeout: int) -> Iterator[tuple[str | None, Callable[[], None] | None]]:
    """The Prefect API a command's flow run talks to: the configured server (its URL), or a
    temporary one started here (``None`` and a function that waits until it answers, so that it
    comes up while the caller imports the flow). Prefect being unreachable is a clear exit."""
    from newsetl.prefect_server import TemporaryServer, prepare_database
    from newsetl.runtime import PrefectUnavailable, choose_api, prefect_defaults

    prefect_defaults(startup_timeout=startup_timeout)
    api = choose_api()
    note(api.describe())
    try:
        with contextlib.ExitStack() as stack:
            ready: Callable[[], None] | None = None
            if api.url is None:
                prepare_database(announce=note)
                ready = stack.enter_context(TemporaryServer()).wait_ready
            yield api.url, ready
    except PrefectUnavailable as exc:
        err.print(f"[red]Prefect unavailable:[/red] {exc}")
        raise typer.Exit(EXIT_FAILURE) from exc


def print_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None = None) -> None:
    table = Table(title=title)
    for name in columns:
        table.add_column(name)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)
