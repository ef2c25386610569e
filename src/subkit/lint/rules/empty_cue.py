"""Rule ``empty-cue``: every cue shows some text.

A cue with no text line, or only formatting tags and spaces, is reported.

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

from subkit.profiles import strip_tags
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
        if cue.chars and (t[0] not in " \t<{" or (strip_tags(t) if ("<" in t or "{" in t) else t).strip()):
            continue
        out.append(Problem(cue.timing_line or cue.line, 1, ID, "cue has no text", cue=cue.id,
                           code="empty-cue/no-text"))
    return out

