"""Rule ``order``: cues appear in time order (each starts no earlier than the previous one).

``--fix`` sorts the cues by start time (keeping file order for equal starts) and renumbers.

No options.

.. rubric:: PASS

::

    1
    00:00:01,000 --> 00:00:02,000
    First.

    2
    00:00:03,000 --> 00:00:04,000
    Second.

.. rubric:: FAIL

::

    1
    00:00:03,000 --> 00:00:04,000
    Second.

    2
    00:00:01,000 --> 00:00:02,000
    First.
"""

from subkit.cues import format_srt
from subkit.lint.problem import Problem
from subkit.lint.rules._base import RETIME

ID = "order"
TYPE = "timing"
LEVEL = "error"
CONF: dict = {}
DEFAULT: dict = {}
FIXER = RETIME  # the rewrite sorts the cues; retiming then trims the overlaps that leaves
CODES = ("order/out-of-order",)


def check(conf, pairs, state):
    out = []
    # the previous start of any timed cue: a pair's previous cue skips one that runs backwards
    # (negative-duration), which still comes before in time order
    last = state.cache.get(ID)
    for _, cue in pairs:
        if last is not None and cue.start < last:
            out.append(Problem(cue.timing_line, 1, ID,
                               f"cue starts at {format_srt(cue.start)}, before the previous cue "
                               f"({format_srt(last)})", cue=cue.id, fixable=True, code="order/out-of-order"))
        last = cue.start
    state.cache[ID] = last
    return out

