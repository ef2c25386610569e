"""Where sentences end: final punctuation that is not an abbreviation or an initial, with the
emoji and closing quotes after it. One home for the segmenter, the breaker and translate."""

from __future__ import annotations

import re
from typing import Sequence

from subkit.language import LanguageRules, capitalised, normalize_word, rules
from subkit.text import is_emoji, normalize_space, tokenize

__all__ = ["ACRONYM_RE", "INITIAL_RE", "strong_end", "sentence_ends", "split_sentences"]

INITIAL_RE = re.compile(r"^(?:[A-ZÀ-Þ]\.-?){1,3}$")  # "A.", "J.-P.", "J.R.R." (of a name that follows)
ACRONYM_RE = re.compile(r"^(?:[A-ZÀ-Þ]\.){2,}$")  # "U.S.A.", "U.K." (or "J.R.R.": a name's initials)
_CLOSER_RE = re.compile(r"[»”’)\]]+[.!?…]*")
_ELIDED = re.compile(r"^(?:[^\W\d_]|qu)['’]", re.IGNORECASE)  # "l'", "d'", "qu'" before a word
_NO_NAME_START = "([-–—♪"  # what follows an initial only when the sentence ended: a voice-over, a dash


def strong_end(left: str, right: str | None, r: LanguageRules) -> bool:
    """A sentence end: final punctuation, not an abbreviation (but "etc." before a capital) or an
    initial, and for ``? ! …`` (or "...") not followed by a lowercase word (a question or a pause
    inside a sentence)."""
    if right is not None and normalize_word(left) in r.closing_abbreviations and right[:1].isupper():
        return True  # "des prunes, etc. | Puis il est reparti": the abbreviation ends the sentence
    core = _ELIDED.sub("", left)  # "l'O.N.U." reads as "O.N.U."
    if right is not None and _acronym_end(core, right, r):
        return True
    if right is not None and INITIAL_RE.match(core) and right[:1] in _NO_NAME_START:
        return True  # "Suivez-nous sur X. | (Voix off) Ce que…": no name opens with a bracket or a dash
    if not r.is_sentence_end(left) or INITIAL_RE.match(core):
        return False
    if right is not None and (not left.endswith(".") or left.endswith("..")):
        head = right.lstrip("«“\"'(‘\u00a0")
        if head[:1].islower():
            return False
    if left.endswith(".") and not left.endswith(("..", "…")):
        # "p. ex." and other multi-token abbreviations: the first part is in the word list.
        if right is not None and normalize_word(f"{left} {right}") in r.multi_abbreviations:
            return False
    return True


def _acronym_end(left: str, right: str, r: LanguageRules) -> bool:
    """A dotted acronym or a closing abbreviation ending a sentence: "moved to the U.S.A. | Then I
    found", "at 2:30 p.m. | We". Before a capitalised function word only: a name or a noun goes on
    ("J.R.R. Tolkien", "the U.S. Army", "5:30 p.m. Eastern time"), and one capital with its dot is a
    person's initial ("J. | Then" is no sentence end)."""
    closing = bool(ACRONYM_RE.match(left)) or normalize_word(left) in r.starter_closing_abbreviations
    word = normalize_word(right.lstrip("«“\"'(‘\u00a0").rstrip(",;:!?.…»”)"))
    return closing and capitalised(right) and word in r.sentence_starters


def sentence_ends(tokens: Sequence[str], lang: str) -> list[bool]:
    """For each token, whether a sentence ends after it (French-aware: abbreviations such as
    M., Mme, Dr., p. ex.; initials; "?" or "…" followed by a lowercase word continue the sentence)."""
    r = rules(lang)
    n = len(tokens)
    ends = [strong_end(tokens[k], tokens[k + 1] if k + 1 < n else None, r) or k == n - 1 for k in range(n)]
    start = 0
    for k in range(n - 1):
        # "Merci à tous ! 🎉", « Je suis désolée. »: an emoji or a closing quote after the end
        # belongs to the sentence
        if ends[k] and (is_emoji(tokens[k + 1]) or _closes(tokens[k + 1], tokens[start : k + 1])):
            ends[k], ends[k + 1] = False, True
        elif ends[k]:
            start = k + 1
    return ends


def _closes(token: str, sentence: Sequence[str]) -> bool:
    """Whether *token* only closes a quotation or bracket of *sentence* (the tokens before it)."""
    if _CLOSER_RE.fullmatch(token):
        return True
    # a lone '"' closes when the sentence holds an odd number of them
    return token.rstrip(".!?…") == '"' and sum(t.count('"') for t in sentence) % 2 == 1


def split_sentences(text: str, lang: str) -> list[str]:
    """Split *text* into sentences (normalised whitespace); the sentences joined by spaces give
    back the normalised text."""
    tokens = tokenize(normalize_space(text))
    out: list[str] = []
    cur: list[str] = []
    for tok, end in zip(tokens, sentence_ends(tokens, lang)):
        cur.append(tok)
        if end:
            out.append(" ".join(cur))
            cur = []
    return out
