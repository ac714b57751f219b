"""Records → plotly figures, one function per plot.

Each function returns ``None`` when there is nothing to draw, and the page shows a "no data yet"
placeholder instead of an empty set of axes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import plotly.graph_objects as go

from newsetl.report.queries import Count, PublisherDay, RunRecord

_LAYOUT: dict[str, object] = {
    "template": "plotly_white",
    "margin": {"l": 60, "r": 20, "t": 30, "b": 50},
    "height": 380,
    "legend": {"orientation": "h", "y": -0.2},
}

_DAY_MS = 0.8 * 86_400_000  # bar width on a date axis is in milliseconds

_RUN_SERIES = (
    ("articles", "rows_articles"),
    ("quotes", "rows_quotes"),
    ("entities", "rows_entities"),
    ("images", "rows_images"),
)


def _count_axis(largest: int) -> dict[str, object]:
    """Axis settings for counts: from zero, and whole-number ticks when the counts are small."""
    axis: dict[str, object] = {"rangemode": "tozero"}
    if largest <= 10:
        axis.update(tick0=0, dtick=1)
    return axis


def runs_figure(runs: Sequence[RunRecord]) -> go.Figure | None:
    """Rows written per run over time; failed runs are drawn with an ✕ marker."""
    if not runs:
        return None
    x = [r.ended_at for r in runs]
    symbols = ["x" if r.status == "failed" else "circle" for r in runs]
    hover = [f"run {r.run_id}<br>{r.status}" + (f"<br>{r.error}" if r.error else "") for r in runs]
    fig = go.Figure()
    for name, attr in _RUN_SERIES:
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[getattr(r, attr) for r in runs],
                name=name,
                mode="lines+markers",
                marker={"symbol": symbols, "size": 9},
                text=hover,
                hovertemplate="%{x}<br>%{y} rows<br>%{text}<extra>" + name + "</extra>",
            )
        )
    fig.update_layout(**_LAYOUT, xaxis_title="run ended (UTC)", yaxis_title="rows written")
    largest = max(max(getattr(r, attr) for r in runs) for _, attr in _RUN_SERIES)
    fig.update_yaxes(**_count_axis(largest))
    if min(x) == max(x):  # a single instant: show an hour either side, not a millisecond
        fig.update_xaxes(range=[x[0] - timedelta(hours=1), x[0] + timedelta(hours=1)])
    return fig


def _hbar(counts: Sequence[Count], x_title: str, color: str) -> go.Figure | None:
    """Horizontal bars, largest at the top."""
    if not counts:
        return None
    labels = [label for label, _ in counts]
    values = [n for _, n in counts]
    fig = go.Figure(go.Bar(x=values, y=labels, orientation="h", marker_color=color))
    layout = dict(_LAYOUT)
    layout["height"] = max(220, 60 + 26 * len(counts))
    fig.update_layout(**layout, xaxis_title=x_title)
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(**_count_axis(max(values)))
    return fig


def rejects_figure(counts: Sequence[Count]) -> go.Figure | None:
    """Rejected files by reason code."""
    return _hbar(counts, "rejects", "#d62728")


def entities_figure(counts: Sequence[Count]) -> go.Figure | None:
    """Top entities of one group, by number of articles mentioning them."""
    return _hbar(counts, "articles", "#1f77b4")


def speakers_figure(counts: Sequence[Count]) -> go.Figure | None:
    """Top quoted speakers, by number of quotes."""
    return _hbar(counts, "quotes", "#2ca02c")


def publishers_figure(rows: Sequence[PublisherDay]) -> go.Figure | None:
    """Articles per day, stacked by publisher."""
    if not rows:
        return None
    fig = go.Figure()
    for publisher in sorted({r.publisher for r in rows}):
        mine = [r for r in rows if r.publisher == publisher]
        fig.add_trace(
            go.Bar(x=[r.day for r in mine], y=[r.articles for r in mine], name=publisher, width=_DAY_MS)
        )
    fig.update_layout(**_LAYOUT, barmode="stack", xaxis_title="day", yaxis_title="articles")
    fig.update_xaxes(type="date")
    totals: dict[object, int] = {}
    for r in rows:
        totals[r.day] = totals.get(r.day, 0) + r.articles
    fig.update_yaxes(**_count_axis(max(totals.values())))
    return fig
