"""Rule ``negation``: the source says no and the translation has no negation at all.

Runs with ``lint --source`` only (a translation pair): the ``negation`` review flag of
``subkit translate --qa``: French "ne … pas/plus/jamais/rien/personne/aucun", spoken "pas", and no
"not", "n't", "no", "never", "nothing", "without", "un-" word... in the English (human references
of FLORES dev: 4 of the 108 negated sentences, 0.4 % of all, say it another way).

.. rubric:: PASS

``Ce n'est pas grave.`` translated ``It doesn't matter.``

.. rubric:: FAIL

``Ce n'est pas grave.`` translated ``It's serious.``
"""

from subkit.lint.rules._pair import flag_problems

ID = "negation"
TYPE = "pair"
LEVEL = "warning"
CONF: dict = {}
DEFAULT: dict = {}
FIXER = None
CODES = ("negation/lost",)


def check(conf, pairs, state):
    return flag_problems(ID, CODES[0], pairs)
