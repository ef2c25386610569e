"""Which language a text is in: a cheap function-word vote first, langdetect when it cannot tell.

The vote uses the line-break data of the supported languages (``subkit.language``): words that
belong to one language's function-word lists and not to the others'. On ordinary subtitle text
it decides at once; langdetect (slow to load, about 1.5 ms a call) is asked only when it cannot
(and, in a file of another language, only about cues that look plainly French or English).
"""

from __future__ import annotations

from functools import lru_cache

from subkit.language import SUPPORTED, detect_language, rules, normalize_word

__all__ = ["vote", "file_language", "cue_language", "related", "common_words", "BUDGET_KEY", "COMMON_KEY"]



@lru_cache(maxsize=None)
def _function_words() -> dict[str, frozenset[str]]:
    sets = {}
    for lang in SUPPORTED:
        r = rules(lang)
        sets[lang] = (r.no_break_after | r.break_before_conjunction | r.break_before_relative
                      | r.break_before_preposition)
    own = {}
    for lang, words in sets.items():
        others = frozenset().union(*(w for l2, w in sets.items() if l2 != lang))
        own[lang] = frozenset(w for w in words if w not in others and len(w.strip("'")) > 1)
    return own


def _words(text: str) -> set[str]:
    """Lowercased whitespace-separated tokens (function words seldom carry punctuation)."""
    low = text.lower()
    if "’" in low or "ʼ" in low or "‘" in low:
        low = normalize_word(low)  # unify apostrophes (slow: only when needed)
    return set(low.split())


@lru_cache(maxsize=None)
def _mine_and_others(expected: str) -> tuple[frozenset[str], tuple[tuple[str, frozenset[str]], ...]]:
    own = _function_words()
    return own[expected], tuple((k, w) for k, w in own.items() if k != expected)


@lru_cache(maxsize=None)
def _others_union(expected: str) -> frozenset[str]:
    return frozenset().union(*(w for _, w in _mine_and_others(expected)[1]))


def vote(text: str) -> dict[str, int]:
    """How many distinct function words of each supported language (only) *text* holds."""
    words = _words(text)
    return {lang: len(own.intersection(words)) for lang, own in _function_words().items()}


# Letters French and English text hardly ever holds (Spanish ñ ¿ ¡, German ß, Nordic å ø æ,
# Portuguese ã õ, Central European č š ž ł ő...): a few of them mean "neither".
_FOREIGN = frozenset("ñ¿¡ßåøæãõčšžřěůłąęśźżőűđćığşșță")
_COVERAGE = 0.30  # share of tokens French or English function words make (40-55 % in real text)


@lru_cache(maxsize=None)
def _all_function_words() -> dict[str, frozenset[str]]:
    out = {}
    for lang in SUPPORTED:
        r = rules(lang)
        out[lang] = (r.no_break_after | r.break_before_conjunction | r.break_before_relative
                     | r.break_before_preposition)
    return out


def _plainly(text: str, lang: str) -> bool:
    """Whether *text* is plainly in supported language *lang*: written in Latin letters without
    letters foreign to French and English, and with as many of *lang*'s function words as real
    French or English text has (Spanish or Italian share a few, at about half the rate)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    if sum(1 for c in letters if c < "\u0250") < 0.9 * len(letters):
        return False  # another script (Cyrillic, Greek, CJK, Arabic...)
    low = text.lower()
    if sum(1 for c in low if c in _FOREIGN) > 2 + len(letters) // 500:
        return False
    tokens = [w.strip(".,!?;:\"«»()…-—–") for w in _words_list(low)]
    tokens = [w for w in tokens if w]
    words = _all_function_words()[lang]
    return bool(tokens) and sum(1 for w in tokens if w in words) >= _COVERAGE * len(tokens)


def _words_list(low: str) -> list[str]:
    if "’" in low or "ʼ" in low or "‘" in low:
        low = normalize_word(low)
    return low.split()


def file_language(sample: str) -> str | None:
    """The language of a file from a sample of its text (None when there is no text).

    French and English are settled by the function-word vote when it is conclusive and the text
    is plainly that language (no langdetect: it takes about 0.5 s to load); any other text goes
    to langdetect, on the bounded sample only.
    """
    if len(sample.strip()) < 20:
        return None
    counts = vote(sample)
    best = max(counts, key=counts.get)
    rest = sum(v for k, v in counts.items() if k != best)
    if counts[best] >= 5 and counts[best] >= 4 * rest and _plainly(sample, best):
        return best
    DETECT_CALLS[0] += 1
    return detect_language(sample)


# Languages so close that langdetect confuses them on a line or two: one is not "another
# language" for the other (Danish judged Norwegian, Russian judged Bulgarian, Croatian judged
# Slovenian were the language rule's false alarms).
_RELATED = (
    frozenset({"da", "no", "nb", "nn", "sv"}), frozenset({"ru", "bg", "uk", "be", "mk", "sr"}),
    frozenset({"hr", "sl", "sr", "bs", "sh", "mk"}), frozenset({"cs", "sk"}), frozenset({"id", "ms", "tl"}),
    frozenset({"es", "ca", "gl", "pt"}), frozenset({"zh-cn", "zh-tw", "zh", "ja"}), frozenset({"hi", "mr", "ne"}),
)


def related(a: str, b: str) -> bool:
    """Whether languages *a* and *b* are the same or too close to tell apart on a cue."""
    if a == b or a.split("-")[0] == b.split("-")[0]:
        return True
    return any(a in g and b in g for g in _RELATED)


DETECT_CALLS = [0]  # how many times langdetect ran (the benchmark reports it)
_BUDGET = BUDGET_KEY = object()  # key of the remaining langdetect calls in a per-file cache
COMMON_KEY = object()  # key of the file's common words (common_words) in that cache


def _detect(text: str, cache: dict | None) -> str | None:
    if cache is not None and text in cache:
        return cache[text]
    if cache is not None:
        budget = cache.get(_BUDGET, 1)
        if budget <= 0:
            return None  # this file's langdetect budget is spent
        cache[_BUDGET] = budget - 1
    DETECT_CALLS[0] += 1
    got = detect_language(text, min_chars=1)
    if cache is not None:
        if len(cache) > 4096:
            budget = cache.get(_BUDGET)
            cache.clear()
            if budget is not None:
                cache[_BUDGET] = budget
        cache[text] = got
    return got


def cue_language(text: str, expected: str, min_chars: int, cache: dict | None = None) -> str | None:
    """The language of a cue when it is clearly not *expected*; None when it is (or can't tell).

    For a supported expected language: function words of *expected* (at least as many as of any
    other supported language) settle it at once; none of it and two or more of another language
    settle it the other way; none of any language (names, numbers, exclamations) means the cue
    cannot be judged cheaply and is skipped; otherwise langdetect decides. For another expected
    language, only a cue that is plainly French or English (an untranslated line) is a suspect,
    and langdetect confirms it: the other cues cost a split and a set test. A language related to
    *expected* (:func:`related`) never counts as another one. *cache* (text → language) avoids
    judging a repeated line twice; ``cache[BUDGET_KEY]`` (if set) is how many more langdetect
    calls the file may make.
    """
    if len(text) < min_chars:
        return None
    if expected in SUPPORTED:
        own, others = _mine_and_others(expected)
        tokens = text.lower().split()
        if not own.isdisjoint(tokens) and _others_union(expected).isdisjoint(tokens):
            return None  # the common case, decided without building sets
        words = _words(text)
        mine = len(own.intersection(words))
        other, other_lang = 0, None
        for k, w in others:
            n = len(w.intersection(words))
            if n > other:
                other, other_lang = n, k
        if mine and mine >= other:
            return None  # plainly the expected language: langdetect is not needed
        if mine == 0 and other >= 2:
            return other_lang
        if mine == 0 and other == 0:
            return None  # no evidence either way
    elif not _suspect(text, cache.get(COMMON_KEY, frozenset()) if cache is not None else frozenset()):
        return None
    got = _detect(text, cache)
    if got is None or related(got, expected):
        return None
    return got


def _suspect(text: str, common: frozenset[str]) -> bool:
    """Whether a cue of a file in another language may be an untranslated French or English line:
    two function words of one of them that are not among the file's *common* words (Spanish
    "de", "la", "que" are French ones too), and plainly that language."""
    words = _words(text) - common
    for lang, own in _function_words().items():
        if len(own.intersection(words)) >= 2 and _plainly(text, lang):
            return True
    return False


def common_words(texts: list[str]) -> frozenset[str]:
    """The words found in at least 5 % of *texts* (and at least 3 of them): the file's own
    everyday words, which are no evidence of another language even when French or English
    has them too. A few untranslated lines do not reach that share."""
    seen: dict[str, int] = {}
    for t in texts:
        for w in _words(t):
            seen[w] = seen.get(w, 0) + 1
    need = max(3, len(texts) // 20)
    return frozenset(w for w, n in seen.items() if n >= need)
