"""Rule ``language``: every cue is in the file's language (catches untranslated lines).

Only cues of at least ``min-chars`` visible characters are judged: langdetect cannot tell the
language of "OK." or a name. A cheap function-word vote (the supported languages' line-break
data: articles, prepositions, pronouns...) settles most cues; a cue with no function word of any
supported language is skipped; langdetect (about 2-8 ms a call) decides the mixed cases and
every cue of a file whose language is not a supported one. The words of a WebVTT ``<lang fr>``
span declare their language and are left out. The expected language is ``expected``
when set, else the profile's language when ``--profile`` was given, else the language detected
for the whole file.

langdetect is asked at most ``max-detect`` times per file (the later undecided cues are not
judged), so that a long file in a language without function-word data stays fast.

Options: ``min-chars`` (default ``40``), ``expected`` (default ``""``: see above),
``max-detect`` (default ``500``).

.. rubric:: PASS

In a French file: ``Je ne sais pas ce que tu veux dire par là.``

.. rubric:: FAIL

In a French file: ``I don't know what you mean by that, really.``
"""

from subkit.profiles import without_language_spans
from subkit.lint.problem import Problem
from subkit.language import SUPPORTED
from subkit.lint.langvote import BUDGET_KEY, COMMON_KEY, common_words, cue_language

ID = "language"
TYPE = "cue"
LEVEL = "warning"
CONF = {"min-chars": int, "expected": str, "max-detect": int}
DEFAULT = {"min-chars": 40, "expected": "", "max-detect": 500}
FIXER = None
CODES = ("language/unexpected-language",)


def check(conf, cues, state):
    min_chars = conf["min-chars"]
    expected = conf["expected"] or state.lang
    cache = state.cache.get(ID)
    if cache is None:
        cache = state.cache[ID] = {BUDGET_KEY: conf["max-detect"]}
    out = []
    if not expected:
        return out
    if expected not in SUPPORTED and COMMON_KEY not in cache:
        # The file's everyday words, from its first cues: its own, whatever French or English shares.
        cache[COMMON_KEY] = common_words([c.text for c in cues])
    for cue in cues:
        if cue.chars < min_chars:
            continue
        # <lang fr> words are French on purpose
        got = cue_language(cue.shown(without_language_spans(cue.text)), expected, min_chars, cache)
        if got is None:
            continue
        out.append(Problem(cue.text_line, 1, ID, f"cue looks like {got!r}, not {expected!r}: untranslated?",
                           cue=cue.id, value=got, limit=expected, code="language/unexpected-language"))
    return out

