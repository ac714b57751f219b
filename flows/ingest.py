"""Entrypoint for ``prefect deploy`` from a checkout (``prefect.yaml``: ``flows/ingest.py:ingest``).

The flow itself lives in :mod:`newsetl.flows.ingest`, so an installed wheel carries it; this file
only re-exports it and is not packaged.
"""

from newsetl.flows.ingest import ingest

__all__ = ["ingest"]
