"""Tolerant, streaming SRT scanner with file line numbers.

The scanner reads bytes in chunks, decodes them, and yields one :class:`Cue` at a time; memory
does not grow with the file. It never raises on bad input: what it cannot read becomes a
``syntax`` or ``encoding`` problem (appended to :attr:`Scanner.problems`) and scanning goes on
with the next block. It accepts what players accept (``.`` as decimal separator, single-digit
hours, CRLF, a BOM, spaces around the index) and reports those forms at warning level.

It does not use ``srt.parse``: one pass over the lines, a fast regular expression for the
canonical timing line and a tolerant one for the rest.
"""

from __future__ import annotations

import codecs
import re
from typing import Iterable, Iterator

from subkit.cues import clock_ms
from subkit.profiles import count_chars
from subkit.srtio import utf16_codec
from subkit.lint.problem import Problem, ERROR, WARNING

__all__ = ["Cue", "Scanner", "iter_file_chunks", "CHUNK_SIZE"]

CHUNK_SIZE = 1 << 20

# Canonical timing line: HH:MM:SS,mmm --> HH:MM:SS,mmm, optionally followed by position data.
_FAST_TIMING = re.compile(
    r"(\d\d\d?):([0-5]\d):([0-5]\d),(\d\d\d) --> (\d\d\d?):([0-5]\d):([0-5]\d),(\d\d\d)(?:( +\S.*?))? *"
)
# A whole canonical block: index, timing, non-blank text lines, blank line.
_FAST_BLOCK = re.compile(
    r"(\d{1,9})\n(\d\d\d?):([0-5]\d):([0-5]\d),(\d\d\d) --> (\d\d\d?):([0-5]\d):([0-5]\d),(\d\d\d)"
    r"( +[^\n]*\S)?\n((?:[ \t]*\S[^\n]*\n)*)\n"
)
# "00".."999" -> int: a dict lookup is four times faster than int() on the fast path.
_NUMBERS = {f"{i:0{w}d}": i for w in (2, 3) for i in range(10 ** w)}

# Anything that looks like a timing line, with whatever players (and humans) produce.
_NUM = r"(-?\d{1,12})"
_TS = rf"(?:{_NUM}\s*:\s*)?{_NUM}\s*:\s*{_NUM}\s*([,.:])\s*{_NUM}"
_LOOSE_TIMING = re.compile(rf"\s*{_TS}(\s*)-+>(\s*){_TS}(.*)")

# ASCII digits only (str.isdigit accepts superscripts and other scripts' digits).
_INDEX = re.compile(r"[ \t]*(\d+)[ \t]*")
MAX_INDEX_DIGITS = 9
MAX_SYNTAX_PROBLEMS = 200  # per file: garbage input would otherwise flood the report
MAX_LINE_BYTES = 8 << 20  # a longer "line" is not subtitle text: reported and skipped  # an index with more digits is absurd (and int() would be slow)


class Cue:
    """One subtitle block as found in the file.

    ``number`` is its position in the file (1-based); ``index`` the index as written (None if
    missing or absurd). ``line`` is the file line where the block starts, ``timing_line`` the line
    of its timing, ``text_line`` the line of its first text line. ``start``/``end`` are in
    milliseconds, None when the timing line could not be read. ``lines`` are the text lines as
    written (tags included); ``chars`` counts them the Netflix way.
    """

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
        # count_chars(text), with its common case (no tag) inlined: the same number, faster.
        if "<" in text or "{" in text:
            self.chars = count_chars(text)
        else:
            self.chars = len(text) - text.count("\n")

    @property
    def id(self) -> int:
        """The number users see: the written index, else the position in the file."""
        return self.index if self.index is not None else self.number

    @property
    def timed(self) -> bool:
        return self.start is not None

    @property
    def duration(self) -> int | None:
        return None if self.start is None else self.end - self.start



def iter_file_chunks(fh, size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """Read a binary file object in chunks."""
    while True:
        data = fh.read(size)
        if not data:
            return
        yield data


def _ts_loose(h, m, s, sep, ms, problems_out: list[str]) -> int | None:
    """Milliseconds for a loosely written timestamp; appends (level, message) notes."""
    if h is None:
        problems_out.append((WARNING, "timestamp without hours"))
        h = "0"
    if any(x.startswith("-") for x in (h, m, s, ms)):
        problems_out.append((ERROR, "negative number in timestamp"))
        return None
    hi, mi, si, msi = int(h), int(m), int(s), int(ms)
    if mi > 59 or si > 59:
        problems_out.append((ERROR, "minutes and seconds must be 00-59"))
        return None
    if len(ms) != 3:
        problems_out.append((ERROR, "milliseconds must have 3 digits"))
        return None
    if sep == ".":
        problems_out.append((WARNING, "'.' as decimal separator (SRT uses ',')"))
    elif sep == ":":
        problems_out.append((ERROR, "':' as decimal separator (SRT uses ',')"))
        return None
    if len(h) == 1:
        problems_out.append((WARNING, "single-digit hours (SRT uses 2 digits)"))
    elif len(h) > 2 and h[0] == "0":
        problems_out.append((WARNING, "hours with leading zeros"))
    if len(m) != 2 or len(s) != 2:
        problems_out.append((WARNING, "minutes and seconds should have 2 digits"))
    return clock_ms(hi, mi, si, msi)


class Scanner:
    """Scan SRT bytes (an iterable of chunks) into cues, collecting syntax/encoding problems.

    Use: ``for cue in scanner.cues(): ...``, draining :attr:`problems` as you go.
    ``encoding`` is the expected encoding (``utf-8`` unless the user says otherwise).
    """

    def __init__(self, chunks: Iterable[bytes], encoding: str = "utf-8"):
        self._chunks = iter(chunks)
        self.encoding = encoding
        self.problems: list[Problem] = []
        self.n_lines = 0
        self.n_cues = 0
        self.n_bytes = 0
        self.binary = False
        self.bom = False
        self.crlf = 0
        self.lf = 0
        self.cr = 0
        self.decode_errors = 0
        self.long_lines = 0
        self.n_syntax = 0
        self.hard_syntax_errors = 0
        self._first_ending: str | None = None
        self._mixed_reported = False

    # -- problems --------------------------------------------------------------------------
    def _syntax(self, line: int, col: int, message: str, level: str | None = None,
                cue: int | None = None, fixable: bool = False, always: bool = False) -> None:
        if level != WARNING and not fixable:
            self.hard_syntax_errors += 1  # --fix cannot repair the file safely
        self.n_syntax += 1
        if self.n_syntax > MAX_SYNTAX_PROBLEMS and not always:
            if self.n_syntax == MAX_SYNTAX_PROBLEMS + 1:
                self.problems.append(Problem(line, col, "syntax", f"more than {MAX_SYNTAX_PROBLEMS} "
                                             "syntax problems: the rest are not reported"))
            return
        self.problems.append(Problem(line, col, "syntax", message, cue=cue, level=level,
                                     fixable=fixable))

    def _encoding(self, line: int, col: int, message: str, level: str | None = None,
                  fixable: bool = False) -> None:
        self.problems.append(Problem(line, col, "encoding", message, level=level, fixable=fixable))

    # -- decoding --------------------------------------------------------------------------
    def _texts(self) -> Iterator[str]:
        """Decoded text, split at line boundaries; reports encoding problems on the way."""
        first = True
        pending = b""
        offset = 0  # byte offset of the start of `pending` in the file
        line_base = 0  # lines before the start of `pending`
        decoder_name = self.encoding
        skipping = False
        try:
            codecs.lookup(decoder_name)
        except LookupError:
            raise ValueError(f"unknown encoding {decoder_name!r}") from None
        for data in self._chunks:
            self.n_bytes += len(data)
            if first:
                first = False
                utf16 = utf16_codec(data)
                if utf16:
                    # UTF-16 cannot be split at b"\n": read it whole (rare, and reported).
                    rest = data + b"".join(self._chunks)
                    self.n_bytes = len(rest)
                    self._encoding(1, 1, "file is UTF-16" + ("" if utf16 == "utf-16" else " without a BOM")
                                   + "; SRT files should be UTF-8")
                    yield rest.decode(utf16, errors="replace").removeprefix("\ufeff") \
                        .replace("\r\n", "\n").replace("\r", "\n")
                    return
                if b"\x00" in data[:8192]:
                    self.binary = True
                    self._encoding(1, 1, "binary file, not SRT text "
                                   f"(NUL byte at offset {data.index(0)})", level=ERROR)
                    return
                if data.startswith(codecs.BOM_UTF8):
                    self.bom = True
                    data = data[3:]
                    offset = 3
                    if decoder_name.replace("_", "-").lower() in ("utf-8", "utf8"):
                        decoder_name = "utf-8"
            if skipping:
                # Inside an absurdly long line: drop bytes up to its end.
                nl = data.find(b"\n")
                if nl == -1:
                    offset += len(data)
                    continue
                offset += nl + 1
                line_base += 1
                data = data[nl + 1:]
                skipping = False
                yield "\n"  # the skipped line still counts as a line
                if not data:
                    continue
            buf = pending + data
            cut = buf.rfind(b"\n") + 1
            if cut == 0 and self._first_ending in (None, "cr"):
                cut = buf.rfind(b"\r") + 1  # classic Mac line endings
            if cut == 0:
                pending = buf
                if len(pending) > MAX_LINE_BYTES:
                    self._syntax(line_base + 1, 1, f"line longer than {MAX_LINE_BYTES >> 20} MB: "
                                 "not an SRT file (the rest of the line is skipped)")
                    self.long_lines += 1
                    offset += len(pending)
                    pending = b""
                    skipping = True
                continue
            piece, pending = buf[:cut], buf[cut:]
            text = self._decode(piece, offset, line_base)
            offset += len(piece)
            line_base += piece.count(b"\n")
            yield text
        if pending:
            text = self._decode(pending, offset, line_base)
            yield text


    def _decode(self, piece: bytes, offset: int, line_base: int) -> str:
        try:
            text = piece.decode(self.encoding)
        except UnicodeDecodeError as exc:
            if self.decode_errors == 0:
                line = line_base + piece.count(b"\n", 0, exc.start) + 1
                col = exc.start - (piece.rfind(b"\n", 0, exc.start) + 1) + 1
                enc = self.encoding
                self._encoding(line, col,
                               f"not valid {enc}: byte 0x{piece[exc.start]:02x} at offset "
                               f"{offset + exc.start} (read it with --encoding, e.g. cp1252)")
            self.decode_errors += 1
            text = piece.decode(self.encoding, errors="replace")
        crlf = piece.count(b"\r\n")
        lf = piece.count(b"\n")
        cr = piece.count(b"\r")
        if cr or lf:
            self._endings(piece, text, crlf, lf - crlf, cr - crlf, line_base)
        if cr:
            text = text.replace("\r\n", "\n")
            if cr > crlf:
                text = text.replace("\r", "\n")
        return text

    def _endings(self, piece: bytes, text: str, crlf: int, lf: int, cr: int, line_base: int) -> None:
        self.crlf += crlf
        self.lf += lf
        self.cr += cr
        if self._first_ending is None:
            # The style of the first line ending decides what "mixed" means.
            i = piece.find(b"\n")
            j = piece.find(b"\r")
            if j != -1 and (i == -1 or j < i):
                self._first_ending = "crlf" if piece[j:j + 2] == b"\r\n" else "cr"
            else:
                self._first_ending = "lf"
        kinds = sum(1 for n in (self.crlf, self.lf, self.cr) if n)
        if kinds > 1 and not self._mixed_reported:
            self._mixed_reported = True
            line = line_base + 1
            for k, raw in enumerate(text.split("\n")):
                style = "crlf" if raw.endswith("\r") else "lf"
                if "\r" in raw[:-1]:
                    style = "cr"
                if style != self._first_ending:
                    line = line_base + k + 1
                    break
            self._encoding(line, 1, "mixed line endings "
                           f"({self._first_ending.upper()} first, then other endings)", fixable=True)

    # -- scanning --------------------------------------------------------------------------
    def cues(self) -> Iterator[Cue]:
        """Yield the cues of the file, in file order."""
        fast = _FAST_TIMING.fullmatch
        index_re = _INDEX.fullmatch
        EXPECT_INDEX, EXPECT_TIMING, TEXT, SKIP = 0, 1, 2, 3
        state = EXPECT_INDEX
        lineno = 0
        number = 0
        index = None
        block_line = 0
        timing_line = 0
        start = end = None
        extra = ""
        text: list[str] = []
        text_line = 0
        saw_text = False
        block = _FAST_BLOCK.match
        N = _NUMBERS
        for chunk in self._texts():
            pos = 0
            size = len(chunk)
            while pos < size:
                if state == EXPECT_INDEX:
                    # Fast path: a whole canonical block in one match.
                    m = block(chunk, pos)
                    if m is not None:
                        g = m.groups()
                        body = g[10]
                        if "-->" not in body:
                            body = body[:-1]
                            lines = body.split("\n") if body else []
                            number += 1
                            yield Cue(number, int(g[0]), lineno + 1, lineno + 2,
                                      N[g[1]] * 3600000 + N[g[2]] * 60000 + N[g[3]] * 1000 + N[g[4]],
                                      N[g[5]] * 3600000 + N[g[6]] * 60000 + N[g[7]] * 1000 + N[g[8]],
                                      g[9] or "", lines, lineno + 3, body)
                            lineno += 3 + len(lines)
                            pos = m.end()
                            continue
                nl = chunk.find("\n", pos)
                if nl == -1:
                    line = chunk[pos:]
                    pos = size
                else:
                    line = chunk[pos:nl]
                    pos = nl + 1
                lineno += 1
                if state == TEXT:
                    if line and not line.isspace():
                        if "-->" in line:
                            # A timing line inside text: the blank line (and maybe index) is missing.
                            idx_line = None
                            if text and index_re(text[-1]) and len(text[-1].strip()) <= MAX_INDEX_DIGITS:
                                idx_line = text.pop()
                            number += 1
                            c = Cue(number, index, block_line, timing_line, start, end, extra, text,
                                    text_line)
                            yield c
                            if idx_line is not None:
                                self._syntax(lineno - 1, 1, "missing blank line before this cue",
                                             fixable=True)
                                index = int(idx_line)
                                block_line = lineno - 1
                            else:
                                self._syntax(lineno, 1, "missing blank line and index before this timing",
                                             fixable=True)
                                index = None
                                block_line = lineno
                            text = []
                            start, end, extra = self._timing(line, lineno, index, number + 1)
                            timing_line = lineno
                            text_line = lineno + 1
                        else:
                            text.append(line)
                        continue
                    number += 1
                    c = Cue(number, index, block_line, timing_line, start, end, extra, text, text_line)
                    yield c
                    text = []
                    state = EXPECT_INDEX
                    if line:
                        self._syntax(lineno, 1, "whitespace on the blank line after a cue",
                                     level=WARNING, fixable=True)
                    continue
                if state == EXPECT_INDEX:
                    if not line or line.isspace():
                        continue
                    saw_text = True
                    m = index_re(line)
                    if m is not None:
                        digits = m.group(1)
                        block_line = lineno
                        if len(digits) > MAX_INDEX_DIGITS:
                            self._syntax(lineno, 1, f"absurd cue index ({len(digits)} digits)",
                                         fixable=True)
                            index = None
                        else:
                            index = int(digits)
                            if len(digits) != len(line):
                                self._syntax(lineno, 1, "whitespace around the cue index",
                                             level=WARNING, fixable=True)
                        state = EXPECT_TIMING
                        continue
                    if "-->" in line:
                        self._syntax(lineno, 1, "missing cue index before the timing line",
                                     fixable=True)
                        index = None
                        block_line = lineno
                        start, end, extra = self._timing(line, lineno, None, number + 1)
                        timing_line = lineno
                        text_line = lineno + 1
                        state = TEXT
                        continue
                    self._syntax(lineno, 1, "text outside a cue (expected a cue index)")
                    state = SKIP
                    continue
                if state == EXPECT_TIMING:
                    if not line or line.isspace():
                        self._syntax(lineno, 1, "cue index without a timing line")
                        state = EXPECT_INDEX
                        continue
                    if "-->" not in line:
                        m = index_re(line)
                        self._syntax(lineno, 1, "expected a timing line "
                                     "(HH:MM:SS,mmm --> HH:MM:SS,mmm)"
                                     + (" after the index" if m is None else ", found another index"))
                        state = SKIP
                        continue
                    m = fast(line)
                    if m is not None:
                        g = m.groups()
                        start = clock_ms(int(g[0]), int(g[1]), int(g[2]), int(g[3]))
                        end = clock_ms(int(g[4]), int(g[5]), int(g[6]), int(g[7]))
                        extra = g[8] or ""
                        if line[-1] == " ":
                            self._syntax(lineno, len(line), "trailing whitespace after the timing",
                                         level=WARNING, fixable=True)
                    else:
                        start, end, extra = self._timing(line, lineno, index, number + 1)
                    timing_line = lineno
                    text_line = lineno + 1
                    state = TEXT
                    continue
                # SKIP: drop lines until a blank line.
                if not line or line.isspace():
                    state = EXPECT_INDEX
        if state == TEXT:
            number += 1
            c = Cue(number, index, block_line, timing_line, start, end, extra, text, text_line)
            yield c
        elif state == EXPECT_TIMING:
            self._syntax(lineno, 1, "file ends after a cue index: truncated?", always=True)
        self.n_lines = lineno
        self.n_cues = number
        if number:
            saw_text = True
        if self.binary:
            self._syntax(1, 1, "no cue: binary file", always=True)
            return
        if self.bom:
            self._encoding(1, 1, "byte order mark (BOM) at the start of the file", fixable=True)
        if self.crlf and not self.lf and not self.cr:
            self._syntax(1, 1, "CRLF line endings (players accept them; LF is canonical)",
                         level=WARNING, fixable=True, always=True)
        elif self.cr and not self.lf and not self.crlf:
            self._syntax(1, 1, "CR (classic Mac) line endings", level=WARNING, fixable=True, always=True)
        if self.n_cues == 0:
            if not saw_text and self.n_bytes == 0:
                self._syntax(1, 1, "empty file: no cue", always=True)
            elif not saw_text:
                self._syntax(1, 1, "no cue: the file holds only blank lines", always=True)
            else:
                self._syntax(1, 1, "no cue found: is this an SRT file?", always=True)

    def _timing(self, line: str, lineno: int, index: int | None, number: int):
        """Parse a timing line tolerantly: (start ms, end ms, extra text); None times when unreadable."""
        cue_id = index if index is not None else number
        m = _FAST_TIMING.fullmatch(line)
        if m is not None:
            g = m.groups()
            return (clock_ms(int(g[0]), int(g[1]), int(g[2]), int(g[3])),
                    clock_ms(int(g[4]), int(g[5]), int(g[6]), int(g[7])), g[8] or "")
        m = _LOOSE_TIMING.fullmatch(line)
        if m is None:
            self._syntax(lineno, 1, f"malformed timing line {line.strip()[:60]!r}", cue=cue_id)
            return None, None, ""
        g = m.groups()
        notes: list[tuple[str, str]] = []
        start = _ts_loose(g[0], g[1], g[2], g[3], g[4], notes)
        end = _ts_loose(g[7], g[8], g[9], g[10], g[11], notes)
        extra = g[12] or ""
        if g[5] != " " or g[6] != " " or line != line.strip() or "-->" not in line:
            notes.append((WARNING, "irregular spacing or arrow in the timing line"))
        if extra and not extra.startswith(" "):
            notes.append((WARNING, "text right after the timing"))
        extra = extra.strip()
        if extra:
            extra = " " + extra
        seen = set()
        hard = False
        for level, msg in notes:
            if msg in seen:
                continue
            seen.add(msg)
            if level == ERROR:
                hard = True
                self._syntax(lineno, 1, f"bad timestamp: {msg} ({line.strip()[:60]!r})", cue=cue_id)
            else:
                self._syntax(lineno, 1, msg, level=WARNING, cue=cue_id, fixable=True)
        if hard or start is None or end is None:
            return None, None, ""
        return start, end, extra
