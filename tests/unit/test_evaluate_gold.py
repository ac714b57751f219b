"""Loading gold files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsetl.evaluate.gold import GoldFormatError, GoldImage, load_gold, load_gold_dir


def test_load_gold_fields(fixtures_dir: Path) -> None:
    gold = load_gold(fixtures_dir / "evaluate" / "gold" / "harbor-01.json")
    assert gold.id == "harbor-01"
    assert gold.authors == ("Mara Quill", "Tobias Fenn")
    assert gold.paragraph_count == 4
    assert gold.images[1] == GoldImage(
        None,
        "Mayor Ines Varga speaks at the town meeting in Port Ellis.",
        "Example Herald via AP",
        None,
        "Example Herald via AP",
    )
    assert gold.quotes[1].kind == "partial"
    assert gold.places == ("Port Ellis", "United States", "United Kingdom")


def test_load_gold_dir_keys_by_stem(fixtures_dir: Path) -> None:
    golds = load_gold_dir(fixtures_dir / "evaluate" / "gold")
    assert sorted(golds) == ["harbor-01", "quiet-02"]
    assert golds["quiet-02"].dek is None


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "broken-01.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("headline", None, "'headline'"),
        ("authors", "Mara Quill", "'authors'"),
        ("paragraph_count", "4", "'paragraph_count'"),
        ("images", [{"alt": 1}], "'alt'"),
        ("quotes", [{"text": "x", "speaker": None, "kind": "long"}], "kind"),
    ],
)
def test_malformed_gold_names_file_and_field(
    tmp_path: Path, fixtures_dir: Path, field: str, value: object, named: str
) -> None:
    data = json.loads((fixtures_dir / "evaluate" / "gold" / "harbor-01.json").read_text(encoding="utf-8"))
    data[field] = value
    path = _write(tmp_path, data)
    with pytest.raises(GoldFormatError, match=r"broken-01\.json") as info:
        load_gold(path)
    assert named in str(info.value)


def test_invalid_json_names_file(tmp_path: Path) -> None:
    path = tmp_path / "broken-01.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"broken-01\.json"):
        load_gold(path)


def test_missing_field_is_reported(tmp_path: Path) -> None:
    with pytest.raises(GoldFormatError, match="missing field 'id', 'source'"):
        load_gold(_write(tmp_path, {"headline": "x"}))
