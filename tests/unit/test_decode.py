from __future__ import annotations

import codecs

import pytest

from newsetl.decode import DecodeError, decode

TEXT = "Caf\u00e9 owners said the \u201cnew rules\u201d would hurt trade \u2014 and they were right.\n" * 3


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        TEXT.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "cp1252"],
)
def test_text_encodings_decode_to_the_same_text(data: bytes) -> None:
    assert decode(data) == TEXT


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"),
        (b"\x1f\x8b\x08\x00" + bytes(64), "binary"),
        (b"plain words\x00 with a NUL byte in the middle", "binary"),
    ],
)
def test_refused_bytes_get_a_reason(data: bytes, reason: str) -> None:
    result = decode(data)
    assert isinstance(result, DecodeError)
    assert result.reason == reason
