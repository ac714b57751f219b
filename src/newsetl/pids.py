"""Whether a process id still names a running process (for stale records and leftover folders)."""

from __future__ import annotations

import os


def alive(pid: int) -> bool:
    """True while ``pid`` runs (or runs as another user); False once it is gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
