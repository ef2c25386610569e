"""Rule ``numbering``: cue indexes run 1, 2, 3 … n in file order.

Reports the first index of each run that breaks the sequence (a gap, a repeat, a missing
index), once per break. ``--fix`` renumbers.

Options: ``start`` (first index, default ``1``).

.. rubric:: PASS

::

    1
    00:00:01,000 --> 00:00:02,000
    One.

    2
    00:00:03,000 --> 00:00:04,000
    Two.

.. rubric:: FAIL

::

    1
    00:00:01,000 --> 00:00:02,000
    One.

    3
    00:00:03,000 --> 00:00:04,000
    Two.
"""

from subkit.lint.problem import Problem
from subkit.lint.rules._base import REWRITE

ID = "numbering"
TYPE = "cue"
LEVEL = "warning"
CONF = {"start": int}
DEFAULT = {"start": 1}
FIXER = REWRITE
CODES = ("numbering/missing-index", "numbering/out-of-sequence")


def _position(state, conf) -> int:
    """The index the cue being checked has by its place in the file."""
    return conf["start"] + state.cache[ID] - 1


def check(conf, cues, state):
    out = []
    prev = state.prev
    for cue in cues:
        state.cache[ID] = state.cache.get(ID, 0) + 1  # cues seen, this one included
        if prev is None:
            expected = conf["start"]
        elif prev.index is None:
            expected = None  # the missing index was reported: do not cascade
        else:
            expected = prev.index + 1
        prev = cue
        if expected is None or cue.index == expected or cue.index == _position(state, conf):
            continue  # in sequence, or back in place after a wrong index ("5, 2, 3": only 5 is wrong)
        if cue.index is None:
            out.append(Problem(cue.line, 1, ID, f"cue has no index (expected {expected})",
                               cue=cue.id, limit=expected, fixable=True, code="numbering/missing-index"))
        else:
            out.append(Problem(cue.line, 1, ID, f"index {cue.index}, expected {expected}",
                               cue=cue.id, value=cue.index, limit=expected, fixable=True,
                               code="numbering/out-of-sequence"))
    return out

