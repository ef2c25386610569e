"""What ``segment`` and ``episode`` were given: a transcript (plain text, or a web page's text:
:class:`subkit.html_text.Page`) or subtitles another tool made (any format subkit reads, known by
its content or extension)."""

from __future__ import annotations

import os

from subkit.formats import Subtitles
from subkit.html_text import Page

__all__ = ["read_input"]


def read_input(path: str | os.PathLike[str], data: bytes, encoding: str = "utf-8") -> str | Page | Subtitles:
    """The transcript's text (a web page's, with what was left out of it), or the subtitles, of the
    file at *path* whose bytes are *data*."""
    from subkit.formats import bytes_format, format_for, parse_bytes, parse_read, subtitle_format
    from subkit.html_text import is_html, read_page
    from subkit.srtio import decode_text, display_name

    name = display_name(path)
    stored = bytes_format(data, format_for(path, None, default=""))
    if stored:  # EBU STL, or TTML whose XML declaration names its encoding (read_file's rule)
        return parse_bytes(data, name, stored, None if encoding.lower() == "utf-8" else encoding)
    text = decode_text(data, name, encoding)
    if is_html(path, text):
        return read_page(text)
    found = subtitle_format(path, text)
    return text if found is None else parse_read(path, text, found)
