"""Translated cues → cues that keep the limits: retimed, rebalanced inside a sentence, merged or split.

A translation does not keep its source's lengths, so after the words go back on the source's cues
some cues hold more than their time or their two lines allow. The remedies, in order: use the free
time around each cue (timing.enforce_profile), move the boundary between two cues of one sentence,
merge a cue with a neighbour of the same sentence when the merged cue fits, and as a last resort
split a cue whose words do not fit its lines into two cues sharing its time.
"""

from __future__ import annotations

import math

from subkit.breaking import wrap_lines
from subkit.cues import Cue, frames_to_ms, ms_to_frames, ms_to_seconds, seconds_to_ms
from subkit.profiles import Profile, count_chars, too_long, too_short
from subkit.tags import merge_contents, read_words, split_contents
from subkit.timing import enforce_profile
from subkit.translate.redistribute import split_translation

__all__ = ["limit_problem", "limit_problems", "refit", "retime"]


def refit(subs: list[Cue], links: list[set[int]], profile: Profile, lang: str
          ) -> tuple[list[Cue], list[set[int]], int, int]:
    """(cues, the sentences each carries, cues merged, cues split): *subs* fitted to *profile*."""

    def wrap(text: str) -> list[str]:
        return wrap_lines(text, lang, profile)

    subs = retime(subs, profile)
    subs = rebalance(subs, links, profile)
    subs, links, merged = merge_overfull(subs, links, profile, wrap)
    subs, links, split = split_overfull(subs, links, profile, lang, wrap)
    # the two halves of a split cue share its time: move their boundary too
    subs = rebalance(retime(subs, profile), links, profile) if split else subs
    return retime(subs, profile), links, merged, split


def retime(subs: list[Cue], profile: Profile) -> list[Cue]:
    """*subs* with the times timing.enforce_profile gives them (free time used, gaps kept)."""
    spans = [(s.start, s.end) for s in subs]
    counts = [count_chars(s.text) for s in subs]
    new, _ = enforce_profile(spans, counts, profile)
    return [s.with_times(a, b) for s, (a, b) in zip(subs, new)]


def limit_problem(sub: Cue, profile: Profile) -> str | None:
    """The first limit of *profile* the cue breaks (:func:`limit_problems`), or None."""
    return next(iter(limit_problems(sub, profile)), None)


def limit_problems(sub: Cue, profile: Profile) -> list[str]:
    """Every limit of *profile* the cue breaks: lines, line length, reading speed, duration."""
    found = (layout_problem(sub, profile), speed_problem(sub, profile), duration_problem(sub, profile))
    return [problem for problem in found if problem]


def duration_problem(sub: Cue, profile: Profile) -> str | None:
    """The profile's minimum or maximum duration broken, as lint's min-duration and max-duration see it."""
    seconds = ms_to_seconds(sub.duration)
    if too_short(sub.duration, profile.min_duration):
        return f"lasts {seconds:g} s (min {profile.min_duration:.3g} s)"
    if too_long(sub.duration, profile.max_duration):
        return f"lasts {seconds:g} s (max {profile.max_duration:g} s)"
    return None


def layout_problem(sub: Cue, profile: Profile) -> str | None:
    lines = sub.text.split("\n")
    if len(lines) > profile.max_lines:
        return f"{len(lines)} lines (max {profile.max_lines})"
    longest = max(count_chars(line) for line in lines)
    if longest > profile.max_chars_per_line:
        return f"line of {longest} characters (max {profile.max_chars_per_line})"
    return None


def speed_problem(sub: Cue, profile: Profile) -> str | None:
    seconds = ms_to_seconds(sub.duration)
    cps = count_chars(sub.text) / seconds if seconds > 0 else float("inf")
    if cps > profile.hard_max_cps + 1e-9:
        return f"{cps:.1f} characters per second (max {profile.hard_max_cps:g})"
    return None


def rebalance(subs: list[Cue], links: list[set[int]], profile: Profile) -> list[Cue]:
    """Move the boundary between two cues of the same sentence so that both can be read.

    A translation does not keep the source's word order or lengths, so inside a sentence the
    time is shared by what each cue now holds; cue starts at sentence edges stay, and the second
    cue's end moves only into the free time before the next cue, when the two need it.
    """
    subs = list(subs)
    limit = profile.hard_max_cps
    gap = profile.min_gap
    for i in range(len(subs) - 1):
        a, b = subs[i], subs[i + 1]
        if not links[i] & links[i + 1]:
            continue
        # time cures reading speed only: a cue whose words overflow its lines is split later
        if not (speed_problem(a, profile) or speed_problem(b, profile)):
            continue
        start, end = ms_to_seconds(a.start), ms_to_seconds(b.end)
        need_a = max(count_chars(a.text) / limit, profile.min_duration)
        need_b = max(count_chars(b.text) / limit, profile.min_duration)
        end = _end_with_room(subs, i + 1, start + need_a + gap + need_b, profile)
        lo, hi = start + need_a, end - gap - need_b
        lo = max(lo, end - gap - profile.max_duration)
        hi = min(hi, start + profile.max_duration)
        # The feasible boundary closest to the current one, on a frame inside [lo, hi] (a boundary
        # rounded to the nearest frame could cut the first cue a frame short of its reading time).
        frame = 1.0 / profile.fps
        lo_f, hi_f = math.ceil(lo / frame - 1e-6), math.floor(hi / frame + 1e-6)
        if lo_f > hi_f:
            continue
        t = min(max(round(ms_to_seconds(a.end) / frame), lo_f), hi_f)
        subs[i] = a.with_times(a.start, frames_to_ms(t, profile.fps))
        subs[i + 1] = b.with_times(frames_to_ms(t + profile.min_gap_frames, profile.fps),
                                   max(b.end, seconds_to_ms(end)))
    return subs


def _end_with_room(subs: list[Cue], k: int, needed: float, profile: Profile) -> float:
    """The end (seconds, on a frame) cue *k* may take for two cues that need until *needed*: its
    own, or later into the free time before the next cue (keeping the minimum gap)."""
    end = ms_to_seconds(subs[k].end)
    if needed <= end or k + 1 >= len(subs):
        return end
    frame = 1.0 / profile.fps
    room = ms_to_seconds(subs[k + 1].start) - profile.min_gap
    wanted = (math.ceil(needed / frame - 1e-6) + 1) * frame
    return max(end, min(wanted, math.floor(room / frame + 1e-6) * frame))


def merge_overfull(subs: list[Cue], links: list[set[int]], profile: Profile,
                   wrap) -> tuple[list[Cue], list[set[int]], int]:
    """Merge a cue that breaks a limit with a neighbour carrying the same sentence, when the
    merged cue fits; the links are merged alike."""
    merged = 0
    i = 0
    subs, links = list(subs), list(links)
    while i < len(subs):
        if not limit_problem(subs[i], profile) or not links[i]:
            i += 1
            continue
        done = False
        for j in (i + 1, i - 1):
            if not 0 <= j < len(subs) or not links[i] & links[j]:
                continue
            a, b = sorted((i, j))
            if ms_to_seconds(subs[b].end - subs[a].start) > profile.max_duration:
                continue
            content = merge_contents(subs[a].text, subs[b].text, wrap)
            candidate = Cue.from_text(subs[a].start, subs[b].end, content)
            if limit_problem(candidate, profile):
                continue
            subs[a:b + 1] = [candidate]
            links[a:b + 1] = [links[a] | links[b]]
            merged += 1
            i = a
            done = True
            break
        if not done:
            i += 1
    return subs, links, merged


def split_in_two(sub: Cue, profile: Profile, lang: str, wrap) -> list[Cue]:
    """*sub* as two cues, its words cut at the best break for two cues of the profile's size and its
    time shared in proportion to their characters; [*sub*] when either would be shorter than the
    minimum duration."""
    words = [w.text for w in read_words(sub.text)[1]]  # visible words: tags are not cut points
    if len(words) < 2:
        return [sub]
    room = profile.max_lines * profile.max_chars_per_line
    first_text, _ = split_translation(" ".join(words), [1, 1], [room, room], lang)
    at = len(first_text.split())
    first, second = split_contents(sub.text, at, wrap)
    gap = profile.min_gap
    span = ms_to_seconds(sub.duration) - gap
    share = count_chars(first) / max(1, count_chars(first) + count_chars(second))
    if min(share, 1 - share) * span < profile.min_duration:
        return [sub]
    cut = ms_to_frames(sub.start + seconds_to_ms(share * span), profile.fps)  # on a frame, as rebalance
    return [Cue.from_text(sub.start, frames_to_ms(cut, profile.fps), first),
            Cue.from_text(frames_to_ms(cut + profile.min_gap_frames, profile.fps), sub.end, second)]


def split_overfull(subs: list[Cue], links: list[set[int]], profile: Profile, lang: str,
                   wrap) -> tuple[list[Cue], list[set[int]], int]:
    """Split every cue whose words do not fit its lines (a long translation that no neighbour could
    take) into two, again while a half still overflows and time allows; the links are copied."""
    out: list[Cue] = []
    out_links: list[set[int]] = []
    split = 0
    todo = list(zip(subs, links))[::-1]  # a stack: the next cue last
    while todo:
        sub, link = todo.pop()
        parts = split_in_two(sub, profile, lang, wrap) if layout_problem(sub, profile) else [sub]
        if len(parts) == 1:
            out.append(sub)
            out_links.append(link)
            continue
        split += 1
        todo.extend((p, set(link)) for p in reversed(parts))
    return out, out_links, split
