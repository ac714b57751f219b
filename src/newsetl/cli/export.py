"""``newsetl export``: a portable, self-describing snapshot of the warehouse for analysts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from newsetl.cli.common import EXIT_FAILURE, EXIT_SQL, EXIT_USAGE, app, console, err


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        err.print(f"[red]{option} takes a date as YYYY-MM-DD, not {value!r}[/red]")
        raise typer.Exit(EXIT_USAGE) from exc


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to create (must not exist).")],
    warehouse: Annotated[
        str, typer.Option("--warehouse", "-w", help="Warehouse directory or s3://bucket/prefix.")
    ] = "warehouse",
    since: Annotated[str | None, typer.Option(help="Articles published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Articles published on or before (YYYY-MM-DD).")] = None,
    where: Annotated[
        str | None, typer.Option(help="SQL condition on the articles' columns, e.g. \"language = 'en'\".")
    ] = None,
    eval_json: Annotated[
        Path | None, typer.Option("--eval", help="Scores of `newsetl eval --json` for the datasheet.")
    ] = None,
) -> None:
    """Export one commit of the warehouse to OUT: Parquet per table, datapackage.json, README.md
    (datasheet) and newsetl.duckdb (views by relative path). Written atomically."""
    import duckdb

    from newsetl.export.facts import eval_fields
    from newsetl.export.layout import Selection
    from newsetl.export.snapshot import ExportError
    from newsetl.export.snapshot import export as run_export
    from newsetl.store.warehouse import Warehouse

    selection = Selection(_date(since, "--since"), _date(until, "--until"), where)
    scores = None
    if eval_json is not None:
        try:
            scores = eval_fields(json.loads(eval_json.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            err.print(f"[red]cannot read --eval {eval_json}:[/red] {exc}")
            raise typer.Exit(EXIT_USAGE) from exc
    try:
        result = run_export(Warehouse(warehouse), out, selection, scores)
    except ExportError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_USAGE) from exc
    except (duckdb.ParserException, duckdb.BinderException) as exc:
        err.print(f"[red]--where is not a valid condition on articles:[/red] {exc}")
        raise typer.Exit(EXIT_SQL) from exc
    except (duckdb.Error, OSError) as exc:
        err.print(f"[red]export failed:[/red] {exc}")
        raise typer.Exit(EXIT_FAILURE) from exc
    counts = ", ".join(f"{table} {n:,}" for table, n in result.rows.items())
    console.print(f"exported commit {result.commit or '(empty)'} to {result.path}: {counts}")
