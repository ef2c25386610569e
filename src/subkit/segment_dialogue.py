"""Two-speaker subtitle cues in segment: a line per turn after a dialogue dash, kept one cue where
both turns are whole and each fits a line."""

from __future__ import annotations

from typing import Protocol, Sequence

from subkit.breaking import CueSpan
from subkit.profiles import Profile, count_chars

__all__ = ["dialogue", "dialogue_lines", "dialogue_units", "keep_dialogues"]


class Words(Protocol):
    """What these functions read of segment's words: the tokens, and where a speaker's turn ends."""

    tokens: list[str]
    turn_end: list[bool]


def dialogue(words: Words, first: int, last: int, changes: list[int], lang: str,
              profile: Profile) -> tuple[str, str] | None:
    """Tokens first..last-1, which one change of speaker cuts in two, as a two-speaker cue: a line
    each after a dialogue dash. None unless both are whole turns and each fits a line."""
    whole = (first == 0 or words.turn_end[first - 1]) and (last == len(words.tokens) or words.turn_end[last - 1])
    if len(changes) != 1 or not whole:
        return None
    return dialogue_lines(words.tokens, first, changes[0], last, lang, profile)


def dialogue_lines(tokens: Sequence[str], first: int, cut: int, last: int, lang: str,
                    profile: Profile) -> tuple[str, str] | None:
    """Tokens first..cut-1 and cut..last-1 as a line each after a dialogue dash, or None where one
    does not fit a line."""
    from subkit.language import dialogue_dash

    lines = tuple(dialogue_dash(lang) + " ".join(tokens[x:y]) for x, y in ((first, cut), (cut, last)))
    if any(count_chars(line) > profile.max_chars_per_line for line in lines):
        return None
    return lines


def dialogue_units(words: Words, cues: Sequence[tuple[int, int]], lang: str,
                    profile: Profile) -> list[tuple[int, int, int]]:
    """Of *cues* (the tokens of subtitle cues a dialogue dash opened), those of two whole turns that
    each fit a dashed line, as (first, cut, last): the cue's end is made a turn's end, so that the
    breaker gives its turns no other words and :func:`keep_dialogues` puts them together again.
    (The turns of one that does not fit become cues of their own, the last going on, as in a
    transcript, into the words after it.)"""
    out = []
    for first, last in cues:
        changes = [k + 1 for k in range(first, last - 1) if words.turn_end[k]]
        starts = first == 0 or words.turn_end[first - 1]
        if starts and len(changes) == 1 and dialogue_lines(words.tokens, first, changes[0], last, lang, profile):
            words.turn_end[last - 1] = True
            out.append((first, changes[0], last))
    return out


def keep_dialogues(spans: list[CueSpan], words: Words, dialogues: Sequence[tuple[int, int, int]], lang: str,
                    profile: Profile) -> list[CueSpan]:
    """*spans* with each of *dialogues* (:func:`dialogue_units`) one cue again, a dashed line per
    turn, where the breaker gave each turn a cue."""
    wanted = {(first, cut): last for first, cut, last in dialogues}
    out: list[CueSpan] = []
    for span in spans:
        prev = out[-1] if out else None
        if prev is not None and wanted.get((prev.start, prev.end)) == span.end:
            out[-1] = CueSpan(prev.start, span.end,
                              dialogue_lines(words.tokens, prev.start, prev.end, span.end, lang, profile))
            continue
        out.append(span)
    return out
