"""French function and number words copied into the English at the same place ("Quinze balles" →
"Quinze bullets", "Ni Berlin ni Paris" → "Ni Berlin nor Paris", "Chez Karim" → "Chez Karim").

The ``untranslated`` flag skips words English knows, and English's frequency list knows "quinze",
"ni", "chez", "que" from the French it quotes. A French function or number word that English does
not use on its own, copied as it is from about the same place in the source, is French left in all
the same. Words English uses ("six", "face", "pour", "car"), name particles ("Charles de Gaulle",
"Le Monde") and words of borrowed phrases ("en route", "au pair", "sans serif") are never flagged.
"""

from __future__ import annotations

from functools import lru_cache

from subkit.language import rules
from subkit.translate.number_words import french_number_words

__all__ = ["copied_function_words"]

# English words, English abbreviations and name particles among the French function and number words
_ENGLISH_TOO = frozenset(
    "a as car face me on or son six seize sept cent cents mille via ma te ton pendant durant sans la le "
    "les de du des y es se si va ai au en par pour ta ne et tout midi minuit entre sous est ce un "
    "lors tandis afin".split())
_PLACE = 0.25  # how far apart, as a share of each sentence's length, a copy may be from its word


@lru_cache(maxsize=None)
def _french_only() -> frozenset[str]:
    return frozenset(w for w in rules("fr").function_words | french_number_words()
                     if "'" not in w and w not in _ENGLISH_TOO)


def copied_function_words(source_words: list[str], target_words: list[str]) -> list[str]:
    """The words of *target_words* (English) that are French function or number words copied as
    they are from about the same place in *source_words* (French); capitalised only as the first
    word ("Quinze bullets"; "the Il-76" is a name)."""
    french = _french_only()
    where = {}
    for k, word in enumerate(source_words):
        if word.lower() in french:
            where.setdefault(word, []).append(_place(k, len(source_words)))
    return [word for k, word in enumerate(target_words) if word in where and (word.islower() or k == 0)
            and any(abs(_place(k, len(target_words)) - p) <= _PLACE for p in where[word])]


def _place(k: int, n: int) -> float:
    return k / max(1, n - 1)
