"""Rule ``empty-cue``: every cue shows some text.

A cue with no visible text is reported: no text line, or only formatting tags, spaces (no-break
ones and ``&nbsp;`` included) and invisible characters (RLM, ZWSP...).

No options.

.. rubric:: PASS

::

    1
    00:00:01,000 --> 00:00:02,000
    Hello.

.. rubric:: FAIL

::

    1
    00:00:01,000 --> 00:00:02,000
    <i> </i>
"""

from subkit.profiles import shown_length
from subkit.lint.problem import Problem

ID = "empty-cue"
TYPE = "cue"
LEVEL = "warning"
CONF: dict = {}
DEFAULT: dict = {}
FIXER = None
CODES = ("empty-cue/no-text",)


def check(conf, cues, state):
    out = []
    for cue in cues:
        t = cue.text
        if cue.chars and ((t[0] not in " \t<{&" and t.isascii()) or _seen(cue)):
            continue
        out.append(Problem(cue.timing_line or cue.line, 1, ID, "cue has no visible text", cue=cue.id,
                           code="empty-cue/no-text"))
    return out


def _seen(cue) -> bool:
    """Whether *cue* shows a character other than a space (as :func:`subkit.profiles.count_chars` sees them)."""
    return shown_length("".join(cue.visible(cue.text).split())) > 0
