"""An HTML page read back for the report tests: its text, its elements (checked to nest and close in
order) and their attributes, with the standard library's parser."""

from __future__ import annotations

import html.parser


class Page(html.parser.HTMLParser):
    """The parsed page: ``text`` (outside ``<style>``), ``style``, ``tags`` counted, ``attrs``,
    ``errors`` (elements closed out of order), ``stack`` (left open) and ``doctype``."""

    VOID = {"meta", "br", "input", "img", "hr", "link", "col", "wbr", "source"}

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.tags: dict[str, int] = {}
        self.attrs: list[tuple[str, str, str | None]] = []
        self.style = ""
        self.doctype = False
        self.feed(text)
        self.close()

    def handle_decl(self, decl):
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs):
        self.handle_startendtag(tag, attrs)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.attrs.extend((tag, k, v) for k, v in attrs)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:  # carry on after the element it closes
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "style":
            self.style += data
        else:
            self.text.append(data)

    def ids(self) -> set[str]:
        return {v for _, k, v in self.attrs if k == "id" and v}
