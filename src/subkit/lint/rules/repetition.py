"""Rule ``repetition``: a word or phrase the translation repeats and its source does not.

Runs with ``lint --source`` only (a translation pair): the ``repetition`` review flag of
``subkit translate --qa``: a word or a phrase of up to 3 words said twice in a row, unless the
source repeats itself too ("Non, non" → "No, no" passes).

.. rubric:: PASS

``Le plan entier.`` translated ``The entire plan.``

.. rubric:: FAIL

``Le plan entier.`` translated ``The entire entire plan.``
"""

from subkit.lint.rules._pair import flag_problems

ID = "repetition"
TYPE = "pair"
LEVEL = "warning"
CONF: dict = {}
DEFAULT: dict = {}
FIXER = None
CODES = ("repetition/repeated-words",)


def check(conf, pairs, state):
    return flag_problems(ID, CODES[0], pairs)
