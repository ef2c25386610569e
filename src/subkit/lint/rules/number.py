"""Rule ``number``: a number differs between the source and its translation.

Runs with ``lint --source`` only (a translation pair): the ``number`` review flag of
``subkit translate --qa``: a number of the source missing from the translation or one added
("1 250 000" = "1,250,000", "2,5" = "2.5", "11 h 00" = "11:00" and "deux" = "2" all match).

.. rubric:: PASS

``à la fin 2022`` translated ``at the end of 2022``

.. rubric:: FAIL

``à la fin 2022`` translated ``at the end of 202``
"""

from subkit.lint.rules._pair import flag_problems

ID = "number"
TYPE = "pair"
LEVEL = "warning"
CONF: dict = {}
DEFAULT: dict = {}
FIXER = None
CODES = ("number/mismatch",)


def check(conf, pairs, state):
    return flag_problems(ID, CODES[0], pairs)
