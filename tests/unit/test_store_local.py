"""The local storage's lock names its holder, so a refused writer says who is writing."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsetl.store.warehouse import Warehouse, WarehouseBusy


def test_the_busy_message_names_the_holder(tmp_path: Path) -> None:
    compaction, ingest = Warehouse(tmp_path).writer_lock("compaction"), Warehouse(str(tmp_path)).writer_lock()
    with compaction, pytest.raises(WarehouseBusy, match="another compaction is writing"), ingest:
        pass
    held, refused = Warehouse(tmp_path).writer_lock(), Warehouse(tmp_path).writer_lock("compaction")
    with held, pytest.raises(WarehouseBusy, match="another ingest is writing"), refused:
        pass
