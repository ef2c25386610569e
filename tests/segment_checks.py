"""Shared checks for the segment tests: hard limits of a profile and word preservation."""

from __future__ import annotations

import re

import srt

from subkit.language import rules
from subkit.profiles import Profile, count_chars

EPS = 1e-6


def words(text: str) -> list[str]:
    """Words as a reader sees them: spacing around French punctuation does not count, and a line
    break is a space (a « may end a paragraph of the transcript and a line of a cue)."""
    text = text.replace("\n", " ")
    text = re.sub(r"[ \u00a0\u202f]*([?!:;»])", r"\1", text)
    return re.sub(r"(«)[ \u00a0\u202f]*", r"\1", text).split()


def limit_problems(subs: list[srt.Subtitle], profile: Profile) -> list[str]:
    """Every breach of a hard limit of *profile* (empty when the file is clean)."""
    problems = []
    prev_end = None
    for k, sub in enumerate(subs, 1):
        start, end = sub.start.total_seconds(), sub.end.total_seconds()
        duration = end - start
        lines = sub.content.split("\n")
        chars = count_chars(sub.content)
        if len(lines) > profile.max_lines:
            problems.append(f"cue {k}: {len(lines)} lines")
        for line in lines:
            if count_chars(line) > profile.max_chars_per_line:
                problems.append(f"cue {k}: line of {count_chars(line)} chars")
        if duration <= 0 or chars / duration > profile.hard_max_cps + EPS:
            problems.append(f"cue {k}: {chars / max(duration, EPS):.2f} cps")
        if duration < profile.min_duration - EPS:
            problems.append(f"cue {k}: duration {duration:.3f} s < min")
        if duration > profile.max_duration + EPS:
            problems.append(f"cue {k}: duration {duration:.3f} s > max")
        if prev_end is not None:
            if start < prev_end - EPS:
                problems.append(f"cue {k}: overlaps the previous cue")
            elif start - prev_end < profile.min_gap - EPS:
                problems.append(f"cue {k}: gap {start - prev_end:.3f} s < min gap")
        prev_end = end
    return problems


def forbidden_ends(subs: list[srt.Subtitle], lang: str) -> list[str]:
    """Lines (and so cues) ending on a word that must not end a line."""
    r = rules(lang)
    bad = []
    for k, sub in enumerate(subs, 1):
        for line in sub.content.split("\n"):
            toks = line.split(" ")
            if toks and r.must_not_end_line(toks[-1]):
                bad.append(f"cue {k}: line ends on {toks[-1]!r}: {line!r}")
    return bad

