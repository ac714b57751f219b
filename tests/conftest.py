"""Shared fixtures: where the evaluation corpus is, and how tests reach it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"


def _corpus_dir() -> Path:
    configured = os.environ.get("NEWSETL_CORPUS")
    return Path(configured) if configured else REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared evaluation corpus, read in place. Required in CI, skipped elsewhere when absent."""
    path = _corpus_dir()
    if not (path / "text").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"evaluation corpus missing at {path} (CI must have ../shared/corpus)")
        pytest.skip(f"evaluation corpus not found at {path}; set NEWSETL_CORPUS to run corpus tests")
    return path


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES
