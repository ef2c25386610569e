"""Rule ``unmatched``: a cue of the translation renders no source cue, or a source cue has no translation.

Runs with ``lint --source`` only (a translation pair). Cues are matched by start time, within half a
second either way (:data:`subkit.translate.qa.PAIRING_TOLERANCE_MS`; a cue merged for reading time
covers the source cues it spans). A translated cue no source cue starts near (a credit the
translator added) is ``unmatched/no-source`` at its line; a source cue no translated cue covers (a
line left out) is ``unmatched/no-translation``, at the line of the translated cue before it. When
half the cues of either file have no partner, the files are not a source and its translation:
``lint`` refuses the pair (exit 2).

.. rubric:: PASS

``00:00:01,000 Bonjour.`` translated ``00:00:01,041 Hello.`` (one frame late)

.. rubric:: FAIL

``00:00:01,000 Bonjour.`` with nothing translated from 00:00:00,500 to 00:00:01,500
"""

from subkit.lint.problem import Problem

ID = "unmatched"
TYPE = "pair"
LEVEL = "warning"
CONF: dict = {}
DEFAULT: dict = {}
FIXER = None
CODES = ("unmatched/no-source", "unmatched/no-translation")


def check(conf, pairs, state):
    out = []
    for pair in pairs:
        if pair.unmatched:
            code, message = pair.unmatched
            p = Problem(pair.line, 1, ID, message, cue=pair.cue, code=code)
            p.context = pair.text
            out.append(p)
    return out
