"""Re-time existing subtitles to the recording they belong to (``subkit sync``).

Text, cue count and order are kept; each cue's start and end come from the speech
(:mod:`subkit.align`; snapping starts onto pauses is off, see SNAP_MS), then the profile is
enforced as ``segment`` does (:func:`subkit.timing.enforce_profile`), writing no overlap. A cue
that is only a sound description, or empty, keeps its own time (moved, with the unspoken cues
next to it, where it no longer fits); a cue matched poorly or squeezed (faster than anyone
speaks) is named as doubtful.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from typing import Sequence

from subkit.cues import Cue, format_vtt
from subkit.errors import SubkitError
from subkit.profiles import Profile, count_chars, strip_tags
from subkit.text import SOUND_LINE
from subkit.timing import enforce_profile

__all__ = ["SyncResult", "sync_cues", "spoken_text", "doubt", "alone", "snap_to_pauses", "lend_time", "AudioWords",
           "word_times"]

BREAK_PAUSE_MS = 400  # a pause this long between two words is a good cue break for segment --audio
SPLIT_PAUSE_MS = 1000  # ... and one this long always ends a cue (its next words would show a second early)
# A cue start this close after the end of a pause moves back onto it. Off (0): on the test
# recordings (espeak voices, reference times exact) any snapping made starts worse (cue starts
# median/p90/p95 11/23/25 ms without, 13/42/110 ms snapping back within 300 ms, 17/102/120 ms both
# ways); the prototype's gain on real speech, with a less exact aligner, could not be checked here.
SNAP_MS = 0
MAX_SHIFT_MS = 1000  # how far lending reading time may move a cue start off its speech (earlier)
LATE_MS = 330  # ... and later: at most this, and never past the middle of its speech (quick turns
# passed each short cue's shortage on down the chain: "Pourquoi ?" shown only after it was said)
ANCHOR_LEAD_MS = 200  # ... or a cue that begins a phrase after a pause appear before it
END_PAD_MS = 120  # the aligned end is where the reference's voice stops; the real voice trails on
_DASH = re.compile(r"^\s*[-–—]\s*", re.MULTILINE)


@dataclass
class SyncResult:
    cues: list[Cue]
    warnings: list[str]
    confidence: list[float | None]  # per cue, 0..1 (None: a sound cue, not aligned)
    cost: float
    pauses: list[tuple[int, int]]
    speech: object  # speech/non-speech per 10 ms frame (numpy bool array)
    duration_ms: int
    doubtful: list[int] = field(default_factory=list)  # cues (1-based) perhaps not spoken as written
    moved: list[int] = field(default_factory=list)  # sound cues (1-based) moved to fit between their neighbours


# Sound descriptions inside a spoken line: "[MUSIQUE] Bonjour", "♪ la la ♪" (whole lines: SOUND_LINE)
_SOUND_SPAN = re.compile(r"\[[^\[\]]*\]|♪[^♪]*♪?")
# No one says more than this many syllables a second (fast speech is 6-7): an aligned cue faster
# than that holds words the recording does not (an added sentence squeezed between two real ones).
MAX_SYLLABLES_PER_S = 13.0
MIN_CONFIDENCE = 0.5  # under it a cue is doubtful
# ... but a short line (too few syllables to be judged squeezed) timed onto a stretch of speech of its
# own, between two pauses, only under this: a few frames give a noisy match ("À demain." right, alone
# at the end: 0.38; a wrong one-word text scores about 0.1, see subkit.align.aligner.max_cost)
SHORT_CONFIDENCE = 0.25
ALONE_MS = 150  # how near the pauses around it a short line's time must be to be speech of its own
SQUEEZE_SYLLABLES = 4  # fewer and a line is never judged squeezed: a word or two may be said very fast


def spoken_text(cue: Cue) -> str:
    """What is said in a cue: tags, dialogue dashes and sound descriptions removed, lines joined."""
    lines = _DASH.sub("", strip_tags(cue.text)).split("\n")
    return " ".join(" ".join(_SOUND_SPAN.sub(" ", line) for line in lines if not SOUND_LINE.match(line)).split())


def snap_to_pauses(spans: Sequence[tuple[int, int]], pauses: Sequence[tuple[int, int]],
                   within: int) -> list[tuple[int, int]]:
    """Move each start back onto the end of a pause ending at most *within* ms before it.

    Only back: a pause ends where voicing starts, which is at or after the word's true start (an
    unvoiced onset, "s", "f", "p", comes first), so moving a start later onto it would make it late;
    see SNAP_MS."""
    ends = [e for _, e in pauses]
    out = []
    for start, end in spans:
        near = [e for e in ends if 0 <= start - e <= within]
        if near:
            start = max(near)
        out.append((start, end))
    return out


def _need_ms(chars: int, profile: Profile) -> int:
    """Shortest display of *chars* characters, rounded up to whole frames plus one (frame snapping)."""
    need = max(profile.min_duration, chars / profile.hard_max_cps)
    return int(math.ceil((math.ceil(need * profile.fps) + 1) * 1000 / profile.fps))


def _even_start(before: int, limit: int, need_before: int, need: int, gap: int) -> int:
    """The start of a cue ending at *limit*, after one starting at *before* (and a *gap*), at which
    both get the same share of the time they need to be read."""
    if need_before + need <= 0:
        return limit
    return round((limit * need_before + (before + gap) * need) / (need_before + need))


def lend_time(spans: Sequence[tuple[int, int]], counts: Sequence[int], profile: Profile,
              anchored: Sequence[bool] | None = None, max_shift: int = MAX_SHIFT_MS,
              even: bool = False) -> list[tuple[int, int]]:
    """Where speech is faster than reading, a cue too short for its text takes time from its
    neighbours. Forward: the next cue starts later (passing any shortage on), unless it is
    *anchored* (it begins a phrase after a real pause: its start stays on the speech), by LATE_MS at
    most and never past the middle of its speech. Backward, for what is left: the cue starts earlier,
    the previous one ending (and if need be starting) earlier, by *max_shift* ms at most (an anchored
    one: ANCHOR_LEAD_MS); what remains the profile enforcement reports. *even*: a cue takes back from
    the one before no more than leaves both reading equally fast, and a start moves later by up to
    *max_shift* (for times that are shares of a subtitle cue, not heard: a dense cue's first part,
    which pushed the rest on, is not squeezed by them)."""
    out = [list(s) for s in spans]
    fixed = list(anchored) if anchored is not None else [False] * len(out)
    gap = int(math.ceil(1000 * profile.min_gap))
    needs = [_need_ms(c, profile) for c in counts]
    for k in range(len(out) - 1):
        short = needs[k] - (out[k + 1][0] - gap - out[k][0])
        if short > 0 and not fixed[k + 1]:
            late = max_shift if even else min(max_shift, LATE_MS, (spans[k + 1][1] - spans[k + 1][0]) // 2)
            out[k + 1][0] += max(0, min(short, late - (out[k + 1][0] - spans[k + 1][0])))
            out[k + 1][1] = max(out[k + 1][1], out[k + 1][0] + 1)
    if out:
        out[-1][1] = max(out[-1][1], out[-1][0] + needs[-1])
    for k in range(len(out) - 1, 0, -1):
        limit = out[k + 1][0] - gap if k + 1 < len(out) else out[k][1]
        short = needs[k] - (limit - out[k][0])
        if short > 0:
            most = ANCHOR_LEAD_MS if fixed[k] else max_shift
            start = out[k][0] - max(0, min(short, most - (spans[k][0] - out[k][0])))
            if even:
                start = max(start, min(out[k][0], _even_start(out[k - 1][0], limit, needs[k - 1], needs[k], gap)))
            else:  # the cue before keeps its own speech (ends no earlier than its voice)
                start = max(start, min(out[k][0], spans[k - 1][1] - END_PAD_MS + gap))
            out[k][0] = start
    for k in range(len(out) - 1):
        out[k][1] = min(max(out[k][1], out[k][0] + needs[k]), out[k + 1][0] - gap)
    return [(a, b) for a, b in out]


def sync_cues(cues: Sequence[Cue], media: str | os.PathLike[str], lang: str, profile: Profile,
              name: str | None = None, track: int | None = None) -> SyncResult:
    """Re-time *cues* (in spoken order) to the speech in *media*; see the module docstring. A cue
    that is only a sound description keeps its time, moved with its spoken neighbours if need be."""
    from subkit.align import align_media

    said = [spoken_text(c) for c in cues]
    spoken = [k for k, text in enumerate(said) if text]
    if not spoken:
        raise SubkitError("no cues to synchronise" if not cues else "no spoken words in the cues", name)
    alignment = align_media([said[k] for k in spoken], media, lang, track)
    heard = snap_to_pauses([(p.start_ms, p.end_ms + END_PAD_MS) for p in alignment.pieces], alignment.pauses,
                           SNAP_MS)
    spans = _with_sounds(cues, dict(zip(spoken, heard)))
    counts = [count_chars(c.text) for c in cues]
    # no lending here: the subtitler's cues stay on their speech; a cue too long to read is reported
    # nor overlaps: these times are the speech's, not a subtitler's choice left for a human
    new, warnings = enforce_profile(spans, counts, profile, limit_end=alignment.duration_ms, hold=False)
    warnings = [f"cue {k + 1}: no text: timed as a sound cue" for k, c in enumerate(cues) if not c.text.strip()
                ] + warnings
    confidence: list[float | None] = [None] * len(cues)
    doubtful = []
    for k, piece in zip(spoken, alignment.pieces):
        confidence[k] = piece.confidence
        why = doubt(said[k], piece.end_ms - piece.start_ms, piece.confidence, lang,
                    alone(piece.start_ms, piece.end_ms, alignment.pauses, alignment.duration_ms))
        if why:
            doubtful.append(k + 1)
            warnings.append(f"cue {k + 1}: {why}")
    out = [c.with_times(a, b) for c, (a, b) in zip(cues, new)]
    warnings += [w for k, c in enumerate(out, 1) for w in layout_warnings(k, c, profile)]
    moved = [k + 1 for k, (c, span) in enumerate(zip(cues, spans)) if not said[k] and span != (c.start, c.end)]
    return SyncResult(out, warnings, confidence,
                      alignment.cost, alignment.pauses, alignment.speech, alignment.duration_ms, doubtful, moved)


def doubt(text: str, heard_ms: int, confidence: float, lang: str, on_own_speech: bool = False) -> str | None:
    """Why the speech aligned to *text* (*heard_ms* long, matched with *confidence*) is perhaps not
    *text* as written, or None. *on_own_speech*: the time is a stretch of speech of its own between
    pauses (see :func:`alone`), where a short line needs only SHORT_CONFIDENCE."""
    said = _syllables(text, lang)
    squeezed = _squeezed(said, heard_ms)
    short = on_own_speech and said < SQUEEZE_SYLLABLES
    if not squeezed and confidence >= (SHORT_CONFIDENCE if short else MIN_CONFIDENCE):
        return None
    why = "squeezed into too short a stretch of speech" if squeezed else "a poor match"
    return f"{why} for its words: perhaps not said as written (check it)"


def layout_warnings(number: int, cue: Cue, profile: Profile) -> list[str]:
    """The profile's line limits that cue *number*'s text (kept as written) breaks."""
    lines = strip_tags(cue.text).split("\n")
    where = f"cue {number} at {format_vtt(cue.start)}"
    out = [f"{where}: {len(lines)} lines, over the profile's {profile.max_lines} (text kept as written)"
           ] if len(lines) > profile.max_lines else []
    return out + [f"{where}: line {j} is {count_chars(line)} characters, over {profile.max_chars_per_line} "
                  "(text kept as written)"
                  for j, line in enumerate(lines, 1) if count_chars(line) > profile.max_chars_per_line]


def alone(start_ms: int, end_ms: int, pauses: Sequence[tuple[int, int]], audio_end_ms: int | None = None) -> bool:
    """Whether start_ms..end_ms is speech of its own: a pause ends at its start (or the recording
    starts there), and the next one holds its end (or the recording ends there, *audio_end_ms*),
    within ALONE_MS."""
    before = start_ms <= ALONE_MS or any(abs(e - start_ms) <= ALONE_MS for _, e in pauses)
    after = [(s, e) for s, e in pauses if s > start_ms + ALONE_MS]
    if not after:
        return before and audio_end_ms is not None and end_ms >= audio_end_ms - ALONE_MS
    return before and after[0][0] <= end_ms + ALONE_MS and after[0][1] >= end_ms - ALONE_MS


def _syllables(text: str, lang: str) -> float:
    from subkit.timing import token_syllables

    return sum(token_syllables(text.split(), lang))


def _squeezed(said: float, heard_ms: int) -> bool:
    """Whether *said* syllables aligned to *heard_ms* of speech are too many for anyone to say."""
    return said >= SQUEEZE_SYLLABLES and heard_ms * MAX_SYLLABLES_PER_S < said * 1000


def _with_sounds(cues: Sequence[Cue], heard: dict[int, tuple[int, int]]) -> list[tuple[int, int]]:
    """Each cue's span: the speech's for spoken cues. The cues between two spoken ones (sound cues,
    empty ones) keep their own times where they still fit between their neighbours' new times, else
    move as one run, as the next spoken cue moved (the previous one's at the end), drawn in to fit
    between them: in their order, each keeping its share (two of them set apart, never on one start)."""
    spans: list[tuple[int, int]] = []
    spoken = sorted(heard)
    k = 0
    while k < len(cues):
        if k in heard:
            spans.append(heard[k])
            k += 1
            continue
        run = range(k, next((j for j in spoken if j > k), len(cues)))
        spans += _place_run([(cues[j].start, cues[j].end) for j in run], cues, heard, run.start, run.stop, spans)
        k = run.stop
    return spans


def _place_run(times: list[tuple[int, int]], cues: Sequence[Cue], heard: dict[int, tuple[int, int]],
               first: int, stop: int, before: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of the unspoken cues *first*..*stop* (written *times*) after the spans *before*."""
    lo = before[-1][1] if before else 0
    hi = heard[stop][0] if stop in heard else None
    a, b = times[0][0], max(e for _, e in times)
    if a >= lo and (hi is None or b <= hi):
        return times
    near = stop if stop in heard else max(heard)
    shift = heard[near][0] - cues[near].start
    a2 = max(a + shift, lo)
    b2 = max(a2 + len(times), min(b + shift, hi) if hi is not None else b + shift)
    scale = (b2 - a2) / max(b - a, 1)
    return [(a2 + round((s - a) * scale), max(a2 + round((s - a) * scale) + 1, a2 + round((e - a) * scale)))
            for s, e in times]


@dataclass
class AudioWords:
    """Each token's speech (start, end) in seconds from the recording, where a real pause follows
    it, and the recording's pauses and length (ms) for snapping and limits."""

    times: list[tuple[float, float]]
    pause_after: list[bool]
    pauses: list[tuple[int, int]]
    duration_ms: int
    confidence: list[float]


def word_times(tokens: Sequence[str], media: str | os.PathLike[str], lang: str,
               unspoken: Sequence[bool] | None = None, track: int | None = None) -> AudioWords:
    """Align *tokens* (words, in order) to the speech in *media* (``segment --audio``). Tokens marked
    *unspoken* (a line that is only a sound description, "[MUSIQUE]") are not aligned: they take the
    non-speech between their spoken neighbours (an intro's music before the first word)."""
    from subkit.align import align_media

    said = [k for k in range(len(tokens)) if not (unspoken and unspoken[k])]
    if not said:
        raise SubkitError("no spoken words to time (only sound descriptions)")
    alignment = align_media([tokens[k] for k in said], media, lang, track)
    pieces = alignment.pieces
    times = [(p.start_ms / 1000, max(p.end_ms, p.start_ms + 1) / 1000) for p in pieces]
    pause_after = [_pause_between(a.end_ms, b.start_ms, alignment.pauses) for a, b in zip(pieces, pieces[1:])]
    words = AudioWords(times, pause_after + [True], alignment.pauses, alignment.duration_ms,
                       [p.confidence for p in pieces])
    return words if len(said) == len(tokens) else _with_unspoken(words, said, len(tokens))


def _with_unspoken(heard: AudioWords, said: list[int], n: int) -> AudioWords:
    """*heard* (times of tokens *said*) spread over all *n* tokens: each run of the others spans from
    its spoken predecessor's end to its successor's start (from 0, to the recording's end)."""
    times: list[tuple[float, float]] = []
    pause_after: list[bool] = []
    confidence: list[float] = []
    where = dict(zip(said, range(len(said))))
    for k in range(n):
        if k in where:
            j = where[k]
            times.append(heard.times[j])
            pause_after.append(heard.pause_after[j] or k + 1 not in where)
            confidence.append(heard.confidence[j])
            continue
        before = [j for j in said if j < k]
        after = [j for j in said if j > k]
        a = heard.times[where[before[-1]]][1] + END_PAD_MS / 1000 if before else 0.0
        b = heard.times[where[after[0]]][0] if after else heard.duration_ms / 1000
        times.append((a, max(b, a + 0.001)))
        pause_after.append(True)
        confidence.append(1.0)
    return AudioWords(times, pause_after, heard.pauses, heard.duration_ms, confidence)


def _pause_between(end_ms: int, start_ms: int, pauses: Sequence[tuple[int, int]]) -> bool:
    if start_ms - end_ms >= BREAK_PAUSE_MS:
        return True
    return any(e - s >= BREAK_PAUSE_MS and s <= start_ms and e >= end_ms for s, e in pauses)
