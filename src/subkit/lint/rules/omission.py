"""Rule ``omission``: the translation is far shorter than its source (words probably dropped).

Runs with ``lint --source`` only (a translation pair): the ``omission`` review flag of
``subkit translate --qa``: the English under 0.65 of the French in characters, for sources of 25
characters or more (human references fall under that for 1-3 % of FLORES sentences).

.. rubric:: PASS

``Les Russes ont avancé à la fin de l'année.`` translated ``The Russians advanced at the end of the year.``

.. rubric:: FAIL

``Les Russes ont avancé à la fin de l'année.`` translated ``The Russians.``
"""

from subkit.lint.rules._pair import flag_problems

ID = "omission"
TYPE = "pair"
LEVEL = "warning"
CONF: dict = {}
DEFAULT: dict = {}
FIXER = None
CODES = ("omission/too-short",)


def check(conf, pairs, state):
    return flag_problems(ID, CODES[0], pairs)
