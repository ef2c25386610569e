"""Timing without audio, and the profile's timing rules (shared by segment, translate, lint --fix).

Speech-rate model
-----------------
Each word lasts ``syllables / rate`` seconds. Syllables are counted from the spelling: groups of
vowels (``y`` included), minus the French mute final ``e``/``es``/``ent`` of a word that has another
vowel group (``Ukrainiennes`` = 3, ``tenaient`` = 2) and the English silent final ``e``; a number
counts as it is said, written out in words (:mod:`subkit.spoken_numbers`: ``2019`` is "deux mille
dix-neuf", 4; ``80 000`` "quatre-vingt mille", 3; ``7 h 05`` "sept heures cinq", 3), a symbol alone
(``%``, ``€``) 2. Pauses follow the punctuation:
0.25 s after a comma or other clause mark, 0.5 s after a sentence end, 0.7 s at a paragraph break
(a new line of the transcript).

The default rate, 4.0 syllables per second (``DEFAULT_RATE``), plus those pauses gives about
140 words per minute: a calm, explanatory delivery such as the seed's news analysis (1,150 words
in about 8 minutes 20 seconds of speech). It is the slow end of conversational French (corpus studies of
spontaneous French measure about 4.5 to 6 syllables per second of articulation), chosen because a
verbatim subtitle of faster speech cannot be read at Netflix's 17 characters per second. For a
real video, pass ``--duration`` (the video length; the model's proportions are kept and scaled) or
``--rate``; cues that then cannot meet the reading speed are reported on stderr.

Profile rules
-------------
:func:`enforce_profile` turns cue times into cue times that respect a :class:`Profile`;
:func:`cue_times` does the same for spans of the speech-rate model. The model's own times are float
seconds (:func:`token_times`); every cue time that leaves this module is in integer milliseconds, on
a frame of the profile's rate (:mod:`subkit.cues` converts).
"""

from __future__ import annotations

import heapq
import math
import re
from typing import Callable, Sequence

from subkit.cues import format_vtt, frames_to_ms, ms_to_frames, ms_to_seconds
from subkit.language import rules
from subkit.profiles import Profile
from subkit.spoken_numbers import spell_numbers, spell_tokens

__all__ = [
    "DEFAULT_RATE",
    "PAUSE_CLAUSE",
    "PAUSE_SENTENCE",
    "PAUSE_PARAGRAPH",
    "syllables",
    "token_syllables",
    "speech_durations",
    "token_times",
    "enforce_profile",
    "cue_times",
    "reading_merges",
]

DEFAULT_RATE = {"fr": 4.0, "en": 4.0}
PAUSE_CLAUSE = 0.25
PAUSE_SENTENCE = 0.5
PAUSE_PARAGRAPH = 0.7

_VOWELS = "aeiouyàâäéèêëîïôöùûüÿœæ"
_VOWEL_GROUP_RE = re.compile(f"[{_VOWELS}]+")
_DIGIT_RE = re.compile(r"\d")
_LETTER_RE = re.compile(r"[^\W\d_]")
_FR_MUTE_END_RE = re.compile(r"(?<=[^aeiouyàâäéèêëîïôöùûüÿœæ])e(s|nt)?$")


def syllables(token: str, lang: str = "fr", scale: int | None = None) -> float:
    """Approximate spoken syllables of one token (see the module docstring); *scale*: the token is a
    group of a number written over several tokens (:func:`subkit.spoken_numbers.group_scales`)."""
    return _count(token, spell_numbers(token, lang, scale), lang)


def _count(token: str, said: str, lang: str) -> float:
    """The syllables of *token*, said as *said* (its numbers in words)."""
    word = said.lower().replace("’", "'")
    if lang == "fr":
        # "qu" and "gu" before a vowel are one consonant: "qu'on", "guerre", "quelque"
        word = re.sub(r"([qg])u(?=[aeiouyéèêàâîô])", r"\1", word.replace("qu'", "k'"))
    count = 0.0
    for part in re.split(r"[-'/ ]", word):  # spelled numbers are words apart
        groups = len(_VOWEL_GROUP_RE.findall(part))
        if groups > 1:
            if lang == "fr" and _FR_MUTE_END_RE.search(part):
                groups -= 1
            elif lang == "en" and part.endswith("e") and not part.endswith(("le", "ee")):
                groups -= 1
        count += groups
    if count == 0 and not _DIGIT_RE.search(token):  # a group of thousands at 0 ("000") says nothing
        # symbols: "%", "€", "&"... are spoken; pure punctuation is not
        count = 2.0 if re.search(r"[%€$£&@+=°]", word) else (1.0 if _LETTER_RE.search(word) else 0.0)
    return count


def token_syllables(tokens: Sequence[str], lang: str = "fr") -> list[float]:
    """:func:`syllables` of each token, read with the tokens before it
    (:func:`subkit.spoken_numbers.spell_tokens`: "80 000" is "quatre-vingt mille", "7 h 05" "sept heures cinq")."""
    return [_count(t, said, lang) for t, said in zip(tokens, spell_tokens(tokens, lang))]


def speech_durations(
    tokens: Sequence[str],
    lang: str = "fr",
    rate: float | None = None,
    paragraph_ends: Sequence[bool] | None = None,
    sentence_ends: Sequence[bool] | None = None,
) -> list[tuple[float, float]]:
    """(speech seconds, pause seconds after) for each token, from the speech-rate model.

    *rate* is in syllables per second (default :data:`DEFAULT_RATE`). *paragraph_ends* and
    *sentence_ends* mark tokens followed by a paragraph break or a sentence end; without
    *sentence_ends*, final punctuation decides.
    """
    if rate is None:
        rate = DEFAULT_RATE.get(lang, DEFAULT_RATE["fr"])
    if not rate > 0:
        raise ValueError("rate must be positive")
    r = rules(lang)
    out = []
    for k, (tok, said) in enumerate(zip(tokens, token_syllables(tokens, lang))):
        speech = said / rate
        if paragraph_ends is not None and paragraph_ends[k]:
            pause = PAUSE_PARAGRAPH
        elif (sentence_ends[k] if sentence_ends is not None else r.is_sentence_end(tok)):
            pause = PAUSE_SENTENCE
        elif r.is_clause_end(tok):
            pause = PAUSE_CLAUSE
        else:
            pause = 0.0
        out.append((speech, pause))
    return out


def token_times(durations: Sequence[tuple[float, float]], start: float = 0.0,
                scale: float = 1.0) -> list[tuple[float, float]]:
    """Absolute (start, end) of each token's speech in seconds, laid end to end from *start* (seconds).

    These are the speech-rate model's own times; :func:`cue_times` turns them into cue times.
    """
    t = start
    out = []
    for speech, pause in durations:
        out.append((t, t + speech * scale))
        t += (speech + pause) * scale
    return out


def anchored_times(durations: Sequence[tuple[float, float]], anchors: Sequence[float | None],
                   start: float = 0.0, end: float | None = None) -> list[tuple[float, float]]:
    """:func:`token_times` restarted at each anchor: a token with an anchor (seconds, from the
    transcript's timestamps) starts there, and the stretch before it is laid out from its own start
    at the model's rate, compressed if it would run past the anchor (or past *end*, for the last)."""
    bounds = [k for k, a in enumerate(anchors) if a is not None and k > 0] + [len(durations)]
    out: list[tuple[float, float]] = []
    a, t = 0, start if anchors[0] is None else anchors[0]
    for b in bounds:
        limit = anchors[b] if b < len(durations) else end
        spoken = sum(sp + pa for sp, pa in durations[a:b]) - durations[b - 1][1]
        scale = 1.0 if limit is None or spoken <= 0 else min(1.0, max(limit - t, 0.0) / spoken)
        out += token_times(durations[a:b], t, scale)
        a, t = b, limit
    return out


Span = tuple[int, int]  # (start, end) in milliseconds


def enforce_profile(
    spans: Sequence[Span],
    char_counts: Sequence[int],
    profile: Profile,
    limit_end: int | None = None,
) -> tuple[list[Span], list[str]]:
    """Shared retiming used by segment, translate and `lint --fix`: given cue (start, end) in
    milliseconds (sorted) and their visible character counts, return new spans where each cue is
    extended into the available gap (to reach min_duration and keep cps <= profile.hard_max_cps
    where possible, never past max_duration), overlaps are trimmed, a min gap of
    profile.min_gap_frames frames is kept, gaps of 3..profile.close_gap_frames frames are closed to
    the min gap, times snapped to frames of profile.fps; plus a list of human-readable warnings for
    cues that still break a limit. Idempotent. *limit_end* (ms) caps the last cue's end.

    Starts are kept (snapped), except that a cue starting less than one frame plus the minimum gap
    after the previous cue's start is pushed later. Warnings name the cue (1-based) and its time.
    """
    fps = profile.fps
    frames = [(ms_to_frames(s, fps), ms_to_frames(e, fps)) for s, e in spans]
    return _fit_frames(frames, char_counts, profile, limit_end)


def cue_times(
    speech: Sequence[tuple[float, float]],
    char_counts: Sequence[int],
    profile: Profile,
    limit_end: int | None = None,
    held: Sequence[bool] | None = None,
    offset_ms: int = 0,
    modelled: bool = False,
) -> tuple[list[Span], list[str]]:
    """:func:`enforce_profile` for cues laid on the speech-rate model's spans (seconds, as
    :func:`token_times` gives them): each span is snapped to the nearest frame from its exact
    model time, then moved by *offset_ms* (a programme's start timecode: whole frames, so that every
    cue moves by the same amount), then the profile's rules apply. Returns cue times in milliseconds.

    Unlike a subtitler's cues, these leave no gap that flickers (:func:`_no_flicker`): where the
    earlier cue cannot reach the next (its maximum duration), the next starts up to
    ``close_gap_frames`` early, unless *held* says its start is a promise (a timestamp). *modelled*
    (times from the speech-rate model, not heard): a cue too short to read whose end the next cue
    holds may also start earlier (:func:`_start_earlier`); heard speech keeps its starts."""
    fps = profile.fps
    shift = round(offset_ms * fps / 1000)
    frames = [(round(s * fps) + shift, round(e * fps) + shift) for s, e in speech]
    return _fit_frames(frames, char_counts, profile, limit_end, [not h for h in held or [False] * len(frames)],
                       modelled)


def _fit_frames(
    frames: Sequence[tuple[int, int]],
    char_counts: Sequence[int],
    profile: Profile,
    limit_end: int | None,
    early: Sequence[bool] | None = None,
    modelled: bool = False,
) -> tuple[list[Span], list[str]]:
    """The rules of :func:`enforce_profile` on (start, end) frames; result in milliseconds. With
    *early* (per cue: it may start early), no gap is left that flickers (:func:`_no_flicker`)."""
    if len(frames) != len(char_counts):
        raise ValueError("spans and char_counts differ in length")
    fps = profile.fps
    limit = _limit_frame(limit_end, fps)
    starts = _starts(frames, profile)
    out: list[tuple[int, int]] = []
    for k in range(len(starts)):
        s, e = _fit_one(k, starts, frames[k][1], char_counts[k], profile, limit)
        if early is not None:
            e = _no_flicker(k, s, e, starts, char_counts[k], profile, early)
            if modelled and early[k]:
                s = _start_earlier(k, s, e, out, frames, char_counts, profile)
        out.append((s, e))
    warnings = [w for k in range(len(out)) for w in _limit_warnings(k, out, char_counts[k], profile)]
    return [(frames_to_ms(s, fps), frames_to_ms(e, fps)) for s, e in out], warnings


def _limit_frame(limit_end: int | None, fps: float) -> int | None:
    return math.floor(ms_to_seconds(limit_end) * fps + 1e-9) if limit_end is not None else None


def _starts(frames: Sequence[tuple[int, int]], profile: Profile) -> list[int]:
    """Start frames as enforced: they stay where they are unless two cues would collide (the
    previous cue keeps at least one frame on screen and the minimum gap)."""
    starts = [s for s, _ in frames]
    for k in range(1, len(starts)):
        starts[k] = max(starts[k], starts[k - 1] + 1 + profile.min_gap_frames)
    return starts


def _frame_limits(profile: Profile) -> tuple[int, int]:
    """(minimum, maximum) cue duration in whole frames."""
    fps = profile.fps
    return math.ceil(profile.min_duration * fps - 1e-9), math.floor(profile.max_duration * fps + 1e-9)


def _reading_frames(chars: int, profile: Profile) -> int:
    """The frames a cue of *chars* characters needs on screen: its reading at the hard maximum
    speed, and the minimum duration, within the maximum."""
    min_d, max_d = _frame_limits(profile)
    need = max(min_d, math.ceil(chars / profile.hard_max_cps * profile.fps - 1e-9)) if chars else min_d
    return min(need, max_d)


def _fit_one(k: int, starts: Sequence[int], end: int, chars: int, profile: Profile,
             limit: int | None) -> tuple[int, int]:
    """Frames (start, end) of cue *k*, starting at ``starts[k]`` and ending near *end*."""
    gap = profile.min_gap_frames
    _, max_d = _frame_limits(profile)
    last = k + 1 == len(starts)
    s = starts[k]
    e = max(end, s + 1)
    room = limit if last else starts[k + 1] - gap
    need = _reading_frames(chars, profile)
    if e - s < need:
        e = s + need
    if e - s > max_d:
        e = s + max_d
    if room is not None:
        if e > room:
            e = max(room, s + 1)
        # a small gap (3..close_gap_frames frames) to the next cue flickers: close it
        if not last and gap < starts[k + 1] - e <= profile.close_gap_frames and room - s <= max_d:
            e = room
    return s, e


def _no_flicker(k: int, s: int, e: int, starts: list[int], chars: int, profile: Profile,
                early: Sequence[bool]) -> int:
    """Cue *k*'s end (frames *s*..*e*) where the gap to the next still flickers (3..close_gap_frames:
    the end could not reach it within the maximum duration): the cue stays as long as it may and the
    next starts early enough to close the gap (``starts`` changed in place; at most close_gap_frames
    early). A next cue that may not start early (*early*) keeps its start: this one ends early
    enough to leave a gap that does not flicker, if it is still long enough to read."""
    gap = profile.min_gap_frames
    if k + 1 == len(starts) or not gap < starts[k + 1] - e <= profile.close_gap_frames:
        return e
    if early[k + 1]:
        e = max(e, min(s + _frame_limits(profile)[1], starts[k + 1] - gap))
        starts[k + 1] = min(starts[k + 1], e + gap)
        return e
    shorter = starts[k + 1] - profile.close_gap_frames - 1
    return shorter if shorter - s >= _reading_frames(chars, profile) else e


# How far a cue that may (no timestamp holds it) starts before its modelled time to be readable.
EARLY_FRAMES = 12


def _start_earlier(k: int, s: int, e: int, out: list[tuple[int, int]], frames: Sequence[tuple[int, int]],
                   chars: Sequence[int], profile: Profile) -> int:
    """Cue *k*'s start when its end cannot move (the next cue, a timestamp, holds it) and it is too
    short to read: earlier into the free time after the previous cue (``(applaudissements)`` before
    a timestamped turn), by at most :data:`EARLY_FRAMES`, keeping the minimum gap. The previous cue
    gives back what it took only to close a gap, not its speech (*frames*) nor its reading time
    (*chars*: each cue's characters)."""
    need = _reading_frames(chars[k], profile)
    if e - s >= need or k == 0:
        return s
    gap = profile.min_gap_frames
    before_s, before_e = out[k - 1]
    least = min(before_e, max(frames[k - 1][1], before_s + _reading_frames(chars[k - 1], profile)))
    start = min(s, max(e - need, least + gap, s - EARLY_FRAMES))
    out[k - 1] = (before_s, min(before_e, max(least, start - gap)))
    return start


def _limit_warnings(k: int, out: Sequence[tuple[int, int]], chars: int, profile: Profile) -> list[str]:
    """What cue *k* (frames in *out*) still breaks, each naming the cue and its start as written."""
    fps, gap = profile.fps, profile.min_gap_frames
    min_d, max_d = _frame_limits(profile)
    s, e = out[k]
    d = e - s
    problems = []
    if d < min_d:
        problems.append(f"duration {d / fps:.2f} s is under the minimum {profile.min_duration:.2f} s")
    if d > max_d:
        problems.append(f"duration {d / fps:.2f} s is over the maximum {profile.max_duration:.2f} s")
    cps = chars / (d / fps) if d > 0 else math.inf
    if cps > profile.hard_max_cps + 1e-9:
        problems.append(f"reading speed {cps:.2f} cps is over {profile.hard_max_cps:g} cps "
                        f"({chars} characters in {d / fps:.2f} s)")
    if k + 1 < len(out) and out[k + 1][0] - e < gap:
        problems.append(f"gap to the next cue is under {gap} frames")
    if not problems:
        return []
    where = f"cue {k + 1} at {format_vtt(frames_to_ms(s, fps))}"
    return [f"{where}: {problem}" for problem in problems]


# A merge that still leaves the cue too fast must at least bring it this much closer to the limit
# (need/shown of the worse part times this): two cues that are both too fast gain nothing from
# becoming one long cue that is as fast.
MERGE_GAIN = 0.9


def reading_merges(
    speech: Sequence[tuple[float, float]],
    char_counts: Sequence[int],
    profile: Profile,
    join: Callable[[int, int], int | None],
    limit_end: int | None = None,
) -> list[range]:
    """Which consecutive cues to show as one where the speech is faster than reading
    (``segment --audio``, after the neighbours' pauses have lent their time).

    *speech* and *char_counts* are as for :func:`cue_times`; ``join(a, b)`` gives the visible
    characters of cues a..b-1 laid out as one cue, or None when they do not fit the profile's lines.
    Worst first, a cue that :func:`cue_times` could not show long enough (reading speed or minimum
    duration) is merged with the neighbour that gives the slower merged cue, when that cue meets the
    limits or is clearly closer (:data:`MERGE_GAIN`) and its speech lasts at most ``max_duration``;
    a merged cue that is still too fast may merge again. Returns ranges of cue indices, in order,
    covering every cue once (singletons where nothing merged).
    """
    if len(speech) != len(char_counts):
        raise ValueError("speech and char_counts differ in length")
    fps = profile.fps
    frames = [(round(s * fps), round(e * fps)) for s, e in speech]
    fit = _MergeFit(frames, profile, _limit_frame(limit_end, fps), join)
    for a, c in enumerate(char_counts):
        fit.add(a, a + 1, c)
    while fit.queue:
        bad, a = heapq.heappop(fit.queue)
        if fit.load.get(a) == -bad:  # not merged away or changed since it was queued
            fit.merge_best(a)
    return [range(a, fit.end[a]) for a in sorted(fit.end)]


class _MergeFit:
    """Groups of consecutive cues for :func:`reading_merges`, each keyed by its first cue, with how
    :func:`cue_times` would show it; a queue of those that break a limit, worst first."""

    def __init__(self, frames: Sequence[tuple[int, int]], profile: Profile, limit: int | None,
                 join: Callable[[int, int], int | None]):
        self.frames, self.profile, self.limit, self.join = frames, profile, limit, join
        self.starts = _starts(frames, profile)
        self.min_d, self.max_d = _frame_limits(profile)
        self.end: dict[int, int] = {}  # first cue -> one past the last
        self.first: dict[int, int] = {}  # one past the last -> first cue
        self.chars: dict[int, int] = {}
        self.load: dict[int, float] = {}
        self.queue: list[tuple[float, int]] = []

    def add(self, a: int, b: int, chars: int) -> None:
        self.end[a], self.first[b], self.chars[a] = b, a, chars
        self.load[a] = self.load_of(a, b, chars)
        self.requeue(a)

    def requeue(self, a: int | None) -> None:
        if a is not None and self.load[a] > 1.0:
            heapq.heappush(self.queue, (-self.load[a], a))

    def load_of(self, a: int, b: int, chars: int) -> float:
        """Frames cues a..b-1 shown as one need on screen over the frames they would get (over 1: a
        limit is broken)."""
        starts = self.starts[a:a + 1] + self.starts[b:b + 1]  # with the next cue's, if any
        s, e = _fit_one(0, starts, self.frames[b - 1][1], chars, self.profile, self.limit)
        need = max(self.min_d, math.ceil(chars / self.profile.hard_max_cps * self.profile.fps - 1e-9))
        return min(need, self.max_d) / (e - s) if e > s else math.inf

    def merge_best(self, a: int) -> None:
        """Merge group *a* with the neighbour that gives the lighter cue, if that one fits the lines
        and the maximum duration and meets the limits or comes clearly closer."""
        best = None
        for x in (self.first.get(a), a):  # groups x and the one after it as one
            y = self.end.get(x) if x is not None else None
            if y is None or y not in self.end:
                continue
            b = self.end[y]
            if self.frames[b - 1][1] - self.starts[x] > self.max_d:
                continue  # the merged cue could not stay on screen while its words are spoken
            chars = self.join(x, b)
            if chars is None:
                continue
            load = self.load_of(x, b, chars)
            closer = load <= 1.0 or load <= MERGE_GAIN * max(self.load[x], self.load[y])
            if closer and (best is None or load < best[0]):
                best = (load, x, y, b, chars)
        if best is None:
            return
        _, x, y, b, chars = best
        for gone in (x, y):
            del self.first[self.end.pop(gone)], self.chars[gone], self.load[gone]
        self.add(x, b, chars)
        # the neighbours' merges changed: they may be tried again
        self.requeue(self.first.get(x))
        self.requeue(b if b in self.end else None)
