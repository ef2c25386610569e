"""Breaks that would part a number from what it reads with: its unit ("7 | mois"), the noun it
completes ("les années | 2000"), a date ("15 | mars", "March | 15", "1er | janvier"), a time of day
("14 h | 30"), a year after its month and day ("July 4, | 1976") or a century ("XXe | siècle",
"21st | century"). :func:`subkit.breaking.break_cost`
prices each such break like a forbidden one (``costs.number_unit``); the words are in the
``[units]`` and ``[dates]`` tables of ``language/data/<lang>.toml``."""

from __future__ import annotations

import re

from subkit.language import LanguageRules, normalize_word

__all__ = ["DIGITS_RE", "number_pair", "year_of_date"]

DIGITS_RE = re.compile(r"^[+-]?\d[\d.,:\u00a0\u202f]*$")  # "1 250,5", "5:30"
_THOUSANDS_RE = re.compile(r"^\d{3}(?:[.,]\d+)?[.,;:!?]?$")  # "1 250 000": one number
_DAY_RE = re.compile(r"^\d{1,2}([^\W\d_]*)$")  # "15", "1er", "21st"
_ORDINAL_RE = re.compile(r"^(?:\d{1,4}|[IVXLCDM]{1,7})([^\W\d_]+)$")  # "XXIe", "3e", "21st"
_MINUTES_RE = re.compile(r"^\d{2}$")  # "14 h | 30"
_AFTER_MONTH_RE = re.compile(r"^\d{1,4}([^\W\d_]*)$")  # "March | 15", "mars | 2021", "March | 15th"
_YEAR_RE = re.compile(r"^\d{4}$")
_TRAILING = ".,;:!?…»”)"
_POSSESSIVE = re.compile(r"['’]s$")  # "the 21st | century's fastest": the century all the same


def number_pair(left: str, right: str, r: LanguageRules) -> bool:
    """Whether a break between *left* and *right* parts a number from what it reads with."""
    right_bare, left_bare = _POSSESSIVE.sub("", right.rstrip(_TRAILING)), left.rstrip(_TRAILING)
    return (_with_unit(left, right, right_bare, r) or _completes_noun(left, right_bare, r)
            or _date(left_bare, right_bare, r) or _clock(left, right_bare, r) or _century(left, right_bare, r))


def _with_unit(left: str, right: str, right_bare: str, r: LanguageRules) -> bool:
    """A number and its unit ("7 | mois", "45 | °C"), or the thousands of one number ("1 | 250 000")."""
    word = normalize_word(right.strip("«»“”\"()[]"))
    return bool(DIGITS_RE.match(left)) and (word in r.units or normalize_word(right_bare) in r.units
                                            or bool(_THOUSANDS_RE.match(right)))


def _completes_noun(left: str, right_bare: str, r: LanguageRules) -> bool:
    """A noun and the number that completes it ("les années | 2000", "page | 12")."""
    return bool(DIGITS_RE.match(right_bare)) and normalize_word(left) in r.before_number


def _ordinal(token: str, r: LanguageRules) -> bool:
    match = _ORDINAL_RE.match(token)
    return bool(match) and match.group(1) in r.ordinal_suffixes


def _date(left: str, right: str, r: LanguageRules) -> bool:
    """A day and its month ("15 | mars", "1er | janvier", "15th | March") or a month and the day or
    year after it ("March | 15", "mars | 2021")."""
    day = _DAY_RE.match(left)
    if day and (not day.group(1) or day.group(1) in r.ordinal_suffixes) and r.is_month(right):
        return True
    after = _AFTER_MONTH_RE.match(right)
    return bool(after) and (not after.group(1) or after.group(1) in r.ordinal_suffixes) and r.is_month(left)


def year_of_date(before: str | None, left: str, right: str, r: LanguageRules) -> bool:
    """A month and day and the year after them ("July 4, | 1976"): one date, comma or not."""
    day = _DAY_RE.match(left.rstrip(_TRAILING))
    return (before is not None and r.is_month(before) and bool(day)
            and (not day.group(1) or day.group(1) in r.ordinal_suffixes)
            and bool(_YEAR_RE.match(right.rstrip(_TRAILING))))


def _clock(left: str, right: str, r: LanguageRules) -> bool:
    """The hours and minutes of a time of day: "14 h | 30" ("14 | h" is a number and its unit)."""
    return normalize_word(left) in r.clock_hours and bool(_MINUTES_RE.match(right))


def _century(left: str, right: str, r: LanguageRules) -> bool:
    """An ordinal and the century it counts ("XXe | siècle", "21st | century")."""
    return normalize_word(right) in r.centuries and _ordinal(left, r)
