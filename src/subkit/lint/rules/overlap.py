"""Rule ``overlap``: a cue must not start before the previous one ends.

``--fix`` ends the previous cue earlier (keeping the minimum gap) while it keeps its minimum
duration and reading speed, else starts this cue later if it can spare the time; a pair it cannot
settle so (the same start, a cue inside the other) is left to fix by hand, and not marked fixable.

No options.

.. rubric:: PASS

::

    1
    00:00:01,000 --> 00:00:02,000
    First.

    2
    00:00:02,500 --> 00:00:04,000
    Second.

.. rubric:: FAIL

::

    1
    00:00:01,000 --> 00:00:03,000
    First.

    2
    00:00:02,500 --> 00:00:04,000
    Second.
"""

from subkit.lint.problem import Problem
from subkit.lint.rules._base import RETIME, settled

ID = "overlap"
TYPE = "timing"
LEVEL = "error"
CONF: dict = {}
DEFAULT: dict = {}
FIXER = RETIME
CODES = ("overlap/overlap",)


def check(conf, pairs, state):
    out = []
    for prev, cue in pairs:
        if prev is None or cue.start >= prev.end or cue.start < prev.start:
            continue  # out-of-order cues are the `order` rule's business
        ms = prev.end - cue.start
        out.append(Problem(cue.timing_line, 1, ID,
                           f"cue starts {ms} ms before the previous cue ends", cue=cue.id,
                           value=ms, limit=0, fixable=settled(cue, pairs, state), code="overlap/overlap"))
    return out

