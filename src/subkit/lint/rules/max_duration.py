"""Rule ``max-duration``: no cue stays on screen longer than the profile allows.

Options: ``seconds`` (default: the profile's ``max_duration``, 7 s).

.. rubric:: PASS

``00:00:01,000 --> 00:00:06,000`` (5 s)

.. rubric:: FAIL

``00:00:01,000 --> 00:00:10,000`` (9 s)
"""

from subkit.cues import ms_to_seconds
from subkit.lint.problem import Problem
from subkit.lint.rules._base import FromProfile
from subkit.profiles import too_long

ID = "max-duration"
TYPE = "timing"
LEVEL = "error"
CONF = {"seconds": float}
POSITIVE = ("seconds",)  # options that must be more than 0
DEFAULT = {"seconds": FromProfile("max_duration")}
FIXER = None
CODES = ("max-duration/too-long",)


def check(conf, pairs, state):
    limit = conf["seconds"]
    out = []
    for _, cue in pairs:
        d = cue.end - cue.start
        if not too_long(d, limit):
            continue
        out.append(Problem(cue.timing_line, 1, ID, f"cue lasts {ms_to_seconds(d):g} s (max {limit:g} s)",
                           cue=cue.id, value=ms_to_seconds(d), limit=limit, code="max-duration/too-long"))
    return out

