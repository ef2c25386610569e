"""WebVTT read and written by the W3C rules (WebVTT: The Web Video Text Tracks Format, section 6).

Reading: the ``WEBVTT`` signature (after an optional BOM, alone or followed by a space or tab and
any text) and the header lines under it, then blocks separated by blank lines: ``NOTE``, ``STYLE``
and ``REGION`` blocks (kept as written), and cues, with an optional identifier line, a timing line
(``mm:ss.ttt`` or ``hh:mm:ss.ttt``, then cue settings, kept in ``Cue.settings``) and text lines (cue
text tags kept as text). A line holding ``-->`` ends the cue text before it, as the parser does.
Unlike a browser, which skips them, a block the rules cannot read (a bad timestamp, no timing line)
is an error naming its line: a tool that would silently lose a cue is worse than one that says so
(``subkit lint`` reports every fault). Writing gives canonical WebVTT (``hh:mm:ss.ttt``, LF).
"""

from __future__ import annotations

from subkit.cues import Cue, format_vtt
from subkit.errors import SubkitError
from subkit.formats.document import Block, Subtitles
from subkit.formats.vtt_syntax import block_kind, is_signature, parse_timing

__all__ = ["read", "write"]


def _lines(text: str) -> list[str]:
    text = text.removeprefix("\ufeff").replace("\x00", "\ufffd")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def read(text: str, name: str) -> Subtitles:
    """The cues and blocks of a WebVTT text; raises a one-line :class:`SubkitError` with the line."""
    lines = _lines(text)
    if not is_signature(lines[0]):
        raise SubkitError("not a WebVTT file: the first line must be 'WEBVTT'", name, 1)
    header = [lines[0][len("WEBVTT"):]]
    i = 1
    while i < len(lines) and lines[i] and "-->" not in lines[i]:
        header.append(lines[i])
        i += 1
    reader = _Reader(name)
    while i < len(lines):
        if not lines[i]:
            i += 1
            continue
        i = reader.block(lines, i)
    return Subtitles(tuple(reader.cues), "\n".join(header), tuple(reader.blocks), reader.ids)


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.cues: list[Cue] = []
        self.blocks: list[Block] = []
        self.ids: dict[int, str] = {}

    def block(self, lines: list[str], i: int) -> int:
        """Read the block starting at line *i* (0-based, not blank); return where the next one starts."""
        start = i
        arrow = None
        while i < len(lines) and lines[i]:
            if "-->" in lines[i]:
                if arrow is None and i - start <= 1:
                    arrow = i
                else:
                    break  # a timing line ends the text before it: the next block starts here
            i += 1
        block = lines[start:i]
        kind = block_kind(block[0]) if arrow is None else ""
        if kind:
            self.blocks.append(Block(len(self.cues), "\n".join(block)))
        elif arrow is None:
            raise SubkitError("block without a timing line (run 'subkit lint' for details)", self.name, start + 1)
        else:
            self._cue(lines, start, arrow, i)
        return i

    def _cue(self, lines: list[str], start: int, arrow: int, end: int) -> None:
        timing = parse_timing(lines[arrow])
        if timing is None:
            raise SubkitError(f"bad WebVTT timing line {lines[arrow][:60]!r} (hh:mm:ss.ttt --> hh:mm:ss.ttt)",
                              self.name, arrow + 1)
        ident = lines[start] if arrow > start else None
        index = int(ident) if ident is not None and ident.isascii() and ident.isdigit() and len(ident) < 10 else None
        if ident is not None:
            self.ids[len(self.cues)] = ident
        self.cues.append(Cue(timing[0], timing[1], tuple(lines[arrow + 1:end]), index, timing[2]))


def _cue_block(cue: Cue, ident: str | None) -> str:
    head = f"{format_vtt(cue.start)} --> {format_vtt(cue.end)}"
    if cue.settings:
        head += " " + " ".join(cue.settings.split())
    # A blank line would end the cue and "-->" would start another: neither can be cue text.
    text = [line.replace("-->", "--&gt;") for line in cue.lines if line.strip()]
    if ident and "-->" not in ident and "\n" not in ident:
        return "\n".join([ident, head, *text])
    return "\n".join([head, *text])


def write(subs: Subtitles) -> str:
    """Canonical WebVTT for *subs*: its header, blocks where they were, cues with their settings."""
    header = subs.header
    if header and header[0] not in " \t\n":
        header = " " + header
    out = ["WEBVTT" + header.rstrip("\n")]
    pending = sorted(subs.blocks, key=lambda b: b.before)
    k = 0
    for n, cue in enumerate(subs.cues):
        while k < len(pending) and pending[k].before <= n:
            out.append(pending[k].text)
            k += 1
        out.append(_cue_block(cue, subs.ids.get(n)))
    out.extend(b.text for b in pending[k:])
    return "\n\n".join(out) + "\n"
