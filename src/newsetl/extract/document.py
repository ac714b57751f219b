"""One analysis text per article: its sections laid end to end, with their spans."""

from __future__ import annotations

from dataclasses import dataclass

from newsetl.model import ParsedArticle

SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class Section:
    """A piece of the composed text: ``name`` is headline, dek, body, caption or credit."""

    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ComposedText:
    """The text the spaCy pipeline reads, and where each section lies in it."""

    text: str
    sections: tuple[Section, ...]

    @property
    def body(self) -> Section:
        """The body section; its text is exactly ``ParsedArticle.body``."""
        for section in self.sections:
            if section.name == "body":
                return section
        return Section("body", len(self.text), len(self.text))

    def section_at(self, offset: int) -> str | None:
        """Name of the section holding the character at ``offset``, if any."""
        for section in self.sections:
            if section.start <= offset < section.end:
                return section.name
        return None


def _pieces(parsed: ParsedArticle) -> list[tuple[str, str]]:
    pieces: list[tuple[str, str]] = []
    if parsed.headline:
        pieces.append(("headline", parsed.headline))
    if parsed.dek:
        pieces.append(("dek", parsed.dek))
    pieces.append(("body", parsed.body))
    for image in parsed.images:
        if image.caption:
            pieces.append(("caption", image.caption))
        elif image.alt_text:
            pieces.append(("caption", image.alt_text))
    for image in parsed.images:
        if image.credit:
            pieces.append(("credit", image.credit))
    return pieces


def compose(parsed: ParsedArticle) -> ComposedText:
    """Lay headline, dek, body, captions and credits end to end, separated by a blank line."""
    parts: list[str] = []
    sections: list[Section] = []
    offset = 0
    for name, text in _pieces(parsed):
        if parts:
            parts.append(SEPARATOR)
            offset += len(SEPARATOR)
        sections.append(Section(name, offset, offset + len(text)))
        parts.append(text)
        offset += len(text)
    return ComposedText(text="".join(parts), sections=tuple(sections))
