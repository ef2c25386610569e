"""Rule ``untranslated``: source-language words left in the translation.

Runs with ``lint --source`` only (a translation pair): the ``untranslated`` review flag of
``subkit translate --qa``: a common French word (lowercase in the French word list) that English
does not know ("Parce the front", "without épine").

.. rubric:: PASS

``Parce que le front recule.`` translated ``Because the front is retreating.``

.. rubric:: FAIL

``Parce que le front recule.`` translated ``Parce the front is retreating.``
"""

from subkit.lint.rules._pair import flag_problems

ID = "untranslated"
TYPE = "pair"
LEVEL = "warning"
CONF: dict = {}
DEFAULT: dict = {}
FIXER = None
CODES = ("untranslated/source-word",)


def check(conf, pairs, state):
    return flag_problems(ID, CODES[0], pairs)
