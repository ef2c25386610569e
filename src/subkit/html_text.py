"""The text of a web page given as a transcript (a saved ``.html`` page, or text that starts like
one): the paragraphs of its ``<article>`` (else its ``<main>``, else its body), one per line, without
markup, scripts, styles or forms; character references read (``&nbsp;`` stays a no-break space).
A ``<br>`` inside a paragraph is a line break in it, not a new one (two in a row are). Page
furniture, which is no speech, is left out and said to be: navigation, asides, footers, figures
and their captions and credits, tables. Standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["PAGE_SUFFIXES", "Page", "is_html", "html_text", "read_page"]

PAGE_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})

# Elements whose end (or start) ends a paragraph.
_BLOCKS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "section", "article", "main",
    "header", "tr", "td", "th", "dd", "dt", "pre", "ul", "ol", "hr",
})
# Elements whose text is not the page's text and not worth a word on stderr.
_SKIP = frozenset({
    "head", "script", "style", "noscript", "template", "form", "svg", "button",
    "select", "iframe", "canvas", "audio", "video", "object",
})
# Page furniture: text that is not said, left out and reported (element -> why).
_FURNITURE = {
    "nav": "web-page navigation", "aside": "web-page aside", "footer": "web-page footer",
    "figure": "figure caption or credit", "figcaption": "figure caption or credit", "table": "table",
}
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "source", "track", "wbr", "area", "base", "col",
                   "embed", "param"})
_START = re.compile(r"\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE | re.DOTALL)
# (not any "caption": a video page may hold its transcript in <div class="captions">)
_CREDIT_CLASS = re.compile(r"credit|wp-caption|figure-caption|l[ée]gende", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # the page's spacing: a no-break space (&nbsp;) is a character


def is_html(path: str | Path, text: str) -> bool:
    """Whether a transcript is a web page: its extension, or the way it starts."""
    suffix = "" if str(path) == "-" else Path(path).suffix.lower()
    return suffix in PAGE_SUFFIXES or bool(_START.match(text.lstrip("\ufeff")[:2048]))


@dataclass
class Page:
    """A page's text, one paragraph a line, and what was left out of it."""

    text: str
    lines: list[int] = field(default_factory=list)  # the page's line each line of text starts on
    dropped: list[tuple[int, str, str]] = field(default_factory=list)  # (page line, text, why)

    def in_page(self, dropped: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
        """*dropped* (numbered by the lines of :attr:`text`) numbered by the page's lines, with
        what the reader left out, in the page's order."""
        moved = [(self.lines[n - 1] if 0 < n <= len(self.lines) else n, text, why) for n, text, why in dropped]
        return sorted(self.dropped + moved, key=lambda d: d[0])


class _Reader(HTMLParser):
    """Collects the page's text in paragraphs: all of the body's, and that inside article/main."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping: list[str] = []  # open elements whose text is dropped
        self.inside = {"article": 0, "main": 0}
        self.parts: dict[str, list[list]] = {k: [["", 0]] for k in ("article", "main", "body")}  # [text, line]
        self.dropped: dict[str, list[tuple[int, str, str]]] = {k: [] for k in self.parts}
        self.furniture: list = []  # [why, line, text] of the piece of furniture being read
        self.breaks = 0  # <br> since the last text

    def handle_starttag(self, tag: str, attrs) -> None:
        why = _FURNITURE.get(tag) or _furniture_class(attrs)
        if self.skipping or tag in _SKIP or why:
            if not self.skipping and why and tag not in _VOID:
                self.furniture = [why, self.getpos()[0], ""]
            elif self.furniture and (tag in _BLOCKS or tag == "br"):
                self.furniture[2] += " "  # a table's cells, a caption's lines
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in self.inside:
            self.inside[tag] += 1
        if tag == "br":
            self.breaks += 1
            if self.breaks == 2:  # two in a row end a paragraph; one is a line break inside it
                self._break()
            else:
                self.handle_data(" ")
        elif tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag in self.skipping:
                del self.skipping[self.skipping.index(tag):]  # an unclosed child ends with its parent
                if not self.skipping:
                    self._put_away()
            return
        if tag in _BLOCKS:
            self._break()
        if tag in self.inside and self.inside[tag]:
            self.inside[tag] -= 1

    def handle_data(self, data: str) -> None:
        if self.skipping:
            if self.furniture and not (set(self.skipping) & _SKIP):
                self.furniture[2] += data
            return
        if data.strip():
            self.breaks = 0
        for where in self._where():
            last = self.parts[where][-1]
            if not last[0].strip():
                last[1] = self.getpos()[0] + data[:len(data) - len(data.lstrip())].count("\n")
            last[0] += data

    def _put_away(self) -> None:
        """The piece of furniture that just ended, said to be left out where it was."""
        if self.furniture:
            why, line, text = self.furniture
            text = " ".join(_SPACE.split(text)).strip()
            for where in self._where():
                self.dropped[where] += [(line, text, why)] if text else []
        self.furniture = []

    def _where(self) -> list[str]:
        return ["body"] + [name for name, depth in self.inside.items() if depth]

    def _break(self) -> None:
        self.breaks = 0
        for where in self._where():
            if self.parts[where][-1][0].strip():
                self.parts[where].append(["", 0])


def _furniture_class(attrs) -> str | None:
    """Why an element is furniture by its class (a photo credit or an image's caption outside a
    figure: ``<p class="credit">``, WordPress's ``wp-caption``), or None."""
    names = " ".join(value or "" for name, value in attrs if name == "class")
    return "figure caption or credit" if _CREDIT_CLASS.search(names) else None


def read_page(text: str) -> Page:
    """The page's paragraphs, one per line, and what was left out (see the module docstring)."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    for where in ("article", "main", "body"):
        found = [(" ".join(_SPACE.split(p)).strip(), line) for p, line in reader.parts[where] if p.strip()]
        found = [(p, line) for p, line in found if p]
        if found:
            return Page("\n".join(p for p, _ in found) + "\n", [line for _, line in found], reader.dropped[where])
    return Page("", [], reader.dropped["body"])


def html_text(text: str) -> str:
    """The page's paragraphs, one per line (:func:`read_page`'s text)."""
    return read_page(text).text
