"""Rule ``offensive``: a swear word or slur in a translation whose source has none.

Runs with ``lint --source`` only (a translation pair): the ``offensive`` review flag of
``subkit translate --qa``: a word of the target language's list (``[offensive]`` in
``subkit/language/data/<lang>.toml``), whole or part of a hyphenated word, when the source holds
none of its own language's list. A small model may write one for an ordinary word.

.. rubric:: PASS

``Putain, ils avancent.`` translated ``Fuck, they are advancing.``

.. rubric:: FAIL

``le travail de sape russe`` translated ``the Russian-fuck work``
"""

from subkit.lint.rules._pair import flag_problems

ID = "offensive"
TYPE = "pair"
LEVEL = "warning"
CONF: dict = {}
DEFAULT: dict = {}
FIXER = None
CODES = ("offensive/offensive-word",)


def check(conf, pairs, state):
    return flag_problems(ID, CODES[0], pairs)
