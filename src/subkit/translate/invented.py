"""What to forbid when the model has invented a word: the SentencePiece pieces it spelt it with.

A weak model writes "Russianavaned" for "l'avancée russe", and asked again it writes "Russianavan",
"Russianavar", "Russianavain": forbidding the whole word only moves it. What goes wrong is the
piece after which the letters stop being the start of any word ("Russian" + "ava"), so that pair
is forbidden, and every spelling that goes through it goes with it. CTranslate2's
``suppress_sequences`` does the forbidding (:meth:`subkit.translate.engine.Engine.translate`).
A French word left in ("Russes") starts a word of the source at every piece, so it goes whole.
When two forbidden spellings share their first pieces ("pari|able", "pari|tic"), the model cannot
finish any word it starts that way, and the shared start goes too (:func:`shared_starts`).
"""

from __future__ import annotations

import re
from itertools import combinations
from typing import Callable, Iterable

from subkit.language import plain_word
from subkit.translate.qa import words
from subkit.translate.words import is_known_word, is_word_prefix

__all__ = ["word_pieces", "pieces_to_ban", "shared_starts"]

_WORD_START = "\u2581"  # SentencePiece's space: a piece that starts a word
_LAST_LETTERS = re.compile(r"[^\W\d_]+$")
_LETTER = re.compile(r"[^\W\d_]")


def word_pieces(tokens: Iterable[str]) -> list[list[str]]:
    """*tokens* grouped into words: a piece that starts with "▁" starts a word."""
    groups: list[list[str]] = []
    for token in tokens:
        if token.startswith(_WORD_START) or not groups:
            groups.append([token])
        else:
            groups[-1].append(token)
    return groups


def pieces_to_ban(hypothesis: list[str], invented: Iterable[str], source: str, lang: str,
                  decode: Callable[[list[str]], str]) -> list[list[str]]:
    """For each word of *hypothesis* (pieces) that holds an *invented* word, the pieces up to the one
    where its letters stop starting any word of *lang* or of *source* (the sentence translated: a
    name copied from it is no invention); the whole word, without trailing punctuation, when no
    prefix goes wrong."""
    invented = set(invented)
    source_words = {plain_word(w) for w in words(source)}
    bans: list[list[str]] = []
    for group in word_pieces(hypothesis):
        if invented.intersection(words(decode(group))):
            ban = _bad_prefix(group, source_words, lang, decode)
            if ban not in bans:
                bans.append(ban)
    return bans


def _bad_prefix(group: list[str], source_words: set[str], lang: str,
                decode: Callable[[list[str]], str]) -> list[str]:
    for k in range(1, len(group) + 1):
        tail = _LAST_LETTERS.search(decode(group[:k]))
        if tail and not _starts_a_word(tail.group(0), source_words, lang):
            return group[:k]
    while len(group) > 1 and not _LETTER.search(group[-1]):
        group = group[:-1]
    return group


def _starts_a_word(letters: str, source_words: set[str], lang: str) -> bool:
    return is_word_prefix(plain_word(letters), lang) or _starts_one_of(letters, source_words)


def _starts_one_of(letters: str, words_: set[str]) -> bool:
    """Whether *letters* begin one of *words_* (plain words)."""
    plain = plain_word(letters)
    return any(w.startswith(plain) for w in words_)


def shared_starts(bans: list[list[str]], source: str, lang: str,
                  decode: Callable[[list[str]], str]) -> list[list[str]]:
    """The first pieces (two or more) that two of *bans* share, short of both: the model spelt two
    words after them and finished neither ("▁par i" of "pariable" and "paritic" for "un pari
    envisageable"), unless they spell a word of *lang* ("▁ma th": "math") or the start of a name of
    *source* (a capitalised word: "Pokrovsk" of "Pokrovskovs" and "Pokrovskovi"; "Ukrain" of
    "Ukrainial" and "Ukrainiens", which "Ukrainians" goes through too)."""
    names = {plain_word(w) for w in words(source) if w[:1].isupper()}
    starts: list[list[str]] = []
    for a, b in combinations(bans, 2):
        n = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        start = a[:n]
        if n < 2 or n == len(a) or n == len(b) or start in starts:
            continue
        letters = _LAST_LETTERS.search(decode(start))
        if letters and not is_known_word(letters.group(0), lang) and not _starts_one_of(letters.group(0), names):
            starts.append(start)
    return starts
