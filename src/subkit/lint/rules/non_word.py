"""Rule ``non-word``: a translated word in no English word list and not copied from the source.

Runs with ``lint --source`` only (a translation pair): the ``non-word`` review flag of
``subkit translate --qa`` (garbled or invented words: "Russianavan", "accedated", "coor"). The word
lists are subkit's corpus list and the English frequency list of the ``pyspellchecker`` package (the
``translate`` extra; see :mod:`subkit.translate.words`); without that package the rule is skipped,
with a note, since the corpus list alone would flag many real words.

.. rubric:: PASS

``Les Russes ont avancé.`` translated ``The Russians advanced.``

.. rubric:: FAIL

``Les Russes ont avancé.`` translated ``The Russianavan advanced.``
"""

from subkit.lint.rules._pair import flag_problems

ID = "non-word"
TYPE = "pair"
LEVEL = "warning"
CONF: dict = {}
DEFAULT: dict = {}
FIXER = None
CODES = ("non-word/unknown-word",)


def check(conf, pairs, state):
    return flag_problems(ID, CODES[0], pairs)
