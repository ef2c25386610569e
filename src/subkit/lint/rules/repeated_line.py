"""Rule ``repeated-line``: a cue of two lines does not begin with the line the cue before it ended with.

That is the shape of rolling captions (YouTube's automatic captions, CEA-608 roll-up), where every
line shows twice, or in a subtitler's file a line pasted twice; ``subkit segment FILE`` lays
rolling captions out as subtitles. A one-line cue saying again what the last one said ("Non !"
twice) is not reported. Tags and the spaces at either end do not count; blank lines are skipped.

No options.

.. rubric:: PASS

::

    1
    00:00:01,000 --> 00:00:03,000
    Hello everyone

    2
    00:00:03,000 --> 00:00:05,000
    and welcome
    to the show.

.. rubric:: FAIL

::

    1
    00:00:01,000 --> 00:00:03,000
    Hello everyone

    2
    00:00:03,000 --> 00:00:05,000
    Hello everyone
    and welcome
"""

from subkit.lint.problem import Problem

ID = "repeated-line"
TYPE = "cue"
LEVEL = "warning"
CONF: dict = {}
DEFAULT: dict = {}
FIXER = None
CODES = ("repeated-line/previous-last-line",)


def _shown(cue, lines) -> list[str]:
    """*cue*'s *lines* as shown (``cue.shown``), without edge spaces and empty lines."""
    return [k for k in (cue.shown(x).strip() for x in lines) if k]


def _differ(first: str, last: str) -> bool:
    """A quick answer for the plain lines most cues have: True when they surely differ."""
    plain = not any(c in first or c in last for c in "<{&")
    return plain and bool(first.strip()) and bool(last.strip()) and first.strip() != last.strip()


def check(conf, cues, state):
    out = []
    prev = state.prev
    before = prev.lines if prev is not None else ()
    for cue in cues:
        lines = cue.lines
        if len(lines) >= 2 and before and not _differ(lines[0], before[-1]):
            shown, last = _shown(cue, lines), _shown(prev, before)
            if len(shown) >= 2 and last and shown[0] == last[-1]:
                out.append(Problem(cue.text_line or cue.line, 1, ID,
                                   "first line repeats the previous cue's last line (rolling captions: "
                                   "'subkit segment' lays them out)", cue=cue.id, code=CODES[0]))
        prev, before = cue, lines
    return out
