"""SBV (SubViewer 1, YouTube's caption download format): ``H:MM:SS.mmm,H:MM:SS.mmm`` then text lines,
blocks separated by blank lines. No styling; times to the millisecond, so it round-trips exactly."""

from __future__ import annotations

import re

from subkit.cues import Cue
from subkit.errors import SubkitError
from subkit.formats.document import Subtitles

__all__ = ["read", "write"]

_TIMING = re.compile(r"\s*(\d+):([0-5]\d):([0-5]\d)\.(\d{1,3})\s*,\s*(\d+):([0-5]\d):([0-5]\d)\.(\d{1,3})\s*")


def _ms(h: str, m: str, s: str, frac: str) -> int:
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(frac.ljust(3, "0"))


def read(text: str, name: str) -> Subtitles:
    """The cues of an SBV text; a block without a timing line is a one-line error with its line."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cues: list[Cue] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        m = _TIMING.fullmatch(lines[i])
        if m is None:
            raise SubkitError(f"expected an SBV timing line (0:00:01.000,0:00:03.000), found {lines[i][:40]!r}",
                              name, i + 1)
        j = i + 1
        while j < len(lines) and lines[j].strip():
            j += 1
        g = m.groups()
        cues.append(Cue(_ms(*g[:4]), _ms(*g[4:]), tuple(lines[i + 1:j])))
        i = j
    return Subtitles(tuple(cues))


def _ts(ms: int) -> str:
    s, ms = divmod(max(0, ms), 1000)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}.{ms:03d}"


def write(subs: Subtitles) -> str:
    """SBV text (blank lines inside a cue's text would end it, so they are left out)."""
    return "".join(f"{_ts(c.start)},{_ts(c.end)}\n" + "".join(f"{line}\n" for line in c.lines if line.strip()) + "\n"
                   for c in subs.cues)
