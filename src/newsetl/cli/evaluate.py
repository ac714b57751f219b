"""``newsetl eval``: score the pipeline against gold annotation files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from newsetl.cli.common import EXIT_BELOW_FLOOR, EXIT_USAGE, app, console, err
from newsetl.cli.ingest import run_ingest


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
