"""The spaCy pipeline: loaded once per process, with only the components the extractors need."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc


class ModelError(RuntimeError):
    """The configured spaCy pipeline cannot be loaded."""


@functools.cache
def load_pipeline(model: str, components: tuple[str, ...]) -> Language:
    """Load ``model`` keeping ``components`` (and what they listen to); exclude the rest."""
    try:
        nlp = spacy.load(model, exclude=_excluded(model, components))
    except OSError as exc:
        raise ModelError(
            f"spaCy pipeline {model!r} is not installed; install it or set NEWSETL_SPACY_MODEL"
        ) from exc
    return nlp


def _excluded(model: str, keep: Sequence[str]) -> list[str]:
    names = spacy.info(model).get("pipeline", [])  # type: ignore[attr-defined,union-attr]
    return [name for name in names if name not in keep]


def pipe(nlp: Language, texts: Iterable[str], *, batch_size: int, processes: int) -> Iterator[Doc]:
    """``nlp.pipe`` over ``texts`` in order."""
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=processes)
