"""`newsetl report`: a self-contained HTML page of plots over the warehouse.

:func:`build_report` is pure apart from reading the connection; :func:`write_report` is the only
place that touches the file system.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb

from newsetl.report import figures, queries
from newsetl.report.page import Header, Section, render_page

__all__ = ["build_report", "write_report"]

_ENTITY_TITLES = {
    "people": "Top people (by articles)",
    "organizations": "Top organizations (by articles)",
    "places": "Top places (by articles)",
}


def build_report(con: duckdb.DuckDBPyConnection, *, generated_at: datetime | None = None) -> str:
    """The report page as an HTML string, from a connection holding the warehouse views."""
    runs = queries.runs(con)
    header = Header(
        warehouse=queries.warehouse_root(con),
        generated_at=(generated_at or datetime.now(UTC)).replace(tzinfo=None),
        counts=queries.table_counts(con),
        latest_run=runs[-1] if runs else None,
    )
    sections = [
        Section("runs", "Rows written per run", figures.runs_figure(runs)),
        Section("rejects", "Rejects by reason", figures.rejects_figure(queries.rejects_by_reason(con))),
        *(
            Section(key, _ENTITY_TITLES[key], figures.entities_figure(queries.top_entities(con, labels)))
            for key, labels in queries.ENTITY_GROUPS.items()
        ),
        Section("speakers", "Top quoted speakers", figures.speakers_figure(queries.top_speakers(con))),
        Section(
            "publishers",
            "Articles per publisher and day",
            figures.publishers_figure(queries.articles_per_publisher_day(con)),
        ),
    ]
    return render_page(header, sections)


def write_report(warehouse_dir: Path, out: Path) -> Path:
    """Build the report for ``warehouse_dir`` and write it to ``out`` atomically; returns ``out``."""
    from newsetl.store.files import atomic_write_bytes
    from newsetl.store.query import connect

    with connect(warehouse_dir) as con:
        html = build_report(con)
    atomic_write_bytes(out, html.encode("utf-8"))
    return out
