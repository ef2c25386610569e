"""Tolerant, streaming SRT scanner with file line numbers.

The scanner reads bytes in chunks, decodes them, and yields one :class:`ScannedCue` at a time;
memory does not grow with the file. It never raises on bad input: what it cannot read becomes a
``syntax`` or ``encoding`` problem (appended to :attr:`Scanner.problems`) and scanning goes on
with the next block. It accepts what players accept (``.`` as decimal separator, single-digit
hours, CRLF, a BOM, spaces around the index) and reports those forms at warning level.

It does not use ``srt.parse``: one pass over the lines, a fast regular expression for whole
canonical blocks, and otherwise a small state machine fed one line at a time (one method per
state: expecting an index, expecting a timing line, reading text, skipping a broken block).
Timing lines are read by :mod:`subkit.lint.timingline`; times are integer milliseconds.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from subkit.profiles import count_chars, shown_length, strip_tags
from subkit.lint.decoding import CHUNK_SIZE, Decoder, iter_file_chunks
from subkit.lint.problem import ERROR, WARNING
from subkit.lint.timingline import FAST_TIMING, fast_times, read_timing

__all__ = ["ScannedCue", "Scanner", "iter_file_chunks", "CHUNK_SIZE"]

# A whole canonical block: index, timing, non-blank text lines, blank line.
_FAST_BLOCK = re.compile(
    r"(\d{1,9})\n(\d\d\d?):([0-5]\d):([0-5]\d),(\d\d\d) --> (\d\d\d?):([0-5]\d):([0-5]\d),(\d\d\d)"
    r"( +[^\n]*\S)?\n((?:[ \t]*[^ \t\r\n][^\n]*\n)*)\n",
    re.ASCII,  # SRT digits are ASCII ones
)
# "00".."999" -> int: a dict lookup is four times faster than int() on the fast path.
_NUMBERS = {f"{i:0{w}d}": i for w in (2, 3) for i in range(10 ** w)}

# ASCII digits only (str.isdigit accepts superscripts and other scripts' digits).
_INDEX = re.compile(r"[ \t]*(\d+)[ \t]*", re.ASCII)
MAX_INDEX_DIGITS = 9  # an index with more digits is absurd (and int() would be slow)



def _blank(line: str) -> bool:
    """Whether *line* is a blank line between cues: empty or ASCII spaces, tabs and CRs only (a line
    of a no-break or ideographic space is cue text, as the srt library and players read it)."""
    return not line.strip(" \t\r")


# The scanner's states (what the next line should be).
_INDEX_STATE, _TIMING_STATE, _TEXT_STATE, _SKIP_STATE = 0, 1, 2, 3


class ScannedCue:
    """One subtitle block as found in the file.

    ``number`` is its position in the file (1-based); ``index`` the index as written (None if
    missing or absurd). ``line`` is the file line where the block starts, ``timing_line`` the line
    of its timing, ``text_line`` the line of its first text line. ``start``/``end`` are in
    milliseconds, None when the timing line could not be read. ``lines`` are the text lines as
    written (tags included); ``chars`` counts them the Netflix way
    (:func:`subkit.profiles.count_chars`: what a viewer sees).
    """

    REFERENCES = False  # whether character references (&amp;) show one character: WebVTT's do
    __slots__ = ("number", "index", "line", "timing_line", "text_line", "start", "end", "extra",
                 "lines", "text", "chars")

    def __init__(self, number: int, index: int | None, line: int, timing_line: int,
                 start: int | None, end: int | None, extra: str, lines: list[str], text_line: int,
                 text: str | None = None):
        self.number = number
        self.index = index
        self.line = line
        self.timing_line = timing_line
        self.text_line = text_line
        self.start = start
        self.end = end
        self.extra = extra
        self.lines = lines
        if text is None:
            text = "\n".join(lines)
        self.text = text
        # count_chars(text), with its common case (ASCII, no tag) inlined: the same number, faster.
        if "<" in text or "{" in text:
            self.chars = count_chars(text)
        elif text.isascii():
            self.chars = len(text) - text.count("\n")
        else:
            self.chars = shown_length(text)

    @property
    def id(self) -> int:
        """The number users see: the written index, else the position in the file."""
        return self.index if self.index is not None else self.number

    @staticmethod
    def visible(line: str) -> str:
        """*line* as shown: without its formatting tags."""
        return strip_tags(line)

    def shown(self, text: str) -> str:
        """*text* (a line of this cue, or its text) as the text rules read it: :meth:`visible` where
        it holds markup (in WebVTT, character references too: the ";" of ``&amp;`` is no
        punctuation), else as it is, without work (most lines)."""
        if "<" in text or "{" in text or (self.REFERENCES and "&" in text):
            return self.visible(text)
        return text

    @property
    def timed(self) -> bool:
        return self.start is not None

    @property
    def duration(self) -> int | None:
        return None if self.start is None else self.end - self.start


class Scanner(Decoder):
    """Scan SRT bytes (an iterable of chunks) into cues, collecting syntax/encoding problems.

    Use: ``for cue in scanner.cues(): ...``, draining :attr:`problems` as you go.
    ``encoding`` is the expected encoding (``utf-8`` unless the user says otherwise).
    """

    def __init__(self, chunks: Iterable[bytes], encoding: str = "utf-8"):
        super().__init__(chunks, encoding)
        self.n_lines = 0
        self.n_cues = 0
        # The state machine: the current state, the line number, the cues so far and the block
        # being read (index, where it starts, its timing and text).
        self._state = _INDEX_STATE
        self._handlers = (self._expect_index, self._expect_timing, self._in_text, self._skip)
        self._lineno = 0
        self._number = 0
        self._index: int | None = None
        self._block_line = 0
        self._timing_line = 0
        self._text_line = 0
        self._start: int | None = None
        self._end: int | None = None
        self._extra = ""
        self._text: list[str] = []
        self._saw_text = False  # a non-blank line outside text was seen
        self._then = None  # (method, argument): what the last line still has to report, after its cue

    # -- scanning --------------------------------------------------------------------------
    def cues(self) -> Iterator[ScannedCue]:
        """Yield the cues of the file, in file order.

        While an index is expected, whole canonical blocks are read by one regular expression each
        (the fast path, inlined: this is the hot loop). Any other line goes to the method of the
        current state, which returns the cue the line completes (or None); problems that line
        reveals about the next block are reported once that cue is out (``_then``).
        """
        block = _FAST_BLOCK.match
        N = _NUMBERS
        handlers = self._handlers
        for chunk in self._texts():
            pos = 0
            size = len(chunk)
            while pos < size:
                if self._state == _INDEX_STATE:
                    m = block(chunk, pos)
                    lineno, number = self._lineno, self._number  # locals: the hot loop
                    while m is not None:
                        g = m.groups()
                        body = g[10]
                        if "-->" in body:
                            break  # a timing line among the text: the line by line path reports it
                        body = body[:-1]
                        lines = body.split("\n") if body else []
                        number += 1
                        # The times as subkit.cues.clock_ms computes them, with a dict for int().
                        yield ScannedCue(number, int(g[0]), lineno + 1, lineno + 2,
                                         N[g[1]] * 3600000 + N[g[2]] * 60000 + N[g[3]] * 1000 + N[g[4]],
                                         N[g[5]] * 3600000 + N[g[6]] * 60000 + N[g[7]] * 1000 + N[g[8]],
                                         g[9] or "", lines, lineno + 3, body)
                        lineno += 3 + len(lines)
                        pos = m.end()
                        m = block(chunk, pos)
                    self._lineno, self._number = lineno, number
                    if pos == size:
                        break
                nl = chunk.find("\n", pos)
                if nl == -1:
                    line = chunk[pos:]
                    pos = size
                else:
                    line = chunk[pos:nl]
                    pos = nl + 1
                self._lineno += 1
                cue = handlers[self._state](line)
                if cue is not None:
                    yield cue
                    if self._then is not None:
                        self._run_then()
        yield from self._finish()

    def _run_then(self) -> None:
        then, arg = self._then
        self._then = None
        then(arg)

    def _emit(self) -> ScannedCue:
        """The cue read so far (the current block), numbered; the next block starts empty."""
        self._number += 1
        cue = ScannedCue(self._number, self._index, self._block_line, self._timing_line, self._start,
                         self._end, self._extra, self._text, self._text_line)
        self._text = []
        return cue

    # -- the states: each takes one line (without its ending) and returns the cue it ends, if any --
    def _expect_index(self, line: str) -> None:
        if _blank(line):
            return None
        self._saw_text = True
        m = _INDEX.fullmatch(line)
        if m is not None:
            self._read_index(m.group(1), line)
        elif "-->" in line:
            self._syntax(self._lineno, 1, "syntax/missing-index", "missing cue index before the timing line",
                         fixable=True)
            self._index = None
            self._block_line = self._lineno
            self._begin_text(*self._timing(line, None))
        else:
            self._syntax(self._lineno, 1, "syntax/text-outside-cue", "text outside a cue (expected a cue index)")
            self._state = _SKIP_STATE
        return None

    def _read_index(self, digits: str, line: str) -> None:
        lineno = self._lineno
        self._block_line = lineno
        if len(digits) > MAX_INDEX_DIGITS:
            self._syntax(lineno, 1, "syntax/absurd-index", f"absurd cue index ({len(digits)} digits)", fixable=True)
            self._index = None
        else:
            self._index = int(digits)
            if len(digits) != len(line):
                self._syntax(lineno, 1, "syntax/index-whitespace", "whitespace around the cue index",
                             level=WARNING, fixable=True)
        self._state = _TIMING_STATE

    def _expect_timing(self, line: str) -> None:
        lineno = self._lineno
        if _blank(line):
            self._syntax(lineno, 1, "syntax/missing-timing", "cue index without a timing line")
            self._state = _INDEX_STATE
        elif "-->" not in line:
            found = " after the index" if _INDEX.fullmatch(line) is None else ", found another index"
            self._syntax(lineno, 1, "syntax/expected-timing",
                         "expected a timing line (HH:MM:SS,mmm --> HH:MM:SS,mmm)" + found)
            self._state = _SKIP_STATE
        else:
            m = FAST_TIMING.fullmatch(line)
            if m is None:
                times = self._timing(line, self._index)
            else:
                times = fast_times(m)
                if line[-1] == " ":
                    self._syntax(lineno, len(line), "syntax/timing-trailing-whitespace",
                                 "trailing whitespace after the timing",
                                 level=WARNING, fixable=True)
            self._begin_text(*times)
        return None

    def _begin_text(self, start: int | None, end: int | None, extra: str) -> None:
        """The timing line just read (the current line) opens the block's text."""
        self._start, self._end, self._extra = start, end, extra
        self._timing_line = self._lineno
        self._text_line = self._lineno + 1
        self._state = _TEXT_STATE

    def _in_text(self, line: str) -> ScannedCue | None:
        if _blank(line):
            self._state = _INDEX_STATE
            if line:
                self._then = (self._blank_with_spaces, line)
            return self._emit()
        if "-->" not in line:
            self._text.append(line)
            return None
        # A timing line inside text: the blank line (and maybe the index) is missing.
        text = self._text
        idx_line = None
        if text and _INDEX.fullmatch(text[-1]) and len(text[-1].strip()) <= MAX_INDEX_DIGITS:
            idx_line = text.pop()
        self._then = (self._timing_in_text, (line, idx_line))
        return self._emit()

    def _blank_with_spaces(self, line: str) -> None:
        self._syntax(self._lineno, 1, "syntax/blank-line-whitespace", "whitespace on the blank line after a cue",
                     level=WARNING, fixable=True)

    def _timing_in_text(self, arg: tuple[str, str | None]) -> None:
        """The next block starts at the timing line found in the text (or at the index line above)."""
        line, idx_line = arg
        lineno = self._lineno
        if idx_line is not None:
            self._syntax(lineno - 1, 1, "syntax/missing-blank-line", "missing blank line before this cue", fixable=True)
            self._index = int(idx_line)
            self._block_line = lineno - 1
        else:
            self._syntax(lineno, 1, "syntax/missing-blank-line-and-index",
                         "missing blank line and index before this timing", fixable=True)
            self._index = None
            self._block_line = lineno
        self._begin_text(*self._timing(line, self._index))

    def _skip(self, line: str) -> None:
        """Drop lines up to a blank line (after a block that could not be read)."""
        if _blank(line):
            self._state = _INDEX_STATE
        return None

    # -- end of file -----------------------------------------------------------------------
    def _finish(self) -> Iterator[ScannedCue]:
        if self._state == _TEXT_STATE:
            yield self._emit()
        elif self._state == _TIMING_STATE:
            self._syntax(self._lineno, 1, "syntax/truncated", "file ends after a cue index: truncated?", always=True)
        self.n_lines = self._lineno
        self.n_cues = self._number
        self._file_problems()

    def _file_problems(self) -> None:
        """What can only be said of the whole file: binary, BOM, line endings, no cue."""
        if self.binary:
            self._syntax(1, 1, "syntax/binary-file", "no cue: binary file", always=True)
            return
        if self.bom and not self.doubled_bom:  # a doubled one has its own message
            self._encoding(1, 1, "encoding/bom", "byte order mark (BOM) at the start of the file", fixable=True)
        if self.crlf and not self.lf and not self.cr:
            self._syntax(1, 1, "syntax/crlf-line-endings", "CRLF line endings (players accept them; LF is canonical)",
                         level=WARNING, fixable=True, always=True)
        elif self.cr and not self.lf and not self.crlf:
            self._syntax(1, 1, "syntax/cr-line-endings", "CR (classic Mac) line endings", level=WARNING,
                         fixable=True, always=True)
        if self.n_cues == 0:
            if self._saw_text:
                code, message = "syntax/no-cue", "no cue found: is this an SRT file?"
            elif self.n_bytes == 0:
                code, message = "syntax/empty-file", "empty file: no cue"
            else:
                code, message = "syntax/blank-file", "no cue: the file holds only blank lines"
            self._syntax(1, 1, code, message, always=True)

    def _timing(self, line: str, index: int | None) -> tuple[int | None, int | None, str]:
        """Read the timing line at the current line tolerantly, reporting what is wrong with it:
        (start ms, end ms, extra text), None times when unreadable."""
        lineno = self._lineno
        cue_id = index if index is not None else self._number + 1
        read = read_timing(line)
        if read is None:
            self._syntax(lineno, 1, "syntax/malformed-timing", f"malformed timing line {line.strip()[:60]!r}",
                         cue=cue_id)
            return None, None, ""
        start, end, extra, notes = read
        for level, code, message in notes:
            if level == ERROR:
                self._syntax(lineno, 1, code, f"bad timestamp: {message} ({line.strip()[:60]!r})", cue=cue_id)
            else:
                self._syntax(lineno, 1, code, message, level=WARNING, cue=cue_id, fixable=True)
        return start, end, extra
