"""Writing EBU STL (EBU Tech 3264, ``.stl``), the binary exchange format of European broadcasters:
a General Subtitle Information block of 1,024 bytes, then one Text and Timing Information block of
128 bytes per cue (more when the text needs them: extension blocks).

Written for teletext-style open subtitles (``DSC`` 1, Latin character table ``CCT`` 00, code page
850 for the header): times in frames at the given rate (25 unless told: ``STL25.01``; 30 gives
``STL30.01``), rows of double-height text (a line every 2 rows, the last on row 22, or from row 1
for a cue placed at the top, ``{\\an8}``), centred unless the cue says left or right; italics and
underline as the format's control codes (``0x80``/``0x81``, ``0x82``/``0x83``), a colour as a
teletext colour code at the start of the line. Text is encoded in ISO 6937 (accents as a
diacritic byte before the letter); a character it cannot hold is replaced by the nearest it can
(``…`` by ``...``, ``–`` by ``-``) or ``?``, and the caller is told which. A reader shows one
subtitle at a time, each for a frame at least: cues are scheduled so (:func:`_schedule`), and the
caller is told how many were merged, trimmed or lengthened.
"""

from __future__ import annotations

import os
import struct
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from subkit.errors import SubkitError
from subkit.formats.document import Subtitles
from subkit.formats.markup import Look, srt_runs

__all__ = ["StlFile", "write", "encode_text"]

_DIACRITICS = {"\u0300": 0xC1, "\u0301": 0xC2, "\u0302": 0xC3, "\u0303": 0xC4, "\u0304": 0xC5, "\u0306": 0xC6,
               "\u0307": 0xC7, "\u0308": 0xC8, "\u030a": 0xCA, "\u0327": 0xCB, "\u030b": 0xCD, "\u0328": 0xCE,
               "\u030c": 0xCF}
# The letters ISO 6937 puts each diacritic on (its repertoire): "ẽ" has none, and a reader refuses it.
_LETTERS_WITH = {mark: set(letters + letters.lower()) for mark, letters in {
    "\u0300": "AEIOU", "\u0301": "ACEILNORSUYZ", "\u0302": "ACEGHIJOSUWY", "\u0303": "AINOU", "\u0304": "AEIOU",
    "\u0306": "AGU", "\u0307": "CEGIZ", "\u0308": "AEIOUY", "\u030a": "AU", "\u0327": "CGKLNRST",
    "\u030b": "OU", "\u0328": "AEIU", "\u030c": "CDELNRSTZ"}.items()}
_LETTERS_WITH["\u0327"].discard("g")  # ģ: ISO 6937 writes it with an acute, a form kept out here
_LETTERS_WITH["\u0307"].discard("i")  # "i" has its dot: İ only
_SPECIAL = {ch: 0xA0 + k for k, ch in enumerate("\u00a0¡¢£\0¥\0§¤‘“«←↑→↓°±²³×µ¶·÷’”»¼½¾¿") if ch != "\0"}
_SPECIAL.update({ch: 0xD0 + k for k, ch in enumerate("—¹®©™♪¬¦\0\0\0\0⅛⅜⅝⅞ΩÆÐªĦ\0ĲĿŁØŒºÞŦŊŉĸæđðħıĳŀłøœßþŧŋ")
                 if ch != "\0"})
_SPECIAL.update({"\u202f": 0xA0, "\u2126": 0xE0, "\u0110": 0xE2})  # narrow no-break space, ohm sign, Đ
_NEAREST = {"…": "...", "–": "-", "‐": "-", "‑": "-", "€": "EUR", "„": "\"", "‚": "'", "′": "'", "″": "\""}
_ITALIC, _UNDERLINE = (0x80, 0x81), (0x82, 0x83)
_NEWLINE, _FILLER, _DOUBLE_HEIGHT = b"\x8a", 0x8F, b"\x0d"
_TELETEXT = {"#ff0000": 0x01, "#00ff00": 0x02, "#ffff00": 0x03, "#0000ff": 0x04, "#ff00ff": 0x05,
             "#00ffff": 0x06, "#ffffff": 0x07}
_TF = 112  # text bytes in one TTI block


def _char(ch: str, lost: set[str], near: set[str]) -> bytes:
    if " " <= ch <= "~":
        return ch.encode("ascii")
    if ch in _SPECIAL:
        return bytes([_SPECIAL[ch]])
    base, *marks = unicodedata.normalize("NFD", ch)
    if len(marks) == 1 and marks[0] in _DIACRITICS and base in _LETTERS_WITH[marks[0]]:
        return bytes([_DIACRITICS[marks[0]]]) + base.encode("ascii")
    if ch in _NEAREST:
        near.add(ch)
        return _NEAREST[ch].encode("ascii")
    lost.add(ch)
    return b"?"


def encode_text(text: str, lost: set[str] | None = None, near: set[str] | None = None) -> bytes:
    """*text* in ISO 6937 as EBU STL's Latin table holds it; characters it has no form for are
    written as their nearest form (``€`` as ``EUR``), added to *near*, or as ``?``, added to *lost*."""
    lost = set() if lost is None else lost
    near = set() if near is None else near
    return b"".join(_char(ch, lost, near) for ch in text)


@dataclass
class StlFile:
    """An EBU STL file as written, and what it could not hold."""

    data: bytes = b""
    characters: set[str] = field(default_factory=set)  # written as "?"
    nearest: set[str] = field(default_factory=set)  # written as their nearest form ("€" as "EUR")
    markup: Counter = field(default_factory=Counter)  # "bold", "strike-through", "colour": runs dropped
    wide_rows: int = 0  # rows over teletext's 40 columns (control codes take a column each)
    retimed: Counter = field(default_factory=Counter)  # "merged", "trimmed", "lengthened": cues moved


def _markup_lost(runs, markup: Counter) -> None:
    """Count what the format has no form for: bold, strike-through, a colour teletext lacks, or
    several colours in one row (a row takes one colour code)."""
    shown = [look for text, look in runs if text.strip()]
    markup["bold"] += sum(look.bold for look in shown)
    markup["strike-through"] += sum(look.strike for look in shown)
    colours = {look.colour or "#ffffff" for look in shown}
    markup["colour"] += len(colours) > 1 or any(c not in _TELETEXT for c in colours)


def _line(runs, out: StlFile) -> bytes:
    """One row's text: double height, a colour code first when the line has one colour, and control
    codes around italic and underlined runs (each code shows as a space, so a space beside it is
    folded into it); what is on at the end of the row is turned off there."""
    row = bytearray(_DOUBLE_HEIGHT)
    colours = {look.colour for text, look in runs if text.strip()}
    colour = colours.pop() if len(colours) == 1 else None
    if colour in _TELETEXT and colour != "#ffffff":
        row.append(_TELETEXT[colour])
    state = {"italic": False, "underline": False}
    for text, look in runs + [("", Look())]:
        for name, (on, off) in (("italic", _ITALIC), ("underline", _UNDERLINE)):
            if getattr(look, name) != state[name]:
                if row.endswith(b" "):
                    del row[-1]
                row.append(off if state[name] else on)
                text = text.lstrip(" ")
                state[name] = not state[name]
        row += encode_text(text, out.characters, out.nearest)
    return bytes(row)


def _lines(text: str, out: StlFile) -> tuple[int, list[bytes]]:
    align, runs = srt_runs(text)
    rows: list[list] = [[]]
    for piece, look in runs:
        if piece == "\n":
            rows.append([])
        else:
            rows[-1].append((piece, look))
    rows = [row for row in rows if any(t.strip() for t, _ in row)]
    for row in rows:
        _markup_lost(row, out.markup)
    return align, [_line(row, out) for row in rows]


def _tti_blocks(number: int, times: tuple[bytes, bytes], align: int, lines: list[bytes]) -> list[bytes]:
    vp = 1 if align >= 7 else max(1, 22 - 2 * (len(lines) - 1))
    jc = {0: 1, 1: 2, 2: 3}[(align - 1) % 3]  # left, centred, right
    text = (_NEWLINE * 2).join(lines)
    chunks = [text[k:k + _TF] for k in range(0, len(text), _TF)] or [b""]
    blocks = []
    for k, chunk in enumerate(chunks):
        ebn = 0xFF if k == len(chunks) - 1 else k
        blocks.append(struct.pack("<BHBB4s4sBBB", 0, number, ebn, 0, *times, vp, jc, 0)
                      + chunk.ljust(_TF, bytes([_FILLER])))
    return blocks


def _schedule(cues, fps: int, retimed: Counter) -> list[tuple[int, int, str]]:
    """(first frame, frame after the last, SRT text) of each subtitle: STL shows one at a time, each
    for a frame at least (a reader refuses a subtitle whose end is not after its start, and moves one
    that starts before the last ends). Cues starting on one frame become one subtitle (a sign and a
    line of dialogue), a cue overlapping the next ends where it starts, a cue under a frame gets one;
    *retimed* counts each."""
    out: list[list] = []
    for cue in sorted(cues, key=lambda c: c.start):  # a reader takes each subtitle's time after the last
        start, end = round(max(cue.start, 0) * fps / 1000), round(max(cue.end, 0) * fps / 1000)
        if end <= start:
            end = start + 1
            retimed["lengthened"] += 1
        if out and start <= out[-1][0]:
            out[-1][1], out[-1][2] = max(out[-1][1], end), out[-1][2] + "\n" + cue.text
            retimed["merged"] += 1
            continue
        if out and start < out[-1][1]:
            out[-1][1] = start
            retimed["trimmed"] += 1
        out.append([start, end, cue.text])
    return [tuple(x) for x in out]


def _timecode(frames: int, fps: int) -> bytes:
    """hh mm ss ff, one byte each, of a time in *frames* at *fps* frames a second."""
    seconds, f = divmod(frames, fps)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    if h > 23:  # a time code is a time of day: 100 h was written as 99 h, 30 h as an invalid 30
        raise SubkitError(f"EBU STL holds times under 24 hours, not {h}:{m:02d}:{s:02d}")
    return bytes([h, m, s, f])


def _columns(row: bytes) -> int:
    """Columns a row takes: one a byte, but a diacritic byte shares its letter's."""
    return len(row) - sum(0xC1 <= b <= 0xCF for b in row)


def _today() -> bytes:
    """The creation date (YYMMDD), from SOURCE_DATE_EPOCH when set, so that a build can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    day = datetime.fromtimestamp(int(epoch), timezone.utc).date() if epoch.isdigit() else date.today()
    return day.strftime("%y%m%d").encode()


def _gsi(blocks: int, cues: int, max_chars: int, fps: int, first: bytes) -> bytes:
    today = _today()
    fields = [(0, b"850"), (3, b"STL%d.01" % fps), (11, b"1"), (12, b"00"), (14, b"00"),
              (224, today), (230, today), (236, b"00"), (238, b"%05d" % blocks), (243, b"%05d" % cues),
              (248, b"001"), (251, b"%02d" % min(max_chars, 99)), (253, b"23"), (255, b"1"), (256, b"00000000"),
              (264, b"%02d%02d%02d%02d" % tuple(first)), (272, b"1"), (273, b"1")]
    out = bytearray(b" " * 1024)
    for offset, value in fields:
        out[offset:offset + len(value)] = value
    return bytes(out)


def write(subs: Subtitles, fps: float | None = None) -> StlFile:
    """The EBU STL file of *subs* (SRT markup: :func:`subkit.formats.markup.adapt`) at *fps* 25
    (default) or 30, with what it could not hold."""
    if fps is not None and round(fps) not in (25, 30):
        raise SubkitError(f"EBU STL holds 25 or 30 frames a second (STL25.01, STL30.01), not {fps:g}: "
                          "pass --fps 25 or --fps 30")
    rate = 30 if fps is not None and round(fps) == 30 else 25
    out = StlFile()
    blocks, widest = [], 0
    cues = _schedule(subs.cues, rate, out.retimed)
    for k, (start, end, text) in enumerate(cues, 1):
        align, lines = _lines(text, out)
        widest = max([widest] + [_columns(x) for x in lines])
        out.wide_rows += sum(_columns(x) > 40 for x in lines)
        blocks += _tti_blocks(k, (_timecode(start, rate), _timecode(end, rate)), align, lines)
    first = _timecode(cues[0][0], rate) if cues else b"\0\0\0\0"
    out.data = _gsi(len(blocks), len(cues), widest, rate, first) + b"".join(blocks)
    out.markup = +out.markup  # only what was dropped
    return out
