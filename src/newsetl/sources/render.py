"""An HTML page → the plain-text dump the parser reads (no I/O, no site-specific rules).

The dump has the shape of the project's text dumps: the article container only, block elements
on their own lines, paragraphs and headings set apart by a blank line, inline pieces glued as the
HTML has them, an ``<img>`` with alt text as a line ``Image: <alt>``, a ``<figcaption>`` on one
line. Scripts, styles, navigation, forms, frames and hidden elements are dropped, and so is page
chrome that marks itself as such (``<aside>``, share bars, related-story lists, newsletter boxes,
disclaimers:
recognised by generic words in ``class``/``id``/``role``, never by site).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from lxml import etree, html

DROP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "video",
        "audio",
        "canvas",
        "map",
        "head",
        "link",
        "meta",
        "nav",
        "select",
        "option",
        "input",
        "textarea",
        "source",
        "dialog",
        "button",
    ]
)
PARA_TAGS = frozenset(
    ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "table", "hr"]
)
LINE_TAGS = frozenset(
    [
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "figure",
        "figcaption",
        "li",
        "dd",
        "dt",
        "tr",
        "td",
        "th",
        "caption",
        "form",
        "fieldset",
        "legend",
        "address",
        "details",
        "summary",
        "body",
        "html",
        "center",
        "hgroup",
        "picture",
        "label",
    ]
)
_BLOCK_TAGS = PARA_TAGS | LINE_TAGS
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0\u2028\u2029\u3000]+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Words page builders put in class/id/role of chrome blocks (generic, never a site's name).
_CHROME_WORDS = re.compile(
    r"(?:^|[\s_-])(?:related|recommend\w*|share|sharing|social|newsletter|subscribe|subscription|"
    r"promo|advert\w*|ad-slot|ads|sponsor\w*|trending|most-?(?:read|viewed|popular)|"
    r"more-?stories|outbrain|taboola|sidebar|rail|comments?|breadcrumbs?|tags?|signup|disclaimer|disclosure)"
    r"(?:$|[\s_-])",
    re.I,
)
# "paywall" marks both the subscription prompt (a box) and the gated text itself (paragraphs,
# headings, lists): only the box is chrome.
_PAYWALL = re.compile(r"(?:^|[\s_-])paywall(?:$|[\s_-])", re.I)
_CHROME_ROLES = frozenset({"complementary", "navigation", "banner", "contentinfo", "search"})
_MIN_PARAGRAPH_CHARS = 25
# A block with this many paragraphs of this length is running text, whatever its class says.
_RUNNING_TEXT_CHARS = 80
_RUNNING_TEXT_PARAGRAPHS = 2


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _chrome(el: etree._Element) -> bool:
    """Marked as chrome by its role or a chrome word in class/id, and holding no article furniture:
    no caption and no paragraph of running text."""
    marks = f"{el.get('class') or ''} {el.get('id') or ''}"
    marked = bool(marks.strip()) and (
        _CHROME_WORDS.search(marks) is not None
        or (el.tag not in PARA_TAGS and _PAYWALL.search(marks) is not None)
    )
    if el.get("role") not in _CHROME_ROLES and not marked:
        return False
    if next(el.iter("figcaption"), None) is not None:
        return False
    running = sum(1 for p in el.iter("p") if _text_len(p) >= _RUNNING_TEXT_CHARS)
    return running < _RUNNING_TEXT_PARAGRAPHS


def _text_len(el: etree._Element) -> int:
    return len(_SPACES.sub(" ", el.text_content()).strip())


def clean(root: etree._Element) -> None:
    """Drop what never reaches a reader: comments, non-content and hidden elements (in place)."""
    doomed = [
        el
        for el in root.iter()
        if not isinstance(el.tag, str) or el.tag in DROP_TAGS or (isinstance(el.tag, str) and _hidden(el))
    ]
    for el in doomed:
        _drop(el)


def _drop(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    el.drop_tree() if isinstance(el, html.HtmlElement) else parent.remove(el)


def _paragraphs(root: etree._Element) -> Iterator[etree._Element]:
    for p in root.iter("p"):
        if any(a.tag in ("figcaption", "footer", "aside", "li") for a in p.iterancestors()):
            continue
        yield p


def body_block(root: etree._Element) -> etree._Element | None:
    """The element holding most running text: each paragraph scores its parent, and half of that
    its grandparent (the readability rule)."""
    scores: dict[etree._Element, float] = {}
    for p in _paragraphs(root):
        n = _text_len(p)
        if n < _MIN_PARAGRAPH_CHARS:
            continue
        parent = p.getparent()
        for node, weight in ((parent, 1.0), (parent.getparent() if parent is not None else None, 0.5)):
            if node is not None:
                scores[node] = scores.get(node, 0.0) + n * weight
    return max(scores, key=lambda node: scores[node]) if scores else None


def headline_element(root: etree._Element) -> etree._Element | None:
    return next((h1 for h1 in root.iter("h1") if _text_len(h1) > 10), None)


def find_container(root: etree._Element) -> etree._Element:
    """The smallest element holding both the main headline and the body block."""
    block = body_block(root)
    body = root.find("body")
    if block is None:
        return body if body is not None else root
    h1 = headline_element(root)
    if h1 is not None:
        ancestors = {block, *block.iterancestors()}
        node: etree._Element | None = h1
        while node is not None and node not in ancestors:
            node = node.getparent()
        if node is not None and node.tag not in ("body", "html"):
            return node
    for anc in (block, *block.iterancestors()):
        if anc.tag in ("article", "main") or anc.get("role") == "main":
            return anc
    return block


def strip_chrome(container: etree._Element, keep: Iterable[etree._Element | None]) -> None:
    """Remove self-declared chrome inside the container, never what holds ``keep`` (body, headline)."""
    protected = {a for el in keep if el is not None for a in (el, *el.iterancestors())}
    doomed = [
        el
        for el in container.iterdescendants()
        if el not in protected and el.tag in _BLOCK_TAGS and _chrome(el)  # a link inside a sentence stays
    ]
    for el in doomed:
        if el.getparent() is not None and not any(a in doomed for a in el.iterancestors()):
            _drop(el)


class _Renderer:
    def __init__(self) -> None:
        self.out: list[str | int] = []  # strings, or 1 = line break, 2 = blank line

    def brk(self, n: int) -> None:
        if self.out and isinstance(self.out[-1], int):
            self.out[-1] = max(self.out[-1], n)
        else:
            self.out.append(n)

    def text(self, s: str | None) -> None:
        if s:
            s = _SPACES.sub(" ", _INVISIBLE.sub("", s))
            if s:
                self.out.append(s)

    def image(self, el: etree._Element) -> None:
        alt = _SPACES.sub(" ", _INVISIBLE.sub("", el.get("alt") or "")).strip()
        if alt:
            self.brk(1)
            self.out.append(alt if alt.lower().startswith("image:") else f"Image: {alt}")
            self.brk(1)

    def walk(self, node: etree._Element, inline: bool = False) -> None:
        self.text(node.text)
        for child in node:
            self.child(child, inline)
            self.text(child.tail)

    def child(self, el: etree._Element, inline: bool) -> None:
        name = el.tag
        if not isinstance(name, str):
            return
        if name == "img":
            if not inline:
                self.image(el)
        elif name == "br":
            self.text(" ") if inline else self.brk(1)
        elif inline:
            self.walk(el, inline=True)
        elif name == "figcaption":
            self.brk(1)
            self.walk(el, inline=True)
            self.brk(1)
        elif name in PARA_TAGS or name in LINE_TAGS:
            gap = 2 if name in PARA_TAGS else 1
            self.brk(gap)
            self.walk(el)
            self.brk(gap)
        else:
            self.walk(el)

    def result(self) -> str:
        text = "".join("\n" * item if isinstance(item, int) else item for item in self.out)
        lines: list[str] = []
        for line in text.split("\n"):
            line = _SPACES.sub(" ", line).strip()
            if line or (lines and lines[-1]):
                lines.append(line)
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines) + "\n"


def _one_line(el: etree._Element) -> str | None:
    if next(el.iter("br", "img"), None) is not None:
        return None
    return _SPACES.sub(" ", _INVISIBLE.sub("", el.text_content())).strip() or None


def render(root: etree._Element) -> tuple[str, frozenset[str]]:
    """The text dump of a parsed page, and the lines that are paragraphs (``<p>``) of its main text
    block (``root`` is modified: cleaned and stripped of chrome)."""
    clean(root)
    container = find_container(root)
    block = body_block(container)
    strip_chrome(container, (block, headline_element(container)))
    renderer = _Renderer()
    renderer.walk(container)
    paragraphs = frozenset(
        line for p in (block.iter("p") if block is not None else ()) if (line := _one_line(p))
    )
    return renderer.result(), paragraphs
