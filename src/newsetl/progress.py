"""A tiny hook so the CLI can draw a progress bar while the flow runs in the same process."""

from __future__ import annotations

from collections.abc import Callable

Listener = Callable[[str, int, int], None]  # (event, done, total)
_listeners: list[Listener] = []


def subscribe(listener: Listener) -> Callable[[], None]:
    _listeners.append(listener)
    return lambda: _listeners.remove(listener)


def report(event: str, done: int, total: int) -> None:
    for listener in list(_listeners):
        listener(event, done, total)
