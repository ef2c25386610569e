"""Tolerant, streaming WebVTT scanner with file line numbers and columns.

The WebVTT counterpart of :mod:`subkit.lint.scanner`: the same byte side (:class:`Decoder`: chunks,
encodings, line endings), the same :class:`ScannedCue` objects, so every rule runs on WebVTT as on
SRT. Blocks are read as the W3C parser reads them (a ``WEBVTT`` signature and header, then blocks
separated by blank lines: ``NOTE``, ``STYLE``, ``REGION`` or a cue with an optional identifier and
a timing line; a line holding ``-->`` ends the text before it), and what the W3C syntax does not
allow becomes one ``syntax`` problem per fault, with its line and column: a missing or wrong
header, a bad timestamp, a cue block without a timing line, an invalid cue setting, an unknown or
unbalanced cue text tag, two timing lines in a row, a STYLE or REGION block after a cue. A BOM, CRLF or
CR line endings, a file without cues, and a cue that starts right after the text of another (the parser
reads it as meant; YouTube writes it) are not reported.

Canonical cue blocks (``hh:mm:ss.ttt --> hh:mm:ss.ttt``, text, blank line) are read by one regular
expression each, as the SRT scanner does; the rest one block at a time.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from subkit.formats.vtt_syntax import (TIMESTAMP, block_kind, is_signature, parse_timing, setting_problems,
                                       tag_problems)
from subkit.lint.decoding import Decoder
from subkit.lint.problem import ERROR
from subkit.lint.scanner import ScannedCue
from subkit.profiles import shown_length, visible_text

__all__ = ["VttCue", "VttScanner", "is_webvtt"]

# A whole canonical cue block: timing, non-blank text lines, blank lines (one or more). Blocks with
# an identifier line are tried second: most files have none, and the optional group would make the
# regular expression try every timing line as an identifier first.
_BODY = (r"(\d\d):([0-5]\d):([0-5]\d)\.(\d\d\d) --> (\d\d):([0-5]\d):([0-5]\d)\.(\d\d\d)"
         r"(?: ([^\n]*))?\n((?:[^\n]+\n)*)\n+")
_FAST_BLOCK = re.compile(r"()" + _BODY, re.ASCII)  # ASCII digits only
_FAST_ID_BLOCK = re.compile(r"([^\n]+)\n" + _BODY, re.ASCII)
_NUMBERS = {f"{i:0{w}d}": i for w in (2, 3) for i in range(10 ** w)}
_TS_TOKEN = re.compile(r"\S+")
_KEEP_LINES = 64  # lines of a non-cue block kept for reporting (a block of garbage can be huge)


class VttCue(ScannedCue):
    """A WebVTT cue whose text holds a ``&``: a character reference (``&amp;``, ``&nbsp;``) counts as
    the one character it shows (without one, :class:`ScannedCue` counts the same, faster)."""

    __slots__ = ()
    REFERENCES = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "&" in self.text:
            self.chars = shown_length(self.visible(self.text))

    @staticmethod
    def visible(line: str) -> str:
        return visible_text(line)


def is_webvtt(name: str, first: bytes) -> bool:
    """True for a file linted as WebVTT: named ``*.vtt`` or starting with ``WEBVTT`` (after a BOM)."""
    return name.lower().endswith((".vtt", ".webvtt")) or first.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT")


class VttScanner(Decoder):
    """Scan WebVTT bytes (an iterable of chunks) into cues, collecting syntax/encoding problems.

    Use as :class:`subkit.lint.scanner.Scanner`: ``for cue in scanner.cues(): ...``, draining
    :attr:`problems` as you go.
    """

    def __init__(self, chunks: Iterable[bytes], encoding: str = "utf-8"):
        super().__init__(chunks, encoding)
        self.n_lines = 0
        self.n_cues = 0
        self._lineno = 0
        self._header = True  # still before the first block (signature and header lines)
        self._block: list[tuple[int, str]] = []  # (line number, line) of the block being read
        self._block_lines = 0
        self._arrow = -1  # index in the block of its timing line
        self._seen_cue = False

    def _encoding(self, line, col, code, message, level=None, fixable=False) -> None:
        if code in ("encoding/bom", "encoding/mixed-line-endings"):  # both are valid WebVTT
            return
        if code in ("encoding/utf-16", "encoding/utf-32"):  # the WebVTT parser decodes UTF-8 only
            message, level = message.replace("SRT files should be UTF-8", "WebVTT files must be UTF-8"), ERROR
        super()._encoding(line, col, code, message, level, fixable)

    def cues(self) -> Iterator[ScannedCue]:
        """Yield the cues of the file, in file order."""
        plain, with_id = _FAST_BLOCK.match, _FAST_ID_BLOCK.match
        N = _NUMBERS
        for chunk in self._texts():
            pos, size = 0, len(chunk)
            while pos < size:
                if not self._header and not self._block:
                    lineno, number = self._lineno, self.n_cues  # locals: the hot loop
                    m = plain(chunk, pos) or with_id(chunk, pos)
                    while m is not None:
                        g = m.groups()
                        ident, body = g[0], g[10]
                        if "-->" in body or (ident and ("-->" in ident or block_kind(ident))):
                            break  # the block by block path reads (and reports) these
                        timing = lineno + 2 if ident else lineno + 1
                        lines = body[:-1].split("\n") if body else []
                        number += 1
                        # VttCue only where a character reference may be: it costs more to make
                        cue = (VttCue if "&" in body else ScannedCue)(
                            number, None, lineno + 1, timing,
                            N[g[1]] * 3600000 + N[g[2]] * 60000 + N[g[3]] * 1000 + N[g[4]],
                            N[g[5]] * 3600000 + N[g[6]] * 60000 + N[g[7]] * 1000 + N[g[8]],
                            g[9] or "", lines, timing + 1, body[:-1])
                        yield cue
                        if g[9] or "<" in body:
                            self._check_cue(timing, g[9], lines, cue.start, cue.end)
                        lineno = timing + len(lines) + (m.end() - m.end(11))  # and the blank lines
                        pos = m.end()
                        m = plain(chunk, pos) or with_id(chunk, pos)
                    self._lineno, self.n_cues = lineno, number
                    if number:
                        self._seen_cue = True
                    if pos == size:
                        break
                nl = chunk.find("\n", pos)
                line, pos = (chunk[pos:], size) if nl == -1 else (chunk[pos:nl], nl + 1)
                self._lineno += 1
                cue = self._line(line)
                if cue is not None:
                    yield cue
        if self._block:
            cue = self._end_block()
            if cue is not None:
                yield cue
        self._finish()

    def _check_cue(self, timing: int, settings: str | None, lines: list[str], start: int, end: int) -> None:
        if settings:
            self._check_settings(timing, 31, settings)  # after "hh:mm:ss.ttt --> hh:mm:ss.ttt "
        if any("<" in text for text in lines):
            self._check_tags(lines, timing + 1, start, end)

    def _number_cue(self) -> None:
        self.n_cues += 1
        self._seen_cue = True

    # -- line by line ----------------------------------------------------------------------------
    def _line(self, line: str) -> ScannedCue | None:
        lineno = self._lineno
        if lineno == 1:
            return self._signature(line)
        if self._header:
            if not line:
                self._header = False
            elif "-->" in line:  # the parser ends the header here: a cue
                self._header = False
                return self._add(lineno, line)
            return None
        if not line:
            return self._end_block() if self._block else None
        return self._add(lineno, line)

    def _signature(self, line: str) -> None:
        if is_signature(line):
            return None
        if line.startswith("WEBVTT"):
            self._syntax(1, 7, "syntax/vtt-wrong-header",
                         "the WebVTT signature must be 'WEBVTT' alone or followed by a space or tab")
            return None
        self._syntax(1, 1, "syntax/vtt-missing-header", "missing 'WEBVTT' header on the first line", always=True)
        self._header = False
        return None if not line else self._add(1, line)

    def _add(self, lineno: int, line: str) -> ScannedCue | None:
        """Add a line to the block being read; a timing line that cannot belong to it ends it."""
        done = None
        if "-->" in line:
            if self._arrow < 0 and self._block_lines <= 1:
                self._arrow = self._block_lines
            else:
                # The parser starts a new cue here. After cue text (YouTube writes that) it is read
                # as meant; right after a timing line, or inside a NOTE, it is a slip.
                if self._arrow < 0 or self._arrow == self._block_lines - 1:
                    self._syntax(lineno, 1, "syntax/vtt-missing-blank-line", "missing blank line before this cue"
                                 + (" (a timing line right after another)" if self._arrow >= 0 else ""))
                done = self._end_block()
                self._arrow = 0
        if self._block_lines < _KEEP_LINES or self._arrow >= 0:
            self._block.append((lineno, line))
        self._block_lines += 1
        return done

    def _end_block(self) -> ScannedCue | None:
        block, arrow = self._block, self._arrow
        self._block, self._arrow, self._block_lines = [], -1, 0
        if arrow >= 0:
            return self._cue(block, arrow)
        kind = block_kind(block[0][1])
        if kind in ("STYLE", "REGION") and self._seen_cue:
            self._syntax(block[0][0], 1, "syntax/vtt-late-block", f"{kind} block after a cue (players ignore it)")
        elif not kind:
            self._syntax(block[0][0], 1, "syntax/vtt-missing-timing", "cue block without a timing line")
        return None

    def _cue(self, block: list[tuple[int, str]], arrow: int) -> ScannedCue:
        timing_line, line = block[arrow]
        times = parse_timing(line)
        if times is None:
            self._bad_timing(timing_line, line)
            start = end = None
            settings = ""
        else:
            start, end, settings = times
            if settings:
                self._check_settings(timing_line, line.index(settings) + 1, settings)
        lines = [text for _, text in block[arrow + 1:]]
        if any("<" in text for text in lines):
            self._check_tags(lines, timing_line + 1, start, end)
        self._number_cue()
        return VttCue(self.n_cues, None, block[0][0], timing_line, start, end, settings, lines, timing_line + 1)

    # -- checks ------------------------------------------------------------------------------------
    def _bad_timing(self, lineno: int, line: str) -> None:
        left, arrow, right = line.partition("-->")
        for offset, part in ((0, left), (len(left) + len(arrow), right)):
            m = _TS_TOKEN.search(part)
            if m is None or not TIMESTAMP.fullmatch(m.group(0)):
                found = m.group(0)[:30] if m else "nothing"
                self._syntax(lineno, offset + (m.start() if m else 0) + 1, "syntax/vtt-bad-timestamp",
                             f"bad timestamp {found!r} (WebVTT: hh:mm:ss.ttt or mm:ss.ttt)")
                return
        self._syntax(lineno, 1, "syntax/vtt-malformed-timing", f"malformed timing line {line.strip()[:60]!r}")

    def _check_settings(self, lineno: int, col: int, settings: str) -> None:
        for offset, message in setting_problems(settings):
            self._syntax(lineno, col + offset, "syntax/vtt-invalid-setting", message)

    def _check_tags(self, lines: list[str], first_line: int, start: int | None = None,
                    end: int | None = None) -> None:
        for k, col, message in tag_problems(lines, start, end):
            self._syntax(first_line + k, col + 1, "syntax/vtt-tag", message)

    def _finish(self) -> None:
        self.n_lines = self._lineno
        if self.binary:
            self._syntax(1, 1, "syntax/binary-file", "no cue: binary file", always=True)
        elif self.n_bytes == 0:
            self._syntax(1, 1, "syntax/empty-file", "empty file: no 'WEBVTT' header", always=True)
