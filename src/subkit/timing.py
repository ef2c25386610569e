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

import math
import re
from typing import Sequence

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
    "settlement",
    "cue_times",
    "early_frames",
    "frame_limits",
    "reading_frames",
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
    overlaps: bool = True,
    hold: bool = True,
) -> tuple[list[Span], list[str]]:
    """Shared retiming used by segment, translate and `lint --fix`: given cue (start, end) in
    milliseconds (sorted) and their visible character counts, return new spans where each cue is
    extended into the available gap (to reach min_duration and keep cps <= profile.hard_max_cps
    where possible, never past max_duration), overlaps are trimmed, a min gap of
    profile.min_gap_frames frames is kept, gaps of 3..profile.close_gap_frames frames are closed to
    the min gap, times snapped to frames of profile.fps; plus a list of human-readable warnings for
    cues that still break a limit. Idempotent. *limit_end* (ms) caps the last cue's end.

    Starts are kept (snapped). Two cues that overlap, or leave less than the minimum gap, are
    settled by :func:`_settle`: the earlier ends sooner, or the later starts later, only as far as
    each keeps its minimum duration and reading speed; a pair that cannot be settled so (the same
    start, a cue inside the other) is left as written, for a human; without *hold* (times that are
    no one's choice, as sync's from the speech) the later starts a frame and the minimum gap after
    the earlier at least, and the earlier ends before it: no overlap is written. Cues that touch (a gap of 0)
    stay so where the profile allows chaining (``allow_chained``); without *overlaps*, cues that
    overlap stay so (lint's overlap rule is off). Warnings name the cue (1-based) and its time.
    """
    frames = _frames(spans, profile)
    plan = _plan(frames, char_counts, profile, overlaps, hold)
    return _fit_frames(frames, char_counts, profile, limit_end, plan=plan)


def _frames(spans: Sequence[Span], profile: Profile) -> list[tuple[int, int]]:
    """Each span on the nearest frames, but for two cues that collide so (neither the same start nor
    one inside the other) the earlier's end on the frame at or before it and the later's start on
    the one at or after it: snapping makes no gap shorter, nor an overlap longer, than written
    (2.010 s after a cue ending at 2.000 s was put on 2.000 s: a gap of 0, worse where the pair is
    left as written). Settled or not, such a pair is judged on these frames."""
    fps, gap = profile.fps, profile.min_gap_frames
    frames = [(ms_to_frames(s, fps), ms_to_frames(e, fps)) for s, e in spans]
    for k in range(len(frames) - 1):
        (s, e), (later_s, later_e) = spans[k], spans[k + 1]
        touch = profile.allow_chained and frames[k][1] == frames[k + 1][0]
        if frames[k][1] + gap > frames[k + 1][0] and not touch and s < later_s and e < later_e:
            down, up = ms_to_frames(e, fps), ms_to_frames(later_s, fps)
            down -= frames_to_ms(down, fps) > e
            up += frames_to_ms(up, fps) < later_s
            frames[k], frames[k + 1] = (frames[k][0], down), (up, frames[k + 1][1])
    return frames


class _Plan:
    """How :func:`enforce_profile` settles consecutive cues: their ``starts``, the ``gaps`` each
    keeps before the next (0 in a chain), which are ``held`` (an end left for a human) and which
    may not ``grow`` (the later cue of a held pair: a longer one could make the pair settle, and
    fixing twice would not give the same file)."""

    def __init__(self, starts: list[int], gaps: list[int], held: list[bool], grow: list[bool] | None = None):
        self.starts, self.gaps, self.held = starts, gaps, held
        self.grow = grow or [True] * len(starts)


def _plan(frames: Sequence[tuple[int, int]], char_counts: Sequence[int], profile: Profile,
          overlaps: bool = True, hold: bool = True) -> _Plan:
    n = len(frames)
    starts = [s for s, _ in frames]
    gaps = [profile.min_gap_frames] * n
    held = [False] * n
    grow = [True] * n
    for k in range(n - 1):
        pair = (starts[k], frames[k][1]), (starts[k + 1], frames[k + 1][1])
        needs = reading_frames(char_counts[k], profile), reading_frames(char_counts[k + 1], profile)
        after_held = held[k - 1] if k else False
        verdict = _verdict(pair, needs, profile, starts[k + 2] if k + 2 < n else None, after_held, overlaps)
        if verdict is CHAINED:
            gaps[k] = 0  # a chain the profile allows: it stays
        elif verdict is HELD and not hold:  # set apart: the earlier ends before the later (_fit_one)
            starts[k + 1] = max(starts[k + 1], starts[k] + 1 + profile.min_gap_frames)
        elif verdict is HELD:
            held[k], grow[k + 1] = True, False
        elif verdict is not None:
            starts[k + 1] = verdict + profile.min_gap_frames
    return _Plan(starts, gaps, held, grow)


CHAINED, HELD = "chained", "held"  # verdicts of _verdict besides an end frame and None


def _verdict(pair: tuple[tuple[int, int], tuple[int, int]], needs: tuple[int, int], profile: Profile,
             following: int | None, after_held: bool, overlaps: bool = True) -> int | str | None:
    """What :func:`enforce_profile` does with two consecutive cues (frames): None when they do not
    collide, CHAINED when they touch and the profile allows it, else the frame where the earlier
    ends (:func:`_settle`), or HELD: left as written, for a human. A pile-up is held as a whole:
    a collision right after a held one (*after_held*), or one whose settling would start the later
    cue at or past the *following* cue's start (the order would change)."""
    (s, e), (later_s, later_e) = pair
    e, later_e = max(e, s + 1), max(later_e, later_s + 1)  # a cue lasts a frame at least
    gap = profile.min_gap_frames
    if profile.allow_chained and e == later_s:
        return CHAINED
    if e + gap <= later_s:
        return None
    if after_held or (e > later_s and not overlaps):
        return HELD
    # the later cue may grow into the free time after it (the last one: as far as it needs)
    reach = later_s + needs[1] + gap if following is None else following - gap
    bound = _settle((s, e), (later_s, later_e), needs, gap, reach)
    if bound is None or (following is not None and bound + gap > later_s and bound + gap >= following):
        return HELD
    return bound


def _settle(cue: tuple[int, int], after: tuple[int, int], needs: tuple[int, int], gap: int,
            reach: int = 0) -> int | None:
    """The frame where *cue* ends for *after* (frames; it may end as late as *reach*, growing into
    the free time after it) to start *gap* frames later, when they collide; None when no end lets both keep the
    frames they need (*needs*, or what they have if less: neither gets shorter than it is then). The
    later cue's start moves only when the earlier cannot end in time; the same start, or a cue inside
    the other, is never settled (it is meant so, or a mistake a human must judge)."""
    (s, e), (later_s, later_e) = cue, after
    if later_s <= s or later_e <= e:
        return None
    lowest = s + min(needs[0], e - s)
    far = max(later_e, reach)
    highest = far - gap - min(needs[1], far - later_s)
    bound = max(lowest, later_s - gap)
    return bound if bound <= highest else None


def settlement(cue: tuple[int, int], chars: int, after: tuple[int, int], after_chars: int, profile: Profile,
               following: int | None = None, after_held: bool = False) -> bool | None:
    """What :func:`enforce_profile` does with two consecutive cues (ms; *following*: the next
    cue's start, *after_held*: the pair before was left alone): None when they do not collide, True
    when it settles their overlap or short gap, False when it leaves it for a human (lint marks
    the problem fixable only where True)."""
    fps = profile.fps
    needs = reading_frames(chars, profile), reading_frames(after_chars, profile)
    first, second = _frames([cue, after], profile)
    verdict = _verdict((first, second), needs, profile, None if following is None else ms_to_frames(following, fps),
                       after_held)
    return None if verdict in (None, CHAINED) else verdict is not HELD


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
    plan: _Plan | None = None,
) -> tuple[list[Span], list[str]]:
    """The rules of :func:`enforce_profile` on (start, end) frames; result in milliseconds. With
    *early* (per cue: it may start early), no gap is left that flickers (:func:`_no_flicker`).
    Without a *plan* (:func:`_plan`), a start too close to the previous one is pushed later and
    the earlier cue is trimmed to the next start (the speech model's cues)."""
    if len(frames) != len(char_counts):
        raise ValueError("spans and char_counts differ in length")
    fps = profile.fps
    limit = _limit_frame(limit_end, fps)
    if plan is None:
        n = len(frames)
        plan = _Plan(_starts(frames, profile), [profile.min_gap_frames] * n, [False] * n)
    starts = plan.starts
    out: list[tuple[int, int]] = []
    for k in range(len(starts)):
        if plan.held[k]:  # an overlap left for a human: this end as written
            out.append((starts[k], max(frames[k][1], starts[k] + 1)))
            continue
        s, e = _fit_one(k, starts, frames[k][1], char_counts[k], profile, limit, plan.gaps[k], plan.grow[k])
        if early is not None:
            e = _no_flicker(k, s, e, starts, char_counts[k], profile, early)
            if modelled and early[k] and k + 1 < len(early) and not early[k + 1]:  # the next start is held
                s = _start_earlier(k, s, e, out, frames, char_counts, profile)
        out.append((s, e))
    warnings = [w for k in range(len(out)) for w in _limit_warnings(k, out, char_counts[k], profile, plan.gaps[k])]
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


def frame_limits(profile: Profile) -> tuple[int, int]:
    """(minimum, maximum) cue duration in whole frames."""
    fps = profile.fps
    return math.ceil(profile.min_duration * fps - 1e-9), math.floor(profile.max_duration * fps + 1e-9)


def reading_frames(chars: int, profile: Profile) -> int:
    """The frames a cue of *chars* characters needs on screen: its reading at the hard maximum
    speed, and the minimum duration, within the maximum."""
    min_d, max_d = frame_limits(profile)
    need = max(min_d, math.ceil(chars / profile.hard_max_cps * profile.fps - 1e-9)) if chars else min_d
    return min(need, max_d)


def _fit_one(k: int, starts: Sequence[int], end: int, chars: int, profile: Profile,
             limit: int | None, gap: int | None = None, grow: bool = True) -> tuple[int, int]:
    """Frames (start, end) of cue *k*, starting at ``starts[k]`` and ending near *end*, *gap*
    frames (default: the minimum gap) before the next; not later than *end* unless it may *grow*."""
    gap = profile.min_gap_frames if gap is None else gap
    _, max_d = frame_limits(profile)
    last = k + 1 == len(starts)
    s = starts[k]
    e = max(end, s + 1)
    room = limit if last else starts[k + 1] - gap
    need = reading_frames(chars, profile)
    if e - s < need and grow:
        e = s + need
    if e - s > max_d:
        e = s + max_d
    if room is not None:
        if e > room:
            e = max(room, s + 1)
        # a small gap (3..close_gap_frames frames) to the next cue flickers: close it
        if grow and not last and gap < starts[k + 1] - e <= profile.close_gap_frames and room - s <= max_d:
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
        e = max(e, min(s + frame_limits(profile)[1], starts[k + 1] - gap))
        starts[k + 1] = min(starts[k + 1], e + gap)
        return e
    shorter = starts[k + 1] - profile.close_gap_frames - 1
    return shorter if shorter - s >= reading_frames(chars, profile) else e


# How far before its modelled time a cue held short by a timestamp after it may start to be read
# (half a second: what a sound cue such as "(applaudissements)" before a timestamped turn lacks),
# in seconds so that it means the same at every frame rate.
EARLY_SECONDS = 0.48


def early_frames(fps: float) -> int:
    """:data:`EARLY_SECONDS` in whole frames at *fps*."""
    return round(EARLY_SECONDS * fps)


def _start_earlier(k: int, s: int, e: int, out: list[tuple[int, int]], frames: Sequence[tuple[int, int]],
                   chars: Sequence[int], profile: Profile) -> int:
    """Cue *k*'s start when its end cannot move (the next cue, a timestamp, holds it) and it is too
    short to read: earlier into the free time after the previous cue (``(applaudissements)`` before
    a timestamped turn), by at most :data:`EARLY_SECONDS`, keeping the minimum gap. The previous cue
    gives back what it took only to close a gap, not its speech (*frames*) nor its reading time
    (*chars*: each cue's characters)."""
    need = reading_frames(chars[k], profile)
    if e - s >= need or k == 0:
        return s
    gap = profile.min_gap_frames
    before_s, before_e = out[k - 1]
    least = min(before_e, max(frames[k - 1][1], before_s + reading_frames(chars[k - 1], profile)))
    start = min(s, max(e - need, least + gap, s - early_frames(profile.fps)))
    out[k - 1] = (before_s, min(before_e, max(least, start - gap)))
    return start


def _limit_warnings(k: int, out: Sequence[tuple[int, int]], chars: int, profile: Profile,
                    gap: int | None = None) -> list[str]:
    """What cue *k* (frames in *out*) still breaks, each naming the cue and its start as written
    (*gap*: the frames it must leave before the next; default: the minimum gap)."""
    fps, gap = profile.fps, profile.min_gap_frames if gap is None else gap
    min_d, max_d = frame_limits(profile)
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
    if k + 1 < len(out) and out[k + 1][0] < e:
        problems.append(f"overlaps the next cue by {(e - out[k + 1][0]) / fps:.2f} s")
    elif k + 1 < len(out) and out[k + 1][0] - e < gap:
        problems.append(f"gap to the next cue is under {gap} frames")
    if not problems:
        return []
    where = f"cue {k + 1} at {format_vtt(frames_to_ms(s, fps))}"
    return [f"{where}: {problem}" for problem in problems]
