"""Rule ``line-length``: no line longer than the profile's characters per line.

Characters are counted the Netflix way: every visible character, spaces and punctuation
included; formatting tags (``<i>``, ``{\\an8}``) and spaces at the end of a line (``typography``
reports those) are not counted, and a WebVTT character reference (``&amp;``) counts as the one
character it shows. ``--fix`` re-wraps the cue with the segmenter's line breaker
when its text fits the profile's lines.

Options: ``max`` (default: the profile's ``max_chars_per_line``, 42 for Netflix).

.. rubric:: PASS

``I'm telling you, this is the right way.`` (39 characters)

.. rubric:: FAIL

``I'm telling you, this is the right way to go home.`` (50 characters)
"""

import re

from subkit.lint.problem import Problem
from subkit.lint.rules._base import REWRAP, FromProfile
from subkit.profiles import TAG_PATTERN

_SHOWN = re.compile(f"(?:{TAG_PATTERN})*(.)", re.DOTALL)  # a shown character, after any tags before it

ID = "line-length"
TYPE = "cue"
LEVEL = "error"
CONF = {"max": int}
POSITIVE = ("max",)  # options that must be more than 0
DEFAULT = {"max": FromProfile("max_chars_per_line")}
FIXER = REWRAP
CODES = ("line-length/too-long",)


def check(conf, cues, state):
    limit = conf["max"]
    out = []
    for cue in cues:
        if cue.chars <= limit:
            continue
        for k, line in enumerate(cue.lines):
            n = len(line)
            if n <= limit:
                continue
            if line[-1] in " \t":  # a trailing space is not shown: typography reports it, not this rule
                n = len(line.rstrip(" \t"))
                if n <= limit:
                    continue
            if "<" in line or "{" in line or "&" in line:
                n = len(cue.visible(line).rstrip(" \t"))
                if n <= limit:
                    continue
            out.append(Problem(cue.text_line + k, _column(line, limit), ID,
                               f"line has {n} characters (max {limit})", cue=cue.id,
                               value=n, limit=limit, code="line-length/too-long"))
    return out



def _column(line: str, limit: int) -> int:
    """The column (1-based, in *line* as written) of its first shown character over *limit*."""
    for n, m in enumerate(_SHOWN.finditer(line)):
        if n == limit:
            return m.start(1) + 1
    return limit + 1
