"""Photo blocks from line roles: an alt-text line, then its caption and credit lines.

A block opens at an ``Image:`` line with the image-alt role, or at a caption or credit line that
no open block can take (a photo printed without alt text). Chrome lines (widgets such as "View
image in fullscreen") may sit inside a block; any other role closes it. A caption repeated
under its photo, or a second ``Image:`` line of the same photo, joins the open block.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from newsetl.parse.credits import clean_caption_text, credit_only, split_caption_credit
from newsetl.parse.images import IMAGE_PREFIX, ImageBlock, same_alt, similar
from newsetl.roles.schema import CAPTION, CHROME, CREDIT, IMAGE_ALT

_CHROME_GAP = 2


@dataclass
class _Open:
    block: ImageBlock
    alt_credit: str | None = None
    gap: int = 0


def _alt_block(position: int, line: str) -> _Open:
    alt = line[len(IMAGE_PREFIX) :].strip() or None
    alt_caption, alt_credit = split_caption_credit(alt) if alt else (None, None)
    caption = alt_caption if alt_credit else None
    return _Open(ImageBlock(position, alt, caption, alt_credit), alt_credit)


def _caption_parts(line: str) -> tuple[str | None, str | None]:
    only = credit_only(line)
    if only:
        return None, only
    caption, credit = split_caption_credit(line, loose=True)
    return (caption or None), credit


def _add(current: _Open, line: str, role: str) -> bool:
    """Put ``line`` into the open block; False when it belongs to a new block."""
    block = current.block
    if role == IMAGE_ALT:
        alt = line[len(IMAGE_PREFIX) :].strip()
        if not same_alt(alt, block.alt_text):
            return False
        if block.caption is None and alt:
            current.block = replace(block, caption=alt)  # the second rendering is the caption
        elif block.alt_text and len(alt) > len(block.alt_text):
            current.block = replace(block, alt_text=alt)
        return True
    caption, credit = (
        (None, credit_only(line) or clean_caption_text(line)) if role == CREDIT else _caption_parts(line)
    )
    if caption and block.caption and similar(clean_caption_text(caption), block.caption):
        caption = None  # the caption printed twice
    elif caption and block.caption and current.alt_credit is None:
        return False
    if credit and block.credit and current.alt_credit is None and credit != block.credit:
        return False
    current.block = replace(
        block,
        caption=caption if caption and (current.alt_credit or not block.caption) else block.caption,
        credit=credit if credit and not current.alt_credit else block.credit,
    )
    if caption and current.alt_credit and not similar(caption, block.caption):
        current.block = replace(current.block, caption=caption)
    return True


def _credits_beside_captions(lines: list[str], roles: list[str]) -> list[str]:
    """A credit-only line (``Photo: X``, ``Image copyright X``) left as chrome right before or
    after a caption that carries no credit of its own is that caption's credit."""
    out = list(roles)
    for i, (line, role) in enumerate(zip(lines, roles, strict=True)):
        if role != CHROME or not credit_only(line):
            continue
        for j in (i - 1, i + 1):
            if (
                0 <= j < len(lines)
                and roles[j] == CAPTION
                and split_caption_credit(lines[j], loose=True)[1] is None
            ):
                out[i] = CREDIT
                break
    return out


def image_blocks(lines: list[str], roles: list[str]) -> list[ImageBlock]:
    """Every photo block in page order."""
    roles = _credits_beside_captions(lines, roles)
    blocks: list[ImageBlock] = []
    current: _Open | None = None
    for i, (line, role) in enumerate(zip(lines, roles, strict=True)):
        if role not in (IMAGE_ALT, CAPTION, CREDIT):
            if current is not None and role == CHROME and current.gap < _CHROME_GAP:
                current.gap += 1
                continue
            if current is not None:
                blocks.append(current.block)
            current = None
            continue
        if current is not None and _add(current, line, role):
            current.gap = 0
            continue
        if current is not None:
            blocks.append(current.block)
        if role == IMAGE_ALT:
            current = _alt_block(i, line)
        else:
            current = _Open(ImageBlock(i, None, None, None))
            _add(current, line, role)
    if current is not None:
        blocks.append(current.block)
    return blocks
