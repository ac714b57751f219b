"""Input readers: what crawlers produce (HTML pages, WARC files, JSON Lines) and text dumps, turned
into records the ingest stages take. One module per job: :mod:`.reader` (the only I/O: files →
records), :mod:`.warc`, :mod:`.jsonl`, :mod:`.html` and :mod:`.render` (page → text dump),
:mod:`.metadata` (what a page declares), :mod:`.merge` (declared + parsed → article), and
:mod:`.language`.
"""

from newsetl.sources.reader import Problem, Record, records

__all__ = ["Problem", "Record", "records"]
