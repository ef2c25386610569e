"""Which language a text is in: a cheap function-word vote first, langdetect when it cannot tell.

The vote uses the line-break data of the supported languages (``subkit.language``): words that
belong to one language's function-word lists and not to the others'. On ordinary subtitle text
it decides at once; langdetect (slow to load, about 1.5 ms a call) is asked only when it cannot.
"""

from __future__ import annotations

from functools import lru_cache

from subkit.language import SUPPORTED, detect_language, rules, normalize_word

__all__ = ["vote", "file_language", "cue_language", "BUDGET_KEY"]



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


def file_language(sample: str) -> str | None:
    """The language of a file from a sample of its text (None when there is no text)."""
    if len(sample.strip()) < 20:
        return None
    counts = vote(sample)
    best = max(counts, key=counts.get)
    rest = sum(v for k, v in counts.items() if k != best)
    if counts[best] >= 5 and counts[best] >= 4 * rest:
        return best
    return detect_language(sample)


DETECT_CALLS = [0]  # how many times langdetect ran (the benchmark reports it)
_BUDGET = BUDGET_KEY = object()  # key of the remaining langdetect calls in a per-file cache


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
    language, langdetect decides. *cache* (text → language) avoids judging a repeated line twice;
    ``cache[BUDGET_KEY]`` (if set) is how many more langdetect calls the file may make.
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
    got = _detect(text, cache)
    if got is None or got == expected:
        return None
    return got
