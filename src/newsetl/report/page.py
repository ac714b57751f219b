"""Figures + header → one self-contained HTML page (plotly.js inlined, no network needed)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from newsetl.report.queries import RunRecord

PLACEHOLDER = "no data yet"

_CSS = """
body { font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 1100px; color: #222; }
h1 { margin-bottom: .2rem; }
header dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
header dt { font-weight: 600; }
table.counts { border-collapse: collapse; margin: .5rem 0; }
table.counts td, table.counts th { border: 1px solid #ccc; padding: .2rem .6rem; text-align: right; }
section { margin-top: 1.5rem; border-top: 1px solid #eee; }
p.placeholder { color: #888; font-style: italic; padding: 2rem 0; }
"""


@dataclass(frozen=True)
class Section:
    """One plot: ``key`` is the ``data-plot`` attribute tests and readers can find it by."""

    key: str
    title: str
    figure: go.Figure | None


@dataclass(frozen=True)
class Header:
    warehouse: str | None
    generated_at: datetime
    counts: Mapping[str, int | None]
    latest_run: RunRecord | None


def _latest_run_html(run: RunRecord | None) -> str:
    if run is None:
        return f"<p class='placeholder' data-latest-run='none'>{PLACEHOLDER}</p>"
    seconds = (run.ended_at - run.started_at).total_seconds()
    items = [
        ("run", run.run_id),
        ("status", run.status),
        ("ended (UTC)", run.ended_at.isoformat(sep=" ", timespec="seconds")),
        ("duration", f"{seconds:.1f} s"),
        (
            "files",
            f"{run.files_seen} seen, {run.files_new} new, {run.files_skipped} skipped, "
            f"{run.files_rejected} rejected",
        ),
        (
            "rows",
            f"{run.rows_articles} articles, {run.rows_images} images, {run.rows_quotes} quotes, "
            f"{run.rows_entities} entities, {run.rows_rejects} rejects",
        ),
    ]
    if run.error:
        items.append(("error", run.error))
    body = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in items)
    return f"<dl data-latest-run='{escape(run.run_id)}'>{body}</dl>"


def _header_html(header: Header) -> str:
    where = escape(header.warehouse) if header.warehouse else "(in-memory connection)"
    generated = escape(header.generated_at.isoformat(sep=" ", timespec="seconds"))
    names = "".join(f"<th>{escape(t)}</th>" for t in header.counts)
    values = "".join(f"<td>{'–' if n is None else f'{n:,}'}</td>" for n in header.counts.values())
    return (
        "<header>"
        "<h1>newsetl report</h1>"
        "<dl>"
        f"<dt>warehouse</dt><dd><code>{where}</code></dd>"
        f"<dt>generated (UTC)</dt><dd>{generated}</dd>"
        "</dl>"
        f"<table class='counts'><tr>{names}</tr><tr>{values}</tr></table>"
        "<h2>Latest run</h2>"
        f"{_latest_run_html(header.latest_run)}"
        "</header>"
    )


def _section_html(section: Section) -> str:
    if section.figure is None:
        body = f"<p class='placeholder'>{PLACEHOLDER}</p>"
    else:
        body = section.figure.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=f"plot-{section.key}",
            config={"displaylogo": False, "responsive": True},
        )
    empty = "true" if section.figure is None else "false"
    return (
        f"<section data-plot='{escape(section.key)}' data-empty='{empty}'>"
        f"<h2>{escape(section.title)}</h2>{body}</section>"
    )


def render_page(header: Header, sections: Sequence[Section]) -> str:
    """The whole page. plotly.js is inlined once in <head> (what ``include_plotlyjs=True`` embeds)."""
    parts = [
        "<!DOCTYPE html>",
        "<html lang='en'><head><meta charset='utf-8'>",
        "<title>newsetl report</title>",
        f"<style>{_CSS}</style>",
        f"<script type='text/javascript'>{get_plotlyjs()}</script>",
        "</head><body>",
        _header_html(header),
        "<main>",
        *(_section_html(s) for s in sections),
        "</main></body></html>",
    ]
    return "\n".join(parts)
