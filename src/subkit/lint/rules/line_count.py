"""Rule ``line-count``: no cue with more lines than the profile allows.

``--fix`` re-wraps the cue with the segmenter's line breaker when its text fits.

Options: ``max`` (default: the profile's ``max_lines``, 2).

.. rubric:: PASS

::

    1
    00:00:01,000 --> 00:00:03,000
    Two lines
    are fine.

.. rubric:: FAIL

::

    1
    00:00:01,000 --> 00:00:03,000
    Three
    lines
    are too many.
"""

from subkit.lint.problem import Problem
from subkit.lint.rules._base import REWRAP, FromProfile

ID = "line-count"
TYPE = "cue"
LEVEL = "error"
CONF = {"max": int}
POSITIVE = ("max",)  # options that must be more than 0
DEFAULT = {"max": FromProfile("max_lines")}
FIXER = REWRAP
CODES = ("line-count/too-many-lines",)


def check(conf, cues, state):
    limit = conf["max"]
    out = []
    for cue in cues:
        n = len(cue.lines)
        if n <= limit:
            continue
        out.append(Problem(cue.text_line + limit, 1, ID, f"cue has {n} lines (max {limit})",
                           cue=cue.id, value=n, limit=limit, code="line-count/too-many-lines"))
    return out

