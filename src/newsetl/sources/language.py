"""Which language an article is in: py3langid, whose model ships inside the package (no download)."""

from __future__ import annotations

import functools
from typing import Any

_SAMPLE_CHARS = 3000
# Below this probability the guess is not trusted and the article is not refused for it.
MIN_CONFIDENCE = 0.9
_MIN_CHARS = 200


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float] | None:
    """``(ISO 639-1 code, probability)`` of the text's language, or ``None`` when too short to tell."""
    sample = text[:_SAMPLE_CHARS]
    if len(sample.strip()) < _MIN_CHARS:
        return None
    code, probability = _identifier().classify(sample)
    return str(code), float(probability)


def identify(text: str) -> str | None:
    """The text's language when the guess is confident, else ``None``."""
    found = detect(text)
    return found[0] if found is not None and found[1] >= MIN_CONFIDENCE else None
