"""Numbers spelled out in words, French and English: "vingt-trois" = 23, "quatre-vingt-dix" = 90,
"trois cents" = 300, "twenty-three" = 23, "one hundred and five" = 105.

The ``number`` review flag compares the numbers of a sentence and of its translation; a translator
writes "vingt ans" as "20 years old" as often as "twenty years old", and a model turns "quatre
enfants" into "five children". Each run of number words is *strong* (a compound, or 17 and over:
it counts like digits), *soft* (a lone small or round one, "deux", "mille", "une vingtaine": often
not translated as a number, "les deux" = "both") or *weak* (a lone word that is also an article, an
adjective or a time of day, or an approximate number: "un", "one", "neuf" (new), "midi", "une
vingtaine"; it only excuses a number).
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["spelled_numbers", "in_digits", "french_number_words", "SCALES", "DIGIT_SCALES"]

_FR_UNITS = ("zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
             "seize").split()
_EN_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
             "fifteen sixteen seventeen eighteen nineteen").split()
_VALUES = {
    "fr": {**{w: n for n, w in enumerate(_FR_UNITS)}, "une": 1, "vingt": 20, "vingts": 20, "trente": 30,
           "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100, "mille": 1000,
           "midi": 12, "minuit": 0},
    "en": {**{w: n for n, w in enumerate(_EN_UNITS)}, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
           "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
           "noon": 12, "midnight": 0},
}
# About so many: "une vingtaine" (about twenty), "des dizaines" ("dozens")
_APPROXIMATE = {"fr": {"dizaine": 10, "dizaines": 10, "douzaine": 12, "douzaines": 12, "vingtaine": 20,
                       "trentaine": 30, "centaine": 100, "centaines": 100, "millier": 1000, "milliers": 1000},
                "en": {"dozen": 12, "dozens": 12, "hundreds": 100, "thousands": 1000}}
for _lang, _words in _APPROXIMATE.items():
    _VALUES[_lang].update(_words)
# Words that multiply what is before them, after digits too ("1,5 million" = "1.5 million").
SCALES = {
    "fr": {"million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9},
    "en": {"million": 10**6, "millions": 10**6, "billion": 10**9, "billions": 10**9},
}
# After digits "thousand" and "hundred" multiply too ("25 thousand" = 25000, "3 hundred" = 300); among
# number words they add up instead ("two thousand three hundred"), so they are not in SCALES.
DIGIT_SCALES = {
    "fr": {**SCALES["fr"], "mille": 1000, "cent": 100, "cents": 100},
    "en": {**SCALES["en"], "thousand": 1000, "thousands": 1000, "hundred": 100, "hundreds": 100},
}
_AFTER_DIGITS = {lang: re.compile(rf"(?<=\d)([ \u00a0\u202f]+)(?:{'|'.join(words)})\b")
                 for lang, words in DIGIT_SCALES.items()}
# "five hundreds": the plural after a number word is the scale, not "hundreds" (about so many)
_PLURAL_SCALES = {"fr": {}, "en": {"hundreds": "hundred", "thousands": "thousand"}}
_JOINERS = {"fr": {"et"}, "en": {"and"}}
_WEAK = {"fr": {"un", "une", "neuf", "midi", "minuit", *_APPROXIMATE["fr"]},
         "en": {"one", "noon", "midnight", *_APPROXIMATE["en"]}}
_SOFT = {"fr": {"cent", "cents", "mille"}, "en": {"hundred", "thousand"}}
_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
_EN_A_SCALE = re.compile(r"\ban? (?=(?:hundred|thousand|million|billion)\b)")


def french_number_words() -> frozenset[str]:
    """The French words that spell numbers ("deux", "quinze", "trente", "mille")."""
    return frozenset(_VALUES["fr"]) - frozenset(_APPROXIMATE["fr"])


def spelled_numbers(text: str, lang: str) -> tuple[Counter[str], Counter[str], set[str]]:
    """The numbers spelled out in *text*: strong, soft and weak (see the module)."""
    values = _VALUES.get(lang)
    strong: Counter[str] = Counter()
    soft: Counter[str] = Counter()
    weak: set[str] = set()
    if values is None:
        return strong, soft, weak
    text = text.lower()
    if lang == "en":  # "a million euros", "a hundred times": one
        text = _EN_A_SCALE.sub("one ", text)
    text = _AFTER_DIGITS[lang].sub(r"\1", text)  # "25 thousand": one number, read with the digits
    words = _WORD_RE.findall(text)
    runs = _indexed_runs(words, lang)
    ratios = _ratios(runs, words) if lang == "fr" else set()
    for k, run in enumerate([word for _, word in run] for run in runs):
        value = str(_value(run, lang))
        if len(run) == 1 and run[0] in _WEAK[lang]:
            weak.add(value)
        elif len(run) > 1 or k in ratios or (values[run[0]] > 16 and run[0] not in _SOFT[lang]):
            strong[value] += 1
        else:
            soft[value] += 1
    return strong, soft, weak


def _ratios(runs: list[list[tuple[int, str]]], words: list[str]) -> set[int]:
    """The runs of a French ratio, "quatre TGV sur cinq", "trois fois sur quatre": a number, up to
    3 words, "sur", a number. Both sides count like digits: "four TGV" lost the "cinq". Not "un …
    sur deux", "une semaine sur deux": every other week."""
    out = set()
    for k, (first, second) in enumerate(zip(runs, runs[1:])):
        last, start = first[-1][0], second[0][0]
        if (0 < start - last - 1 <= 4 and words[start - 1] == "sur"
                and [word for _, word in first] not in (["un"], ["une"])):
            out |= {k, k + 1}
    return out


def _indexed_runs(words: list[str], lang: str) -> list[list[tuple[int, str]]]:
    """Runs of adjacent number words ("vingt et un", "quatre-vingt-dix"), a joiner only between two,
    each word with its index in *words*."""
    known = _VALUES[lang].keys() | SCALES[lang].keys()
    runs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    pending = False  # a joiner after a number word
    for k, word in enumerate(words):
        if word in ("cent", "cents") and k and words[k - 1] == "pour":
            word = ""  # "pour cent": per cent, not a number
        if current and word in _PLURAL_SCALES[lang]:
            word = _PLURAL_SCALES[lang][word]
        if word in _APPROXIMATE[lang]:  # "une vingtaine": about twenty, a run of its own
            runs += [current, [(k, word)]] if current else [[(k, word)]]
            current, pending = [], False
        elif word in known and (current or word not in SCALES[lang]):
            if current and _restarts(current[-1][1], word, lang):  # "three three": two numbers, not 6
                runs.append(current)
                current = []
            current.append((k, word))
            pending = False
        elif word in _JOINERS[lang] and current and not pending:
            pending = True
        else:
            if current:
                runs.append(current)
            current, pending = [], False
    if current:
        runs.append(current)
    return runs


def in_digits(text: str, lang: str) -> str:
    """*text* with its numbers spelled out written in digits ("en deux mille vingt-trois" → "en
    2023"); a weak word ("un", "one") stays a word."""
    if lang not in _VALUES:
        return text
    spans = [m.span() for m in _WORD_RE.finditer(text)]
    out, end = [], 0
    for run in _indexed_runs([text[a:b].lower() for a, b in spans], lang):
        words = [word for _, word in run]
        if len(words) == 1 and words[0] in _WEAK[lang]:
            continue
        out += [text[end:spans[run[0][0]][0]], str(_value(words, lang))]
        end = spans[run[-1][0]][1]
    return "".join(out) + text[end:]


def _restarts(previous: str, word: str, lang: str) -> bool:
    """Does *word* start another number after *previous*? Two units in a row do ("three three",
    "two two"), but French "dix-sept", "dix-huit", "dix-neuf" (ten and seven)."""
    values = _VALUES[lang]
    units = previous in values and word in values and values[previous] < 20 and values[word] < 20
    return units and not (lang == "fr" and previous == "dix")


def _value(run: list[str], lang: str) -> int:
    """The number a run of number words spells ("quatre vingt dix" = 90, "two hundred five" = 205)."""
    values, scales = _VALUES[lang], SCALES[lang]
    total, current = 0, 0
    for word in run:
        if word in scales:
            total, current = (total + max(current, 1)) * scales[word], 0
        elif values[word] == 1000:
            total, current = total + max(current, 1) * 1000, 0
        elif values[word] == 100:
            current = max(current, 1) * 100
        elif values[word] == 20 and current % 100 == 4 and lang == "fr":
            current = current - 4 + 80  # "quatre-vingt(s)": four twenties
        else:
            current += values[word]
    return total + current
