"""Rule ``min-duration``: every cue stays on screen long enough to be read.

``--fix`` extends a short cue into the free time after it.

Options: ``seconds`` (default: the profile's ``min_duration``, 5/6 s = 20 frames at 24 fps).

.. rubric:: PASS

``00:00:01,000 --> 00:00:02,000`` (1 s)

.. rubric:: FAIL

``00:00:01,000 --> 00:00:01,500`` (0.5 s)
"""

from subkit.cues import ms_to_seconds
from subkit.lint.problem import Problem
from subkit.lint.rules._base import RETIME, FromProfile
from subkit.profiles import too_short

ID = "min-duration"
TYPE = "timing"
LEVEL = "error"
CONF = {"seconds": float}
DEFAULT = {"seconds": FromProfile("min_duration")}
FIXER = RETIME
CODES = ("min-duration/too-short",)


def check(conf, pairs, state):
    limit = conf["seconds"]
    out = []
    for _, cue in pairs:
        d = cue.end - cue.start
        if not too_short(d, limit):
            continue
        out.append(Problem(cue.timing_line, 1, ID, f"cue lasts {ms_to_seconds(d):g} s (min {limit:.3g} s)",
                           cue=cue.id, value=ms_to_seconds(d), limit=round(limit, 3),
                           code="min-duration/too-short"))
    return out

