"""Rule ``reading-speed``: characters per second stay under the profile's limit.

cps = characters (Netflix count) / displayed duration in seconds. ``--fix`` extends a fast cue
into the free time after it (never into the next cue's minimum gap).

Options: ``max-cps`` (default: the profile's hard limit; 17 for ``netflix-fr``, 20 for
``netflix-en``, 12 + 20 % for ``arcom-fr``).

.. rubric:: PASS

``00:00:01,000 --> 00:00:03,000`` showing ``Hello, how are you?`` (19 characters, 9.5 cps)

.. rubric:: FAIL

``00:00:01,000 --> 00:00:02,000`` showing ``Hello, how are you doing today?`` (31 cps)
"""

from subkit.cues import ms_to_seconds
from subkit.lint.problem import Problem
from subkit.lint.rules._base import RETIME, FromProfile

ID = "reading-speed"
TYPE = "timing"
LEVEL = "error"
CONF = {"max-cps": float}
POSITIVE = ("max-cps",)  # options that must be more than 0
DEFAULT = {"max-cps": FromProfile("hard_max_cps")}
FIXER = RETIME
CODES = ("reading-speed/too-fast",)


def check(conf, pairs, state):
    limit = conf["max-cps"] + 1e-9
    out = []
    for _, cue in pairs:
        chars = cue.chars
        d = cue.end - cue.start
        if d <= 0 or chars * 1000 <= limit * d:
            continue
        cps = chars * 1000 / d
        out.append(Problem(cue.timing_line, 1, ID,
                           f"reading speed {cps:.1f} cps (max {conf['max-cps']:g}): {chars} "
                           f"characters in {ms_to_seconds(d):g} s", cue=cue.id, value=round(cps, 2),
                           limit=conf["max-cps"], code="reading-speed/too-fast"))
    return out

