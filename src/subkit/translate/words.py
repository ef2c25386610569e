"""Is this a word of the language? The word lists behind the ``non-word`` flag and the name repair.

English: subkit's corpus list (``language/data/words-en.txt.gz``) and the English frequency list of
the ``pyspellchecker`` package (the translate extra: 160,000 forms seen at least 50 times in modern
text, inflections included), plus British spellings and the regular inflections English grammar
allows. Webster's 1934 and GCIDE 1913 headword lists (the ``english-words`` package, used before)
were dropped: on FLORES dev their archaic and obsolete entries accepted about 25 words the model
had invented ("latered", "orbity", "strongness", "vocabular") for 8 words of the human references
that the frequency list lacks (README, "Review flags").
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_left
from functools import lru_cache

from subkit.language import lexicon, plain_word, rules
from subkit.translate.names import strip_possessive

__all__ = ["has_word_lists", "is_known_word", "is_word_prefix"]


class _Counts:
    """pyspellchecker's frequency list as it is stored: a JSON object of one ``"word": count,`` per
    line, sorted. Looked up by bisection in its sorted lines rather than parsed into a dict: half
    the CPU time (0.07 s with the imports, instead of 0.15 s), which ``translate --qa`` pays on every
    run."""

    def __init__(self, text: str):
        self._lines = text.split("\n")
        self._lines.sort()  # sorted already, but a key with a character below '"' would break bisect

    def __bool__(self) -> bool:
        return self._lines != [""]

    def get(self, word: str, default: int = -1) -> int:
        key = f'"{word}": '
        i = bisect_left(self._lines, key)
        if i < len(self._lines) and self._lines[i].startswith(key):
            return int(self._lines[i][len(key):].rstrip(",") or 0)
        return default

    def has_prefix(self, prefix: str) -> bool:
        key = f'"{prefix}'
        i = bisect_left(self._lines, key)
        return i < len(self._lines) and self._lines[i].startswith(key)


@lru_cache(maxsize=None)
def _frequent(lang: str) -> _Counts:
    """The words of *lang* in pyspellchecker's frequency list (lowercase) with their counts, when it
    is installed and ships one; read as the package stores it, without importing it."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("spellchecker") if lang == "en" else None
    if spec is None or not spec.submodule_search_locations:
        return _Counts("")
    try:
        data = (Path(spec.submodule_search_locations[0]) / "resources" / f"{lang}.json.gz").read_bytes()
        return _Counts(zlib.decompress(data, 32 + zlib.MAX_WBITS).decode("utf-8"))
    except (OSError, zlib.error, UnicodeDecodeError):
        return _Counts("")


def has_word_lists(lang: str) -> bool:
    """Whether *lang* has the lists :func:`is_known_word` needs to call a word invented: subkit's
    corpus list and a frequency list of modern text (English, from pyspellchecker)."""
    return bool(lexicon(lang)) and bool(_frequent(lang))


def _listed(plain: str, lang: str, min_count: int = 0) -> bool:
    return plain in lexicon(lang) or _frequent(lang).get(plain) >= min_count


@lru_cache(maxsize=None)
def _sorted_lexicon(lang: str) -> list[str]:
    return sorted(lexicon(lang))


def is_word_prefix(prefix: str, lang: str) -> bool:
    """Some word of *lang*'s lists starts with *prefix* (any case, accents ignored): "russia" does,
    "russianava" does not."""
    plain = plain_word(prefix)
    words = _sorted_lexicon(lang)
    i = bisect_left(words, plain)
    return (i < len(words) and words[i].startswith(plain)) or _frequent(lang).has_prefix(plain)


# The count (in pyspellchecker's list, whose floor is 50) a sibling form needs to vouch for an
# unlisted inflection: "souther" (50) is too rare to make "southest" a superlative.
SIBLING_MIN_COUNT = 100


# British spellings of American forms the lists hold: "legalised" → "legalized", "fertiliser",
# "colours", "centres", "travelled", "medallist", "analysed", "catalogue", "defence".
_BRITISH = tuple((re.compile(a), b) for a, b in (
    (r"is(e|es|ed|ing|er|ers|ation|ations)$", r"iz\1"), (r"ys(e|es|ed|ing)$", r"yz\1"),
    (r"our(s|ed|ing|ful|ite|ites|less)?$", r"or\1"), (r"tre(s|d)?$", r"ter\1"),
    (r"ll(ed|ing|er|ers|ist|ists)$", r"l\1"), (r"ogue(s)?$", r"og\1"), (r"ence$", "ense")))
_VOWELS = set("aeiou")
_SIBILANT = ("s", "x", "z", "ch", "sh")


def _cons_y(stem: str) -> bool:
    return stem.endswith("y") and len(stem) > 1 and stem[-2] not in _VOWELS


_OTHER_END = {"ed": "ing", "ing": "ed", "er": "est", "est": "er"}


def _bases(plain: str):
    """(base, siblings) pairs *plain* can be a regular inflection of, by English spelling rules:
    plural or third person ("-s", but "-es" after a sibilant, "-ies" after a consonant; no
    siblings), or a verb form or a comparative ("-ed", "-d" after e, "-ied", "-ing", "-er", "-est",
    a doubled consonant), with the forms of the other ending on the same stem ("rigged": "rigging").
    Inflected bases ("exceededed", "paveds") and forms the rules forbid ("agencys", "worryed",
    "classs") yield nothing."""
    if plain.endswith("ies"):
        yield plain[:-3] + "y", ()
    if plain.endswith("es") and plain[:-2].endswith(_SIBILANT + ("o",)):
        yield plain[:-2], ()
    if plain.endswith("s") and not plain.endswith("ss"):  # also "horses", "niches", "movies"
        stem = plain[:-1]
        if not stem.endswith(_SIBILANT + ("ed",)) and not _cons_y(stem):
            yield stem, ()
    for end, other in _OTHER_END.items():
        stem = plain[: -len(end)]
        if not plain.endswith(end) or len(stem) < 2 or stem.endswith(("ed", "ing")):
            continue
        if stem.endswith("i") and end != "ing":
            base = stem[:-1] + "y"  # carried, earlier, happiest
            yield base, (stem + other if other != "ing" else base + other,)
            continue
        if _cons_y(stem) and end != "ing":
            continue  # "worryed": English writes "worried"
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS | {"l", "s"}:
            yield stem[:-1], (stem + other,)  # rigged, formatting, bigger ("ll": British, see above)
            continue
        siblings = (stem + other,)  # hazed: hazing; making: maked, which English lacks (made)
        if end == "ing" or not stem.endswith("e"):
            yield stem, siblings
        if end != "ing" or not stem.endswith("e"):
            yield stem + "e", siblings  # hazed (hazing), wider (widest)


def _inflected(plain: str, lang: str, capital: bool = False) -> bool:
    """*plain* is a regular inflection of a listed word. A verb form or a comparative also needs
    its sibling listed (the -ing form of an -ed, the -est of an -er, and back), the evidence that
    the base is a verb or an adjective ("latered": "later" is neither; "controler", "developping");
    a plural needs a base that is not a proper name ("Ukraines"), and a *capital* one a base that
    subkit's corpus list knows as a common noun (the frequency list is lowercase: "Russes" would be
    the plural of Russ). A function word takes no inflection ("thes", "withs", "coulds")."""
    closed = rules(lang).function_words
    for base, siblings in _bases(plain):
        if len(base) < 3 or base in closed or not _listed(base, lang):
            continue
        if siblings:
            if any(form != plain and _listed(form, lang, SIBLING_MIN_COUNT) for form in siblings):
                return True
        elif (usual := lexicon(lang).get(base, None if capital else base)) and not usual[:1].isupper():
            return True
    return False


def _variants(plain: str):
    yield plain
    for pattern, repl in _BRITISH:
        american = pattern.sub(repl, plain)
        if american != plain:
            yield american


def _in_lists(plain: str, lang: str, capital: bool = False) -> bool:
    if _listed(plain, lang):
        return True
    if lang != "en":
        return False
    return any(_listed(form, lang) or _inflected(form, lang, capital) for form in _variants(plain))


@lru_cache(maxsize=65536)  # the same words come back in every hypothesis of a beam
def is_known_word(word: str, lang: str) -> bool:
    """*word* (or, for a compound, each of its parts, or the parts written together: "pre-school")
    is in a word list of *lang*, regular inflections and British spellings allowed."""
    plain = plain_word(strip_possessive(word))
    if _in_lists(plain, lang, word[:1].isupper()):
        return True
    parts = [p for p in re.split(r"['’-]", plain) if p]
    return len(parts) > 1 and (all(_in_lists(p, lang) for p in parts) or _in_lists("".join(parts), lang))
