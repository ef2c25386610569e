"""Rule ``line-break``: no line (or cue) ends with a word that belongs with the next one.

Uses the same language data and break costs as the segmenter (``subkit.language``,
``subkit.breaking``): articles, determiners, prepositions, subject pronouns, auxiliaries, elisions
(``l'``, ``d'``) and titles ("Dr.", "M.") must not end a line, nor may a line part a number, a date or
a place from what reads with it ("March | 15", "July 4, | 1976", "Washington, | D.C."). Any other word
followed by punctuation closes its phrase and may end a line.

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

from subkit.breaking import unit_break
from subkit.language import SUPPORTED
from subkit.lint.problem import Problem
from subkit.lint.rules._base import tag_column

# A line whose last character is one of these ends on punctuation: it may end there ("." and ","
# too, unless the word is a title, "Dr.", or a date goes on, "July 4,").
_CLOSERS = ";:!?…»”)]—–\""

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
    out = []
    for n, cue in enumerate(cues):
        lines = cue.lines
        last = len(lines) - 1
        for k, line in enumerate(lines):
            if line[-1:] in _CLOSERS:
                continue  # punctuation closes the phrase ('' too: an empty line)
            if line[-1:] == "." and not _ends_on_title(cache, state, line):
                continue  # a sentence's end, not a title's full stop ("Dr. | Smith"): most lines, read fast
            word, col, before = _last_word(cue, line)
            if not word:
                continue
            if _weak_end(cache, state, before, word, lambda: _next_word(cues, n, k)):
                where = "line" if k < last else "cue"
                out.append(Problem(cue.text_line + k, col, ID,
                                   f"{where} ends with {word!r}, which belongs with the next words",
                                   cue=cue.id, value=word, code="line-break/weak-line-end"))
    return out


def _weak_end(cache: dict, state, before: str, word: str, following) -> bool:
    """Whether a line ending on *word* (after *before*, before the word *following()* gives) parts
    what reads as one. The next word is read only where it can matter: a word with a full stop ends
    no number, date or place unit (a title with one is in the word data: "Dr.")."""
    verdict = _never_ends(cache, state, word)
    if verdict or word.endswith("."):
        return verdict
    after = following()
    return bool(after) and unit_break(before or None, word, after, state.lang)


def _ends_on_title(cache: dict, state, line: str) -> bool:
    """Whether *line* (ending in a full stop) may end on a word no line ends with ("Dr.", "M."): its
    last word as written (a tag or a reference before it changes nothing for this test)."""
    return _never_ends(cache, state, line.rsplit(None, 1)[-1].rsplit(">", 1)[-1])


def _never_ends(cache: dict, state, word: str) -> bool:
    """Whether no line ends on *word* (the language's word data), cached per word for the file."""
    verdict = cache.get(word)
    if verdict is None:
        if len(cache) > 50_000:
            cache.clear()  # bounded memory
        verdict = cache[word] = state.lang_rules.must_not_end_line(word)
    return verdict


def _next_word(cues, n: int, k: int) -> str:
    """The first word after line *k* of cue *n*: on its next line, else the next cue's first line."""
    lines = cues[n].lines
    if k + 1 < len(lines):
        return _first_word(cues[n], lines[k + 1])
    return _first_word(cues[n + 1], cues[n + 1].lines[0]) if n + 1 < len(cues) and cues[n + 1].lines else ""


def _first_word(cue, raw: str) -> str:
    """The first word of line *raw* of *cue* as shown ("" for none)."""
    words = cue.shown(raw).split(None, 1)
    return words[0] if words else ""


def _last_word(cue, raw: str) -> tuple[str, int, str]:
    """The last word of line *raw* of *cue* as shown ("" for none), its column in *raw* as written,
    and the word before it ("" for none)."""
    shown = cue.shown(raw)
    tagged = shown != raw
    line = shown.rstrip()
    if not line:
        return "", 0, ""
    word = line[line.rfind(" ") + 1:]
    if "\t" in word or "\u00a0" in word:
        word = word.split()[-1]
    col = len(line) - len(word) + 1
    before = line[:col - 1].split()
    return word, tag_column(raw, col - 1, cue.REFERENCES) if tagged else col, before[-1] if before else ""
