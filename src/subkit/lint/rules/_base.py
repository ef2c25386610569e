"""What every rule module shares: profile-derived defaults and the per-file state."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from subkit.profiles import TAG_PATTERN, Profile
from subkit.text import BLANK_RUN, ENTITY_PATTERN, one_blank, strip_edge_spaces

__all__ = ["FromProfile", "State", "REWRITE", "SPACES", "REWRAP", "RETIME", "FIXERS", "settled", "held_back",
           "tag_column", "shown_column", "clean_spaces"]

# A shown unit of a line as written, after any tags before it: a character, or a WebVTT character
# reference (``&amp;``), which shows one character.
_SHOWN = re.compile(f"(?:{TAG_PATTERN})*({ENTITY_PATTERN}|.)", re.DOTALL)
_CHAR = re.compile(f"(?:{TAG_PATTERN})*(.)", re.DOTALL)
_TAG_SPLIT = re.compile(f"({TAG_PATTERN})")
_CLOSING = re.compile(r"<\s*/")
_OPENING = re.compile(r"<\s*[^\W\d_]")


# What ``subkit lint --fix`` (subkit.lint.fix) does for a rule, as its module's ``FIXER`` says
# (None: nothing, fix it by hand). The first three run on every file --fix rewrites; ``retime``
# runs when a rule that names it reports a problem.
REWRITE = "rewrite"  # renumber, sort by start, canonical timestamps, LF, no BOM, UTF-8
SPACES = "spaces"  # strip spaces at line ends, collapse double spaces
REWRAP = "rewrap"  # re-wrap lines that are too long or too many (subkit.breaking), when it fits
RETIME = "retime"  # subkit.timing.enforce_profile: extend, trim overlaps, keep gaps, snap to frames
FIXERS = (REWRITE, SPACES, REWRAP, RETIME)


@dataclass(frozen=True)
class FromProfile:
    """A default option value read from the style profile (``FromProfile("max_cps")``)."""

    attr: str

    def resolve(self, profile: Profile):
        return getattr(profile, self.attr)


@dataclass
class State:
    """What rules may know besides the current cue.

    ``prev`` is the previous cue in file order; ``prev_timed`` the previous cue whose timing could
    be read (and is not negative). ``lang`` is the file's expected language and ``lang_rules`` its
    line-break data. ``cache`` is free for rules to keep per-file data in. ``fix_profile`` holds
    the limits ``--fix`` retimes to (:func:`subkit.lint.config.fix_profile`; None: *profile*'s).
    """

    profile: Profile
    lang: str
    lang_rules: object
    fix_profile: Profile | None = None
    prev: object = None
    prev_timed: object = None
    cache: dict = field(default_factory=dict)


def settled(cue, pairs: list, state: State) -> bool:
    """Whether ``--fix`` settles the overlap or short gap before scanned *cue* (one of *pairs*, the
    batch of (previous, cue) the timing rules get): only then is it fixable."""
    return _settling(pairs, state).get(id(cue), True)  # on frames no collision: snapping repairs it


def held_back(cue, pairs: list, state: State) -> bool:
    """Whether *cue* (one of *pairs*) is the later cue of a pair ``--fix`` leaves alone: its end
    does not move later (a gap after it is not closed)."""
    return ("held", id(cue)) in _settling(pairs, state)


def _settling(pairs: list, state: State) -> dict:
    cached = state.cache.get("settled")
    if cached is None or cached[0] is not pairs:  # once a batch, for the overlap and min-gap rules
        cached = state.cache["settled"] = (pairs, _settlements(pairs, state))
    return cached[1]


def _settlements(pairs: list, state: State) -> dict:
    """{id(cue): settled?} for the cues of *pairs* that collide with the previous one, and
    {("held", id(cue)): True} for the later cues of pairs left alone, judged as
    :func:`subkit.timing.enforce_profile` retimes (at the limits ``--fix`` works to), pile-ups
    included (the start of the cue after each, the pair before; at the end of a batch the next
    cue is not known yet, and is taken as far)."""
    from subkit.cues import ms_to_frames
    from subkit.timing import settlement

    profile = state.fix_profile or state.profile
    held = state.cache.get("held-cue")  # the later cue of the last pair left alone
    fps, gap = profile.fps, profile.min_gap_frames
    clear_ms = (gap + 1) * 1000 / fps + 1  # further apart than this: apart on any frames
    out = {}
    for k, (prev, cue) in enumerate(pairs):
        # apart by the minimum gap on their nearest frames: no collision (settlement's None), at no cost
        if prev is None or cue.start - prev.end > clear_ms or max(
                ms_to_frames(prev.end, fps), ms_to_frames(prev.start, fps) + 1) + gap <= ms_to_frames(cue.start, fps):
            continue
        following = pairs[k + 1][1].start if k + 1 < len(pairs) else None
        verdict = settlement((prev.start, prev.end), prev.chars, (cue.start, cue.end), cue.chars, profile,
                             following, prev is held)
        if verdict is not None:
            out[id(cue)] = verdict
            if verdict is False:
                held = out["held", id(cue)] = cue
    state.cache["held-cue"] = held
    return out


def tag_column(line: str, index: int, references: bool = False) -> int:
    """The column (1-based, in *line* as written) of character *index* (0-based) of *line* without
    its tags (:func:`subkit.profiles.strip_tags`) and, with *references* (WebVTT), with its character
    references read as one character; past the end, the column after the last one."""
    for n, m in enumerate((_SHOWN if references else _CHAR).finditer(line)):
        if n == index:
            return m.start(1) + 1
    return len(line) + 1


def shown_column(line: str, limit: int, width: Callable[[str], int], references: bool = False) -> int:
    """The column (1-based, in *line* as written) of the first unit that takes *width* (the
    characters shown of a piece of the line) over *limit*; tags, invisible characters and marks
    take none, and with *references* (WebVTT) a character reference (``&amp;``) is one unit."""
    for n, m in enumerate((_SHOWN if references else _CHAR).finditer(line)):
        # A unit shows one character at most: the first *limit* units cannot go over it.
        if n >= limit and width(line[:m.end()]) > limit:
            return m.start(1) + 1
    return limit + 1


def clean_spaces(line: str, edges: bool = True, runs: bool = True) -> str:
    """*line* as the ``spaces`` fixer writes it: no spaces at its ends (*edges*), and each run of
    blanks (:data:`subkit.text.BLANK_RUN`) the viewer sees, across tags too (``<i>Bonjour </i> à``),
    made :func:`subkit.text.one_blank` (*runs*); the inside of a tag is left as written
    (``face="Arial  Black"``). A repair whose rule is off for the file is not made."""
    parts = _TAG_SPLIT.split(strip_edge_spaces(line) if edges else line)
    shown = "".join(parts[::2])
    if not runs or not BLANK_RUN.search(shown):
        return "".join(parts)
    where = [(n, i) for n in range(0, len(parts), 2) for i in range(len(parts[n]))]
    chars = [list(p) for p in parts]
    for m in BLANK_RUN.finditer(shown):
        slots = where[m.start():m.end()]
        for n, i in slots:
            chars[n][i] = ""
        n, i = min(slots, key=lambda s: _enclosing(parts, slots[0][0], s[0], slots[-1][0]))
        chars[n][i] = one_blank(m.group())
    return "".join("".join(c) for c in chars)


def _enclosing(parts: list[str], first: int, at: int, last: int) -> int:
    """How many of the tags among *parts* first..last a blank in part *at* would sit inside: the
    blank kept of a run goes outside its tags (``<i>Bonjour</i> à``, ``Bonjour <i>à</i>``)."""
    return (sum(1 for k in range(first + 1, at, 2) if _OPENING.match(parts[k]))
            + sum(1 for k in range(at + 1, last, 2) if _CLOSING.match(parts[k])))
