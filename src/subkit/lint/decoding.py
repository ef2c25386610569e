"""The byte side of the SRT scanner: chunks of bytes in, decoded pieces of whole lines out.

:class:`Decoder` reads the file's bytes as an iterable of chunks (constant memory), checks the
encoding (UTF-16, UTF-32, binary data, a BOM, bytes that do not decode), counts line endings and reports
mixed ones, and skips absurdly long lines. It keeps the scanner's problem list (``encoding``
problems here, ``syntax`` ones capped at :data:`MAX_SYNTAX_PROBLEMS` a file);
:class:`subkit.lint.scanner.Scanner` builds the cues on top of it.
"""

from __future__ import annotations

import codecs
import itertools
from typing import Iterable, Iterator

from subkit.srtio import utf16_codec
from subkit.lint.problem import Problem, ERROR, WARNING

__all__ = ["Decoder", "iter_file_chunks", "CHUNK_SIZE", "MAX_SYNTAX_PROBLEMS", "MAX_LINE_BYTES"]

CHUNK_SIZE = 1 << 20
MAX_SYNTAX_PROBLEMS = 200  # per file: garbage input would otherwise flood the report
MAX_LINE_BYTES = 8 << 20  # a longer "line" is not subtitle text: reported and skipped


def iter_file_chunks(fh, size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """Read a binary file object in chunks."""
    while True:
        data = fh.read(size)
        if not data:
            return
        yield data


class Decoder:
    """Decode SRT bytes (an iterable of chunks) into text, collecting encoding problems.

    ``encoding`` is the expected encoding (``utf-8`` unless the user says otherwise). The
    counters (bytes, line endings, decode errors...) are complete once :meth:`_texts` is exhausted.
    """

    def __init__(self, chunks: Iterable[bytes], encoding: str = "utf-8"):
        self._chunks = iter(chunks)
        self.encoding = encoding
        self.problems: list[Problem] = []
        self.n_bytes = 0
        self.binary = False
        self.bom = False
        self.doubled_bom = False
        self.crlf = 0
        self.lf = 0
        self.cr = 0
        self.decode_errors = 0
        self.long_lines = 0
        self.n_syntax = 0
        self.hard_syntax_errors = 0
        self._first_ending: str | None = None
        self._mixed_reported = False
        self._cap: Problem | None = None  # the "too many syntax problems" notice, once reached

    # -- problems --------------------------------------------------------------------------
    def _syntax(self, line: int, col: int, code: str, message: str, level: str | None = None,
                cue: int | None = None, fixable: bool = False, always: bool = False) -> None:
        if level != WARNING and not fixable:
            self.hard_syntax_errors += 1  # --fix cannot repair the file safely
        self.n_syntax += 1
        if self.n_syntax > MAX_SYNTAX_PROBLEMS and not always:
            # The cap carries the level of what it hides: warnings alone must not fail a CI run.
            if self._cap is None:
                self._cap = Problem(line, col, "syntax", f"more than {MAX_SYNTAX_PROBLEMS} "
                                    "syntax problems: the rest are not reported",
                                    code="syntax/too-many-problems", level=WARNING)
                self.problems.append(self._cap)
            if level != WARNING:
                self._cap.level = level
            return
        self.problems.append(Problem(line, col, "syntax", message, cue=cue, level=level,
                                     fixable=fixable, code=code))

    def _encoding(self, line: int, col: int, code: str, message: str, level: str | None = None,
                  fixable: bool = False) -> None:
        self.problems.append(Problem(line, col, "encoding", message, level=level, fixable=fixable,
                                     code=code))

    # -- decoding --------------------------------------------------------------------------
    def _texts(self) -> Iterator[str]:
        """Decoded text, split at line boundaries; reports encoding problems on the way."""
        try:
            codecs.lookup(self.encoding)
        except LookupError:
            raise ValueError(f"unknown encoding {self.encoding!r}") from None
        first = next(self._chunks, None)
        if first is None:
            return
        utf16 = utf16_codec(first)
        if utf16:
            yield self._utf16_text(first, utf16)
        elif b"\x00" in first[:8192]:
            self.n_bytes = len(first)
            self.binary = True
            self._encoding(1, 1, "encoding/binary", f"binary file, not SRT text (NUL byte at offset {first.index(0)})",
                           level=ERROR)
        else:
            yield from self._pieces(first)

    def _utf16_text(self, first: bytes, codec: str) -> str:
        """The whole file as text: UTF-16/32 cannot be split at b"\\n" (rare, and reported)."""
        data = first + b"".join(self._chunks)
        self.n_bytes = len(data)
        family = codec[:6]  # utf-16 / utf-32
        self._encoding(1, 1, f"encoding/{family}", f"file is {family.upper()}"
                       + ("" if codec == family else " without a BOM") + "; SRT files should be UTF-8",
                       fixable=True)  # --fix writes it as UTF-8
        return data.decode(codec, errors="replace").removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")

    def _pieces(self, first: bytes) -> Iterator[str]:
        """Decoded pieces of whole lines (the last one maybe unterminated), *first* the first chunk."""
        offset = 0  # byte offset of the start of `pending` in the file
        if first.startswith(codecs.BOM_UTF8):
            self.bom = True
            self.n_bytes = offset = 3
            first = first[3:]
            if first.startswith(codecs.BOM_UTF8):  # a tool added its BOM to a file that had one
                n = 1
                self.doubled_bom = True
                while first.startswith(codecs.BOM_UTF8):
                    first = first[3:]
                    n += 1
                    self.n_bytes = offset = offset + 3
                self._encoding(1, 1, "encoding/doubled-bom", f"byte order mark {n} times at the start of "
                               "the file (it belongs there once at most)", fixable=True)
        pending = b""
        line_base = 0  # lines before the start of `pending`
        skipping = False
        for data in itertools.chain((first,), self._chunks):
            self.n_bytes += len(data)
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
                    self._long_line(line_base + 1)
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
            yield self._decode(pending, offset, line_base)

    def _long_line(self, line: int) -> None:
        self._syntax(line, 1, "syntax/long-line", f"line longer than {MAX_LINE_BYTES >> 20} MB: not an SRT file "
                     "(the rest of the line is skipped)")
        self.long_lines += 1

    def _decode(self, piece: bytes, offset: int, line_base: int) -> str:
        try:
            text = piece.decode(self.encoding)
        except UnicodeDecodeError as exc:
            if self.decode_errors == 0:
                from subkit.lint.charset import encoding_hint  # the error path only

                line = line_base + piece.count(b"\n", 0, exc.start) + 1
                col = exc.start - (piece.rfind(b"\n", 0, exc.start) + 1) + 1
                enc = self.encoding
                self._encoding(line, col, "encoding/invalid-bytes",
                               f"not valid {enc}: byte 0x{piece[exc.start]:02x} at offset "
                               f"{offset + exc.start} ({encoding_hint(piece, exc.start)})")
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
            self._encoding(line, 1, "encoding/mixed-line-endings", "mixed line endings "
                           f"({self._first_ending.upper()} first, then other endings)", fixable=True)
