"""Rule ``line-length``: no line longer than the profile's characters per line.

Characters are counted the Netflix way (:func:`subkit.profiles.count_chars`): every character a
viewer sees, spaces and punctuation included; invisible format characters (RLM, ZWSP...), combining
marks (Indic vowel signs too) and emoji modifiers are not, a flag counts one, and decomposed letters
count as composed ones; formatting tags (``<i>``, ``{\\an8}``) and spaces at the end of a line
(``typography`` reports those) are not counted, and a WebVTT character reference (``&amp;``) counts as
the one character it shows.
``--fix`` re-wraps the cue with the segmenter's line breaker
when its text fits the profile's lines.

Options: ``max`` (default: the profile's ``max_chars_per_line``, 42 for Netflix).

.. rubric:: PASS

``I'm telling you, this is the right way.`` (39 characters)

.. rubric:: FAIL

``I'm telling you, this is the right way to go home.`` (50 characters)
"""

from subkit.lint.problem import Problem
from subkit.lint.rules._base import REWRAP, FromProfile, shown_column
from subkit.profiles import shown_length

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
            if len(line) <= limit:  # never fewer code points than shown characters (a fast test)
                continue
            n = _width(cue, line)
            if n <= limit:
                continue
            out.append(Problem(cue.text_line + k, shown_column(line, limit, lambda x: shown_length(cue.visible(x)),
                                                                cue.REFERENCES), ID,
                               f"line has {n} characters (max {limit})", cue=cue.id,
                               value=n, limit=limit, code="line-length/too-long"))
    return out


def _width(cue, line: str) -> int:
    """The characters shown of *line*, without the spaces at its end (typography reports those)."""
    return shown_length(cue.visible(line).rstrip(" \t"))
