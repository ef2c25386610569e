"""Numbers in digits as a reader says them, for the speech-rate model (:func:`subkit.timing.syllables`).

``2019`` is "deux mille dix-neuf" in French and "twenty nineteen" in English, ``80 000`` "quatre-vingt
mille", ``3,5`` "trois virgule cinq", ``5 %`` "cinq pour cent": the words are written out, and the
model counts their syllables as it counts any word's, so a number takes as long in digits as
written out. Groups of thousands may be split by a space (one number over several tokens:
:func:`group_scales`), a no-break or thin space, ``.`` in French or ``,`` in English; the other
mark is the decimal one. A run of digits with a leading zero (``007``, ``06``) is read digit by digit.
"""

from __future__ import annotations

import re
from typing import Sequence

__all__ = ["spell_numbers", "group_scales"]

_UNITS = {
    "fr": ("zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
           "dix-sept dix-huit dix-neuf").split(),
    # "nine-" hyphenated: the syllable counter hears the silent "e" of "nine" only at a word's end
    "en": ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
           "sixteen seventeen eighteen nine-teen").split(),
}
_TENS = {
    "fr": [""] * 2 + "vingt trente quarante cinquante soixante soixante quatre-vingt quatre-vingt".split(),
    "en": [""] * 2 + "twenty thirty forty fifty sixty seventy eighty nine-ty".split(),
}
_HUNDRED = {"fr": "cent", "en": "hundred"}
_SCALES = {"fr": ("", "mille", "million", "milliard"), "en": ("", "thousand", "million", "billion")}
_DECIMAL_WORD = {"fr": "virgule", "en": "point"}
_GROUP_MARK = {"fr": ".\u00a0\u202f\u2009", "en": ",\u00a0\u202f\u2009"}
_SYMBOLS = {"fr": {"%": "pour cent", "€": "euros", "$": "dollars", "£": "livres", "°": "degrés"},
            "en": {"%": "percent", "€": "euros", "$": "dollars", "£": "pounds", "°": "degrees"}}
# a number: digit runs joined by group or decimal marks ("80 000" in one token, "3,5", "1,234.5")
NUMBER_RE = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009]\d+)*")
_MARK_RE = re.compile(r"([.,\u00a0\u202f\u2009])")
_LEAD_RE = re.compile(r"\d{1,3}")  # a number's first group when the others follow as tokens
_GROUP_RE = re.compile(r"\d{3}(?!\d)")  # a group of thousands at the start of a token


def _below_100(n: int, lang: str) -> str:
    units = _UNITS[lang]
    if n < 20:
        return units[n]
    tens, unit = divmod(n, 10)
    if lang == "fr" and tens in (7, 9):  # soixante-dix, quatre-vingt-onze
        unit += 10
    if unit == 0:
        return _TENS[lang][tens]
    joiner = " et " if lang == "fr" and unit in (1, 11) and tens < 8 else "-"
    return _TENS[lang][tens] + joiner + units[unit]


def _below_1000(n: int, lang: str) -> str:
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        one = lang == "fr" and hundreds == 1  # "cent", not "un cent"
        words.append(_HUNDRED[lang] if one else f"{_UNITS[lang][hundreds]} {_HUNDRED[lang]}")
    if rest or not hundreds:
        words.append(_below_100(rest, lang))
    return " ".join(words)


def _integer(n: int, lang: str) -> str:
    """*n* in words; 0 is "zéro"; from a thousand billions on, digit by digit (no one says them)."""
    if n == 0 or n >= 1000 ** len(_SCALES[lang]):
        return " ".join(_UNITS[lang][int(d)] for d in str(n))
    words = []
    for power in range(len(_SCALES[lang]) - 1, -1, -1):
        group, n = divmod(n, 1000 ** power)
        if group == 0:
            continue
        if lang == "fr" and power == 1 and group == 1:  # "mille", not "un mille"
            words.append("mille")
        else:
            plural = "s" if lang == "fr" and power > 1 and group > 1 else ""
            words.append(f"{_below_1000(group, lang)} {_SCALES[lang][power]}{plural}".strip())
    return " ".join(words)


def _year(n: int) -> str | None:
    """An English year said in pairs ("nineteen ninety-five", "twenty nineteen"), or None."""
    if not (1100 <= n <= 1999 or 2010 <= n <= 2099):
        return None
    high, low = divmod(n, 100)
    tail = "hundred" if low == 0 else (f"oh {_UNITS['en'][low]}" if low < 10 else _below_100(low, "en"))
    return f"{_below_100(high, 'en')} {tail}"


def _digits(run: str, lang: str) -> str:
    """A run of digits as one number, or digit by digit (a leading zero, or too long to be read)."""
    if (run.startswith("0") and len(run) > 1) or len(run) > 12:
        return " ".join(_UNITS[lang][int(d)] for d in run)
    return _integer(int(run), lang)


def _number(text: str, lang: str, scale: int | None = None) -> str:
    """One number of :data:`NUMBER_RE` in words. *scale*: it is a group of a number written over
    several tokens, with so many groups after it (:func:`group_scales`); a group of 0 then says nothing."""
    parts = _MARK_RE.split(text)  # digits, mark, digits...
    whole, k = parts[0], 1
    while k < len(parts) and parts[k] in _GROUP_MARK[lang] and len(parts[k + 1]) == 3:
        whole, k = whole + parts[k + 1], k + 2
    if scale is not None:
        value = int(whole) * 1000 ** scale
        words = [_integer(value, lang) if value else ""]
    elif lang == "en" and k == 1 and len(whole) == 4 and _year(int(whole)):
        words = [_year(int(whole))]
    else:
        words = [_digits(whole, lang)]
    for run in parts[k + 1::2]:  # after a decimal mark ("3,5"), each run of digits is read on
        words += [_DECIMAL_WORD[lang], " ".join(_UNITS[lang][int(d)] for d in run) if lang == "en"
                  else _digits(run, lang)]
    return " ".join(w for w in words if w)


def spell_numbers(text: str, lang: str = "fr", scale: int | None = None) -> str:
    """*text* with its numbers in words, and a symbol beside a number too (``5%``: "cinq pour
    cent"); *scale* is for the first number, as :func:`group_scales` gives it. Other text is kept."""
    lang = lang if lang in _UNITS else "en"
    pieces, numbers, at = [], [], 0
    for m in NUMBER_RE.finditer(text):
        pieces.append(text[at:m.start()])
        numbers.append(_number(m.group(), lang, None if numbers else scale))
        at = m.end()
    if not numbers:
        return text
    symbols = _SYMBOLS[lang]
    pieces = ["".join(f" {symbols[c]} " if c in symbols else c for c in p) for p in pieces + [text[at:]]]
    return "".join(p + f" {n} " for p, n in zip(pieces, numbers)) + pieces[-1]


def group_scales(tokens: Sequence[str]) -> list[int | None]:
    """Per token, for a number written in groups of thousands over several tokens ("80 000"), how
    many groups follow it (1 for "80", 0 for "000"); None for any other token."""
    out: list[int | None] = [None] * len(tokens)
    k = 0
    while k < len(tokens):
        end = k + 1
        if _LEAD_RE.fullmatch(tokens[k]):
            # a group follows a bare group: "80 000 000" is one number, "80 000, 000" two
            while end < len(tokens) and _GROUP_RE.match(tokens[end]) and tokens[end - 1].isdigit():
                end += 1
        if end > k + 1:
            out[k:end] = range(end - 1 - k, -1, -1)
        k = end
    return out
