"""The versions stamped on every derived row, each defined once and read from the code and the
packaged models (never typed by hand in two places):

* ``parser_version``: the parser's decoding generation plus a hash of the packaged line-role model
  (:func:`newsetl.roles.version.parser_version`, exposed as ``settings.PARSER_VERSION``);
* ``nlp_version``: the spaCy pipeline's name and installed package version, plus the extraction
  generation below and a hash of the packaged attribution models (speaker weights, relabeller);
* ``newsetl_version``: the installed distribution's version.

``newsetl reprocess --older-than-current`` re-derives the articles whose parser or NLP version is not
the current one (``newsetl_version`` alone changes nothing the rows say, so it is informational).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

# Bump when the extraction code (quotes, attribution, entities) changes in a way that changes its output.
NLP_GENERATION = "2026-12-03.1"
# The packaged attribution models in ``newsetl.extract``: a retrained file changes ``nlp_version``.
ATTRIBUTION_FILES = ("speaker_weights.json", "relabel_model.json")


@functools.cache
def attribution_digest() -> str:
    # By path: importing the newsetl.extract package would load spaCy (read-only commands stay light).
    extract = Path(__file__).resolve().parent / "extract"
    digest = hashlib.sha256()
    for name in ATTRIBUTION_FILES:
        digest.update((extract / name).read_bytes())
    return digest.hexdigest()[:10]


@functools.cache
def nlp_version(spacy_model: str) -> str:
    """``<model>-<package version>+<generation>+<attribution hash>``."""
    try:
        installed = metadata.version(spacy_model)
    except metadata.PackageNotFoundError:  # a pipeline loaded from a folder, not a package
        installed = "local"
    return f"{spacy_model}-{installed}+{NLP_GENERATION}+{attribution_digest()}"


@functools.cache
def newsetl_version() -> str:
    try:
        return metadata.version("newsetl")
    except metadata.PackageNotFoundError:
        return "unknown"


@dataclass(frozen=True, slots=True)
class Versions:
    parser: str
    nlp: str
    newsetl: str


def current_versions(spacy_model: str) -> Versions:
    """The versions the code running now stamps on the rows it derives."""
    from newsetl.settings import PARSER_VERSION

    return Versions(PARSER_VERSION, nlp_version(spacy_model), newsetl_version())
