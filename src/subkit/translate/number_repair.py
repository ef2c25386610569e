"""Numbers the model damaged: the source's digits go back into the translation.

A small model copies digits piece by piece and drops or changes some ("la fin 2022" -> "the end of
202"). A number is the one thing in a sentence whose translation is known: its digits. When the
translation lacks exactly one plain number of the source (digits only, no separators) and holds
exactly one number the source lacks, and both are at least 2 digits long, the damaged number is
replaced by the source's. Anything less clear-cut is left to the ``number`` review flag.
"""

from __future__ import annotations

import re

from subkit.translate.qa import numbers

__all__ = ["repair_numbers"]

_GROUP = "[ \u00a0\u2009\u202f]"
_PLAIN_RE = re.compile(r"(?<![\d.,:])\d{2,}(?![\d]|[.,:]\d)")


def _standalone(digits: str) -> re.Pattern:
    """*digits* written as a plain number: not part of a longer one, a decimal or a group of three."""
    return re.compile(rf"(?<![\d.,])(?<!\d{_GROUP}){digits}(?!\d|{_GROUP}\d{{3}}|[.,]\d)")


def repair_numbers(source: str, translation: str, src: str, tgt: str) -> tuple[str, list[tuple[str, str]]]:
    """*translation* with one damaged number restored from *source*, and the (damaged, restored) pair."""
    have, want = numbers(translation, tgt), numbers(source, src)
    missing = [n for n in want if n not in have]
    added = [n for n in have if n not in want]
    if len(missing) != 1 or len(added) != 1 or want[missing[0]] != 1 or have[added[0]] != 1:
        return translation, []
    right, wrong = missing[0], added[0]
    plain = [m for m in _PLAIN_RE.finditer(translation) if m.group(0).lstrip("0") == wrong]
    if not (right.isdigit() and len(right) >= 2 and _standalone(right).search(source)
            and len(plain) == 1):
        return translation, []
    m = plain[0]
    return translation[:m.start()] + right + translation[m.end():], [(m.group(0), right)]
