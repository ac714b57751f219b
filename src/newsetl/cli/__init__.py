"""The ``newsetl`` command. Thin: each subcommand calls the flow, the read side or the evaluator.

See :mod:`newsetl.cli.common` for the exit codes.
"""

from __future__ import annotations

from newsetl.cli import evaluate, export, ingest, maintain, read, reprocess, schedule
from newsetl.cli.common import app

__all__ = ["app", "evaluate", "export", "ingest", "maintain", "read", "reprocess", "schedule"]
