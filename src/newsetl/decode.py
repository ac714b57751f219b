"""Raw bytes → text, or a reason why not. Never guesses silently, never replaces characters."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_MAGIC = (b"\x89PNG", b"\x1f\x8b", b"%PDF", b"PK\x03\x04", b"GIF8", b"\xff\xd8\xff")


@dataclass(frozen=True, slots=True)
class DecodeError:
    reason: str  # empty | binary | undecodable
    message: str


def decode(data: bytes) -> str | DecodeError:
    """Decode a dump: UTF-8 (with or without BOM), a UTF-16 BOM, else charset-normalizer's best match."""
    if not data.strip():
        return DecodeError("empty", "file is empty or whitespace only")
    if data.startswith(_BINARY_MAGIC):
        return DecodeError("binary", "file starts with a binary signature")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding)
    if b"\x00" in data:
        return DecodeError("binary", "file contains NUL bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return DecodeError("undecodable", "no text encoding fits the bytes")
    return _strict(data, best.encoding)


def _strict(data: bytes, encoding: str) -> str | DecodeError:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        return DecodeError("undecodable", f"not valid {encoding}: {exc}")
    if "\x00" in text:
        return DecodeError("binary", "text contains NUL characters")
    return text.lstrip("\ufeff")
