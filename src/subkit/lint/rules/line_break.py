"""Rule ``line-break``: no line (or cue) ends with a word that belongs with the next one.

Uses the same language data as the segmenter (``subkit.language``): articles, determiners,
prepositions, subject pronouns, auxiliaries, elisions (``l'``, ``d'``) must not end a line.
A word followed by punctuation closes its phrase and may end a line.

No options (the language is the file's; languages without line-break data are not checked).

.. rubric:: PASS

::

    Il est parti
    avec son frère.

.. rubric:: FAIL

::

    Il est parti avec
    son frère.
"""

from subkit.language import SUPPORTED
from subkit.lint.problem import Problem
from subkit.lint.rules._base import tag_column

# A line whose last character is one of these ends on punctuation: it may end there.
_CLOSERS = ",;:!?.…»”)]—–\""

ID = "line-break"
TYPE = "cue"
LEVEL = "warning"
CONF: dict = {}
DEFAULT: dict = {}
FIXER = None
CODES = ("line-break/weak-line-end",)


def check(conf, cues, state):
    if state.lang not in SUPPORTED:
        return None  # no line-break data for this language
    cache = state.cache.setdefault(ID, {})
    bad = state.lang_rules.must_not_end_line
    out = []
    for cue in cues:
        lines = cue.lines
        last = len(lines) - 1
        for k, line in enumerate(lines):
            if line[-1:] in _CLOSERS:
                continue  # punctuation closes the phrase ('' too: an empty line)
            word, col = _last_word(cue, line)
            if not word:
                continue
            verdict = cache.get(word)
            if verdict is None:
                if len(cache) > 50_000:
                    cache.clear()  # bounded memory
                verdict = cache[word] = bad(word)
            if verdict:
                where = "line" if k < last else "cue"
                out.append(Problem(cue.text_line + k, col, ID,
                                   f"{where} ends with {word!r}, which belongs with the next words",
                                   cue=cue.id, value=word, code="line-break/weak-line-end"))
    return out



def _last_word(cue, raw: str) -> tuple[str, int]:
    """The last word of line *raw* of *cue* as shown ("" for none) and its column in *raw* as written."""
    shown = cue.shown(raw)
    tagged = shown != raw
    line = shown.rstrip()
    if not line:
        return "", 0
    word = line[line.rfind(" ") + 1:]
    if "\t" in word or "\u00a0" in word:
        word = word.split()[-1]
    col = len(line) - len(word) + 1
    return word, tag_column(raw, col - 1, cue.REFERENCES) if tagged else col
