"""The registry's confidence levels, and how a most frequent value is chosen."""

from __future__ import annotations

from collections import Counter

CONFIDENT = 1.0  # a full name, or any entity that is not a one-word person
LINKED = 0.9  # a one-word person with exactly one candidate in the warehouse
LINKED_BY_CONTEXT = 0.7  # one of several candidates, the only one sharing context with the article
LINKED_BY_NAME = 0.6  # one of several candidates, the only one with a known given name
UNKNOWN = 0.5  # a one-word person no full name in the warehouse ends with
AMBIGUOUS = 0.3  # several candidates and the context does not decide


def choose(counter: Counter[str]) -> str:
    """The most frequent value; ties go to the alphabetically first (order independent)."""
    return min(counter, key=lambda value: (-counter[value], value))
