"""Re-time existing subtitles to the recording they belong to (``subkit sync``).

Text, cue count and order are kept; each cue's start and end come from the speech
(:mod:`subkit.align`), starts are snapped to the end of a pause that ends close by, then the
profile is enforced as ``segment`` does (:func:`subkit.timing.enforce_profile`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Sequence

from subkit.cues import Cue
from subkit.errors import SubkitError
from subkit.profiles import Profile, count_chars, strip_tags
from subkit.timing import enforce_profile

__all__ = ["SyncResult", "sync_cues", "spoken_text", "snap_to_pauses", "SNAP_MS"]

SNAP_MS = 300  # a cue start this close to the end of a pause moves onto it
END_PAD_MS = 120  # the aligned end is where the reference's voice stops; the real voice trails on
_DASH = re.compile(r"^\s*[-–—]\s*", re.MULTILINE)


@dataclass
class SyncResult:
    cues: list[Cue]
    warnings: list[str]
    confidence: list[float]  # per cue, 0..1
    cost: float
    pauses: list[tuple[int, int]]
    speech: object  # speech/non-speech per 10 ms frame (numpy bool array)
    duration_ms: int


def spoken_text(cue: Cue) -> str:
    """What is said in a cue: tags and dialogue dashes removed, lines joined."""
    return " ".join(_DASH.sub("", strip_tags(cue.text)).split())


def snap_to_pauses(spans: Sequence[tuple[int, int]], pauses: Sequence[tuple[int, int]],
                   within: int = SNAP_MS) -> list[tuple[int, int]]:
    """Move each start onto the end of the nearest pause ending within *within* ms (never past its end)."""
    ends = [e for _, e in pauses]
    out = []
    for start, end in spans:
        near = [e for e in ends if abs(e - start) <= within and e < end]
        if near:
            start = min(near, key=lambda e: abs(e - start))
        out.append((start, end))
    return out


def sync_cues(cues: Sequence[Cue], media: str | os.PathLike[str], lang: str, profile: Profile,
              name: str | None = None) -> SyncResult:
    """Re-time *cues* (in spoken order) to the speech in *media*; see the module docstring."""
    from subkit.align import align_media

    if not cues:
        raise SubkitError("no cues to synchronise", name)
    pieces = [spoken_text(c) or "." for c in cues]
    alignment = align_media(pieces, media, lang)
    spans = snap_to_pauses([(p.start_ms, p.end_ms + END_PAD_MS) for p in alignment.pieces], alignment.pauses)
    counts = [count_chars(c.text) for c in cues]
    new, warnings = enforce_profile(spans, counts, profile, limit_end=alignment.duration_ms)
    return SyncResult([c.with_times(a, b) for c, (a, b) in zip(cues, new)], warnings,
                      [p.confidence for p in alignment.pieces], alignment.cost, alignment.pauses,
                      alignment.speech, alignment.duration_ms)
