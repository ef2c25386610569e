"""The text of a web page given as a transcript (a saved ``.html`` page, or text that starts like
one): the paragraphs of its ``<article>`` (else its ``<main>``, else its body), one per line, without
markup, scripts, styles, forms or navigation; character references read. Standard library only.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["PAGE_SUFFIXES", "is_html", "html_text"]

PAGE_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})

# Elements whose end (or start) ends a paragraph.
_BLOCKS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "blockquote", "section", "article", "main",
    "header", "tr", "td", "th", "dd", "dt", "figcaption", "pre", "ul", "ol", "table", "hr",
})
# Elements whose text is not the page's text.
_SKIP = frozenset({
    "head", "script", "style", "nav", "footer", "aside", "noscript", "template", "form", "svg", "button",
    "select", "iframe", "canvas", "audio", "video", "object",
})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "source", "track", "wbr", "area", "base", "col",
                   "embed", "param"})
_START = re.compile(r"\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE | re.DOTALL)


def is_html(path: str | Path, text: str) -> bool:
    """Whether a transcript is a web page: its extension, or the way it starts."""
    suffix = "" if str(path) == "-" else Path(path).suffix.lower()
    return suffix in PAGE_SUFFIXES or bool(_START.match(text.lstrip("\ufeff")[:2048]))


class _Reader(HTMLParser):
    """Collects the page's text in paragraphs: all of the body's, and that inside article/main."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping: list[str] = []  # open elements whose text is dropped
        self.inside = {"article": 0, "main": 0}
        self.parts: dict[str, list[str]] = {"article": [""], "main": [""], "body": [""]}

    def handle_starttag(self, tag: str, attrs) -> None:
        if self.skipping or tag in _SKIP:
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in self.inside:
            self.inside[tag] += 1
        if tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag in self.skipping:
                del self.skipping[self.skipping.index(tag):]  # an unclosed child ends with its parent
            return
        if tag in _BLOCKS:
            self._break()
        if tag in self.inside and self.inside[tag]:
            self.inside[tag] -= 1

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        for where in self._where():
            self.parts[where][-1] += data

    def _where(self) -> list[str]:
        return ["body"] + [name for name, depth in self.inside.items() if depth]

    def _break(self) -> None:
        for where in self._where():
            if self.parts[where][-1].strip():
                self.parts[where].append("")


def html_text(text: str) -> str:
    """The page's paragraphs, one per line (see the module docstring)."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    for where in ("article", "main", "body"):
        paragraphs = [" ".join(p.split()) for p in reader.parts[where] if p.strip()]
        if paragraphs:
            return "\n".join(paragraphs) + "\n"
    return ""
