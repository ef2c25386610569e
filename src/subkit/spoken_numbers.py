"""Numbers in digits as a reader says them, for the speech-rate model (:func:`subkit.timing.syllables`).

``2019`` is "deux mille dix-neuf" in French and "twenty nineteen" in English, ``80 000`` "quatre-vingt
mille", ``3,5`` "trois virgule cinq", ``5 %`` "cinq pour cent": the words are written out, and the
model counts their syllables as it counts any word's, so a number takes as long in digits as
written out. Groups of thousands may be split by a space (one number over several tokens:
:func:`group_scales`), a no-break or thin space, ``.`` in French or ``,`` in English; the other
mark is the decimal one. A run of digits with a leading zero (``007``, ``06``) is read digit by digit,
except the minutes of a clock time: ``7 h 05``, ``7h05`` and ``7:05`` are "sept heures cinq" ("seven
oh five"), ``20h30`` "vingt heures trente", ``14:30`` "fourteen thirty". Ordinals are read as such
(``21st`` "twenty-first", ``XXIe`` "vingt et unième"), ``n°`` as "numéro", and a unit or scale after a
number too (``3,5 M€`` "trois virgule cinq millions d'euros", ``8h`` "huit heures", ``7pm``).
"""

from __future__ import annotations

import re
from typing import Sequence

__all__ = ["spell_numbers", "spell_tokens", "group_scales"]

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
_SYMBOLS = {"fr": {"%": "pour cent", "€": "euros", "$": "dollars", "£": "livres", "°": "degrés", "#": "numéro"},
            "en": {"%": "percent", "€": "euros", "$": "dollars", "£": "pounds", "°": "degrees", "#": "number"}}
# units and scales said after a number, case-sensitive ("M" is millions, "m" metres; in English "£3m"
# is millions, and a "100m" race two syllables all the same)
_UNITS_AFTER = {
    "fr": {"h": "heures", "min": "minutes", "k": "mille", "M": "millions", "Md": "milliards", "Mds": "milliards",
           "Mrd": "milliards", "km": "kilomètres", "km/h": "kilomètres heure", "kg": "kilos", "m": "mètres"},
    "en": {"h": "hours", "min": "minutes", "k": "thousand", "M": "million", "m": "million", "bn": "billion",
           "km": "kilometres", "km/h": "kilometres an hour", "kg": "kilos", "am": "ay em", "pm": "pee em",
           "a.m.": "ay em", "p.m.": "pee em"},
}
_UNIT_RES = {lang: "|".join(re.escape(u) for u in sorted(table, key=len, reverse=True))
             for lang, table in _UNITS_AFTER.items()}
_NOT_LETTER = r"(?![^\W\d_])"
# a clock time: hours, "h" or ":", minutes ("20h30", "7 h 05", "14:30"); not a part of "1:30:00"
_CLOCK_RE = re.compile(r"(?<![\d:])(\d{1,2})(?:\s?[hH]\s?|:)([0-5]\d)(?![\d:])")
_ORDINAL_EN_RE = re.compile(r"(\d+)(st|nd|rd|th)" + _NOT_LETTER)
_ORDINAL_EN = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
               "nine": "ninth", "twelve": "twelfth"}
# a French ordinal in Roman numerals ("XXIe siècle", "François Ier"); "Le", "Ce", "De" and "Me" are words
_ROMAN_RE = re.compile(r"(?<![^\W\d_])(?=[IVX]|[IVXLCDM]{2})(M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})"
                       r"(?:IX|IV|V?I{0,3}))(er|re|ère|ème|e|è)" + _NOT_LETTER)
_APART_RE = re.compile(r"(\d{1,2}) [hH] ([0-5]\d)(?!\d)")  # a clock time over three tokens
_ROMAN = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
_NUMERO_RE = re.compile(r"(?<![^\W\d_])[nN][°º]")
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


def _roman(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if v < after else v for v, after in zip(values, values[1:] + [0]))


def _minutes(mm: str, lang: str) -> str:
    """The minutes of a clock time: "05" is "cinq" ("oh five"), "00" nothing ("o'clock")."""
    n = int(mm)
    if lang == "fr":
        return _integer(n, lang) if n else ""
    return "o'clock" if n == 0 else (f"oh {_UNITS['en'][n]}" if n < 10 else _below_100(n, "en"))


def _clock(m: re.Match[str], lang: str) -> str:
    hours = int(m.group(1))
    if hours > 24:
        return m.group()
    said = [_integer(hours, lang), "heures" if lang == "fr" else "", _minutes(m.group(2), lang)]
    return " " + " ".join(w for w in said if w) + " "


def _ordinal_en(n: int) -> str:
    """"twenty-first", "second", "ninetieth": the cardinal with its last word made ordinal."""
    def last(w: re.Match[str]) -> str:
        word = w.group()
        return _ORDINAL_EN.get(word) or (word[:-1] + "ieth" if word.endswith("y") else word + "th")
    return " " + re.sub(r"[a-z]+$", last, _integer(n, "en")) + " "


def _read_forms(text: str, lang: str, after_number: bool) -> str:
    """*text* with the forms read otherwise than digit runs written out: ``n°``, ordinals, clock times,
    a unit or scale after a number (or first in *text*, if *after_number*: "3,5 | M€")."""
    text = _NUMERO_RE.sub(f" {_SYMBOLS[lang]['#']} ", text).replace("ᵉʳ", "er").replace("ᵉ", "e")
    if lang == "fr":
        text = _ROMAN_RE.sub(lambda m: f"{_roman(m.group(1))}{m.group(2)}", text)
    text = _CLOCK_RE.sub(lambda m: _clock(m, lang), text)
    if lang == "en":
        text = _ORDINAL_EN_RE.sub(lambda m: _ordinal_en(int(m.group(1))), text)
    lead = r"(?:(?<=\d)\s?|^)" if after_number else r"(?<=\d)\s?"
    units = _UNITS_AFTER[lang]
    return re.sub(f"{lead}({_UNIT_RES[lang]}){_NOT_LETTER}", lambda m: f" {units[m.group(1)]} ", text)


def spell_numbers(text: str, lang: str = "fr", scale: int | None = None, after_number: bool = False) -> str:
    """*text* with its numbers in words, and a symbol or unit beside a number too (``5%``: "cinq pour
    cent"); *scale* is for the first number, as :func:`group_scales` gives it; *after_number*: *text*
    follows a number ("M€" in "3,5 M€"). Other text is kept."""
    lang = lang if lang in _UNITS else "en"
    text = _read_forms(text, lang, after_number)
    pieces, numbers, at = [], [], 0
    for m in NUMBER_RE.finditer(text):
        pieces.append(text[at:m.start()])
        numbers.append(_number(m.group(), lang, None if numbers else scale))
        at = m.end()
    if not numbers and not after_number:
        return text
    symbols = _SYMBOLS[lang]
    pieces = ["".join(f" {symbols[c]} " if c in symbols else c for c in p) for p in pieces + [text[at:]]]
    return "".join(p + f" {n} " for p, n in zip(pieces, numbers)) + pieces[-1]


def spell_tokens(tokens: Sequence[str], lang: str = "fr") -> list[str]:
    """Each token as :func:`spell_numbers` says it, read with the tokens before it: a number in groups
    of thousands over several tokens ("80 000"), a unit after a number ("3,5 M€"), the minutes of a
    clock time written apart ("7 h 05": "cinq", not "zéro cinq")."""
    out = []
    for k, (token, scale) in enumerate(zip(tokens, group_scales(tokens))):
        clock = _APART_RE.match(" ".join(tokens[k - 2:k + 1])) if k >= 2 else None
        if clock and int(clock.group(1)) <= 24:
            token = _minutes(clock.group(2), lang if lang in _UNITS else "en") + token[2:]
        out.append(spell_numbers(token, lang, scale, k > 0 and tokens[k - 1][-1:].isdigit()))
    return out


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
