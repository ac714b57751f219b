"""The report of a real warehouse, rendered by headless Chromium: every data plot must draw its SVG."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from newsetl.contracts import TABLES
from newsetl.report import write_report
from newsetl.run import ingest_local

REPO = Path(__file__).resolve().parents[2]

#: Plots the sample in raw/ (plus one empty file) must fill; `runs` too once the catalog has that view.
MUST_HAVE_DATA = {"rejects", "people", "organizations", "places", "speakers", "publishers"} | (
    {"runs"} if "runs" in TABLES else set()
)


def _chromium() -> str:
    binary = shutil.which("chromium")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("chromium not found (CI must install Debian's chromium package)")
        pytest.skip("chromium not installed (apt-get install -y chromium) - cannot render the report")
    return binary


def _chromium_cmd(binary: str, profile: Path) -> list[str]:
    return [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=10000",
    ]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("report")
    raw = tmp / "raw"
    shutil.copytree(REPO / "raw", raw)
    (raw / "empty.txt").write_bytes(b"")  # one reject, so the rejects plot has data
    ingest_local([raw], warehouse=tmp / "wh")
    out = write_report(tmp / "wh", tmp / "out" / "report.html")
    assert out.is_file()
    return out


def test_report_file_is_self_contained(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert re.search(r"<script[^>]*\bsrc=", html) is None
    assert str(report.parent.parent / "wh") in html  # header names the warehouse
    present = set(re.findall(r"data-plot='(\w+)' data-empty='false'", html))
    assert present >= MUST_HAVE_DATA


def test_report_renders_in_headless_chromium(report: Path, tmp_path: Path) -> None:
    binary = _chromium()
    cmd = _chromium_cmd(binary, tmp_path / "profile")
    url = report.resolve().as_uri()

    dom = subprocess.run(
        [*cmd, "--dump-dom", url], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    sections = re.findall(r'<section data-plot="(\w+)" data-empty="(\w+)">(.*?)</section>', dom, re.S)
    assert len(sections) == 7, dom[:2000]
    drawn = {key for key, empty, body in sections if empty == "false"}
    assert drawn >= MUST_HAVE_DATA
    for key, empty, body in sections:
        if empty == "false":
            assert body.count('class="main-svg"') >= 1, f"plot {key} did not render"
            assert 'class="point"' in body, f"plot {key} drew axes but no bar or marker"
        else:
            assert "no data yet" in body and "main-svg" not in body, key

    png = tmp_path / "report.png"
    subprocess.run(
        [*cmd, "--hide-scrollbars", "--window-size=1200,2400", f"--screenshot={png}", url],
        capture_output=True,
        timeout=60,
        check=True,
    )
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 50_000, f"screenshot is only {len(data)} bytes"
