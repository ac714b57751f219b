"""The parser version: the parser's code generation plus a short hash of the packaged model.

Defined once; ``settings.PARSER_VERSION`` and the article rows use it. It changes whenever
``make train`` writes a different model file.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import resources

# The packaged model: the JSON of :class:`newsetl.roles.model.RoleModel`, gzip-compressed (no mtime).
MODEL_FILE = "line_roles.json.gz"
# Bump when the parser's decoding code changes in a way that changes its output.
PARSER_GENERATION = "2026-12-04.1"  # 12-04.1: the body keeps the rest of a list it ends with;
# 12-03.4: story-thumbnail grids hold no photo; .3: datelines with their region, the story opens at
# a dateline, no-break spaces and invisible marks normalised


@functools.cache
def model_digest() -> str:
    """First 10 hex digits of the SHA-256 of the packaged model file."""
    data = resources.files("newsetl.roles").joinpath(MODEL_FILE).read_bytes()
    return hashlib.sha256(data).hexdigest()[:10]


def parser_version() -> str:
    """``<generation>+<model hash>``, e.g. ``2026-12-02+3f5a0c9e21``."""
    return f"{PARSER_GENERATION}+{model_digest()}"
