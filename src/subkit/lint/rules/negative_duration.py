"""Rule ``negative-duration``: a cue ends after it starts.

End before start (or equal to it: a cue never shown) is an error. Not fixed automatically:
which of the two times is wrong cannot be known.

No options.

.. rubric:: PASS

``00:00:01,000 --> 00:00:02,000``

.. rubric:: FAIL

``00:00:02,000 --> 00:00:01,000``
"""

from subkit.cues import ms_to_seconds
from subkit.lint.problem import Problem
from subkit.lint.rules._base import RETIME

ID = "negative-duration"
TYPE = "timing"
LEVEL = "error"
CONF: dict = {}
DEFAULT: dict = {}
FIXER = RETIME
CODES = ("negative-duration/negative", "negative-duration/zero")


def check(conf, pairs, state):
    out = []
    for _, cue in pairs:
        d = cue.end - cue.start
        if d > 0:
            continue
        what, code = ("ends before it starts", "negative") if d < 0 else ("has zero duration", "zero")
        out.append(Problem(cue.timing_line, 1, ID, f"cue {what} ({d} ms)", cue=cue.id,
                           value=ms_to_seconds(d), limit=0, code=f"{ID}/{code}"))
    return out

