"""The file-level side of a subtitle file: its cues plus what a format keeps around them.

:class:`Subtitles` is what every reader in :mod:`subkit.formats` returns and every writer takes. The
cues are :class:`subkit.cues.Cue` values (WebVTT cue settings in ``Cue.settings``); the WebVTT
header text, its ``NOTE``/``STYLE``/``REGION`` blocks and its cue identifiers live here, anchored to
cue positions, so that a job that keeps the cues (translate, sync) writes them back where they were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Sequence

from subkit.cues import Cue

__all__ = ["Block", "Subtitles"]


_LANGUAGE_LINE = re.compile(r"(?mi)^(language[ \t]*:[ \t]*)[^\s]*")


@dataclass(frozen=True)
class Block:
    """A non-cue block (``NOTE ...``, ``STYLE``, ``REGION``) written before cue number ``before``
    (0-based; ``len(cues)`` or more: after the last cue). ``text`` is the block's lines as written."""

    before: int
    text: str

    @property
    def kind(self) -> str:
        head = self.text.split("\n", 1)[0]
        return head.split(None, 1)[0] if head.strip() else ""


@dataclass(frozen=True)
class Subtitles:
    """A subtitle file: cues, and what its format keeps besides them.

    ``header`` is what follows ``WEBVTT`` on the first line and the header lines under it (empty for
    SRT); ``blocks`` the WebVTT ``NOTE``/``STYLE``/``REGION`` blocks; ``ids`` the WebVTT cue
    identifiers by cue position (0-based); ``format`` the format it was read from; ``notices`` what
    its reader left out, for the command to say.
    """

    cues: tuple[Cue, ...]
    header: str = ""
    blocks: tuple[Block, ...] = ()
    ids: dict[int, str] = field(default_factory=dict)
    format: str = "srt"  # the format it was read from (subkit.formats.FORMATS)
    notices: tuple[str, ...] = ()  # what the reader could not use and left out ("cue 3 ends before 0:00:00")
    # who says each cue, by cue position, where the format keeps it outside the text (ASS/SSA's Name
    # field); WebVTT keeps it in the text (<v Marie>), and :func:`subkit.formats.markup.adapt` moves it
    names: dict[int, str] = field(default_factory=dict)
    # the language the file declares where its format keeps it outside the header (TTML's xml:lang),
    # or its name says (ep.fr.srt); WebVTT's is its header's Language: line (see :meth:`language`)
    lang: str = ""

    def with_cues(self, cues: Sequence[Cue]) -> "Subtitles":
        """The same file around new cues (translated, retimed). Blocks keep their positions (clamped
        to the new cue count). Identifiers stay by position while the cue count is unchanged; when
        cues were merged or split, an identifier goes to the first new cue its cue's time overlaps
        that has none yet (a merged cue keeps its first one; a split cue's first part has it)."""
        if len(cues) == len(self.cues):
            return replace(self, cues=tuple(cues), ids=dict(self.ids), names=dict(self.names))
        return replace(self, cues=tuple(cues), ids=self._moved(self.ids, cues), names=self._moved(self.names, cues))

    def in_language(self, code: str) -> "Subtitles":
        """The same file declaring language *code*: a WebVTT header's ``Language:`` line (as YouTube
        writes it) says the translation's language, not its source's."""
        return replace(self, header=_LANGUAGE_LINE.sub(lambda m: m.group(1) + code, self.header), lang=code)

    def language(self) -> str:
        """The language the file declares (``fr``, ``pt-BR``), '' when it declares none."""
        m = _LANGUAGE_LINE.search(self.header)
        said = m.group(0)[len(m.group(1)):] if m else ""
        return self.lang or said

    def in_time_order(self) -> tuple["Subtitles", int]:
        """The same file with its cues sorted by start (stable), identifiers and names moving with
        their cues, and how many cues start before the one before them (0: already in order)."""
        late = sum(b.start < a.start for a, b in zip(self.cues, self.cues[1:]))
        if not late:
            return self, 0
        order = sorted(range(len(self.cues)), key=lambda n: self.cues[n].start)
        where = {old: new for new, old in enumerate(order)}
        return replace(self, cues=tuple(self.cues[n] for n in order), ids={where[n]: v for n, v in self.ids.items()},
                       names={where[n]: v for n, v in self.names.items()},
                       blocks=moved_blocks(self.blocks, where)), late

    def _moved(self, by_cue: dict[int, str], cues: Sequence[Cue]) -> dict[int, str]:
        """*by_cue* (values by position in these cues) by position in *cues* (see :meth:`with_cues`)."""
        out: dict[int, str] = {}
        k = 0
        for n in sorted(by_cue):
            old = self.cues[n]
            while k < len(cues) and cues[k].end <= old.start:
                k += 1
            if k < len(cues) and cues[k].start < old.end and k not in out:
                out[k] = by_cue[n]
        return out


def moved_blocks(blocks: Sequence[Block], where: dict[int, int]) -> tuple[Block, ...]:
    """*blocks* before the cues they preceded, wherever sorting put those (*where*: old cue position
    -> new; a NOTE is anchored to the cue after it); STYLE and REGION blocks stay above the cues,
    where WebVTT wants them."""
    return tuple(b if b.kind in ("STYLE", "REGION") or b.before not in where else replace(b, before=where[b.before])
                 for b in blocks)
