"""Cue breaks and line breaks: the one line and cue breaker of subkit (sentence ends: subkit.sentence_bounds).

``segment``, ``translate`` and ``lint --fix`` all lay text out with this module, so a cue looks the
same whoever produced it. Costs come from the language data (``subkit.language``):

* :func:`break_cost` prices a break (line or cue) between two adjacent tokens: cheap after a sentence
  end or clause punctuation, cheap before a conjunction, relative pronoun or preposition, dear
  elsewhere, and "forbidden" after an article/determiner, preposition, subject pronoun or clitic,
  auxiliary, "ne" or a title ("M."), after a list marker ("1)"), between a first and a last name, between
  a number and its unit or a noun and its number ("années | 2000"), inside a date, a time of day or a
  century (:mod:`subkit.number_breaks`), and before closing punctuation;
* :func:`wrap_lines` chooses the line breaks of one cue (one line when it fits, otherwise balanced
  lines, unless the break follows punctuation; no one-word orphan line);
* :func:`split_text` and :func:`segment_tokens` choose cue breaks by dynamic programming over the
  candidate break points. A cue spans a bounded number of tokens (it must fit the profile), so the
  work is linear in the length of the input.

Beyond the pair costs, a break between a noun and its adjective, either side
(:func:`subkit.language.noun_adjective_split`, :func:`~subkit.language.adjective_noun_split`), inside
a set phrase or a short bracketed aside, or at a name's particle ("Café | de Flore") is dear; a cue that
runs across a paragraph end pays PARAGRAPH_CROSSING, one that cuts a sentence one cue could hold
SPLIT_SENTENCE, one that ends a sentence and stops inside the next RUN_ON, and an orphan cue (on
screen under ORPHAN_SECONDS, :mod:`subkit.cue_clock`, or under ORPHAN_WORDS words without a sentence
end) is priced: what a subtitler would redo.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

from subkit.cue_clock import TIMING_VIOLATION, CueClock
from subkit.language import (LanguageRules, adjective_noun_split, capitalised, noun_adjective_split, normalize_word,
                             rules)
from subkit.number_breaks import DIGITS_RE, number_pair, year_of_date
from subkit.profiles import Profile, count_chars
from subkit.sentence_bounds import ACRONYM_RE, INITIAL_RE, sentence_ends, split_sentences, strong_end
from subkit.text import normalize_space, short_parentheticals, tokenize

__all__ = ["break_cost", "unit_break", "wrap_lines", "split_text", "split_sentences", "sentence_ends", "segment_tokens",
           "CueSpan", "noun_adjective_split", "adjective_noun_split"]

_CLOSING_START = tuple(",;:!?.…)]}»”’%")
_WORD_CHAR_RE = re.compile(r"\w", re.UNICODE)
_LIST_MARKER_RE = re.compile(r"^(?:\d{1,2}|[a-zA-Z]|[ivx]{1,4})\)$")  # "1)", "a)", "iv)"

# Weights of the optimiser (penalties, in the same unit as the language costs).
CUE_BREAK_WEIGHT = 5.0  # a cue break is a stronger division than a line break
CUE_BASE = 2.0  # every cue costs a little: no needless fragmentation
INTERIOR_SENTENCE_END = 4.0  # "one sentence per cue where it fits"
ORPHAN_CUE = 25.0  # a cue of one short word
ORPHAN_LINE = 15.0  # a line of one short word under/over a longer one
UNBALANCED = 10.0  # shorter line under half the longer one...
UNBALANCED_AT_PUNCT = 0.33  # ...or under a third of it after punctuation (lint line-balance's min-ratio)
BALANCE_WEIGHT = 6.0  # times |l1 - l2| / max(l1, l2)
OVERFLOW = 10_000.0  # per character over the line or cue limit
GOOD_END_BONUS = 10.0  # per cue ending a sentence or a paragraph
CLAUSE_END_BONUS = 4.0  # per cue ending on clause punctuation (10 before: sentences that fit were cut)
SHORT_CUE_CHARS = 18  # cues shorter than this pay SHORT_CUE_WEIGHT per missing character
SHORT_CUE_WEIGHT = 0.4  # a cue whose window cannot satisfy cps / min duration
PARAGRAPH_CROSSING = 250.0  # per paragraph end inside a cue: the author's pause ends a cue
ORPHAN_WORDS = 3  # a cue of fewer words that does not end a sentence is a fragment
ORPHAN_WORDS_COST = 40.0
RUN_ON = 10.0  # a cue that ends one sentence, starts the next and leaves it for the next cue
SPLIT_SENTENCE = 12.0  # a cue break inside a sentence that one cue could hold, in time and space


def _costs(r: LanguageRules) -> dict[str, float]:
    c = {
        "after_sentence_end": 0.0,
        "after_clause_punct": 1.0,
        "before_conjunction": 3.0,
        "before_relative": 3.0,
        "before_preposition": 5.0,
        "plain": 12.0,
        "forbidden": 1000.0,
        "name_pair": 1000.0,
        "number_unit": 1000.0,
        "paragraph_end": 1.0,
        "noun_adjective": 100.0,
        "phrase": 100.0,
        "parenthetical": 50.0,  # inside a short aside: dearer than before its "(" or after its ")"
    }
    c.update(r.costs)
    return c


def _has_word(token: str) -> bool:
    return bool(_WORD_CHAR_RE.search(token))


def break_cost(left_token: str, right_token: str, lang: str, before: str | None = None) -> float:
    """Cost of breaking (line or cue) between two adjacent tokens; *before* is the token before
    *left_token*, if any (a date: "July 4, | 1976").

    Lower is better. Forbidden breaks cost ``costs.forbidden`` (1000 by default): callers never
    choose them when any alternative exists.
    """
    r = rules(lang)
    c = _costs(r)
    if _bound_across_comma(before, left_token, right_token, r):
        return c["number_unit"]
    if _never_parted(left_token, right_token):
        return c["forbidden"]
    if strong_end(left_token, right_token, r):  # before the initials: "the U.S.A. | Then I found"
        return c["after_sentence_end"]
    if INITIAL_RE.match(left_token) and capitalised(right_token):
        return c["name_pair"]  # "Herbert A. | Simon", "J.-P. | Sartre": inside a name
    if r.is_clause_end(left_token):
        return c["after_clause_punct"]
    if r.must_not_end_line(left_token) or left_token.endswith(("-", "–", "/")) and len(left_token) > 1:
        return c["forbidden"]
    if left_token in ("—", "–", "-"):
        return c["after_clause_punct"]
    if number_pair(left_token, right_token, r):
        return c["number_unit"]
    if _first_and_last_name(left_token, right_token):
        return c["name_pair"]
    return _before_word_cost(right_token, r, c)


def _before_word_cost(right: str, r: LanguageRules, c: dict[str, float]) -> float:
    """A break before a conjunction, a relative pronoun, a preposition or another word."""
    right_word = normalize_word(right.strip("«»“”\"()[]"))
    if right_word in r.break_before_conjunction:
        return c["before_conjunction"]
    if right_word in r.break_before_relative:
        return c["before_relative"]
    if right_word in r.break_before_preposition:
        return c["before_preposition"]
    return c["plain"]


def unit_break(before: str | None, left: str, right: str, lang: str) -> bool:
    """Whether a break between *left* and *right* parts a number, a date or a place from what
    reads with it ("March | 15", "July 4, | 1976", "Washington, | D.C."): priced as forbidden."""
    if not (left.endswith(",") or left[:1] in _ROMAN_START or _DIGIT.search(left) or _DIGIT.search(right)):
        return False  # no comma, numeral or digit: no unit (lint asks this of every line end)
    r = rules(lang)
    return _bound_across_comma(before, left, right, r) or (
        number_pair(left, right, r) and break_cost(left, right, lang, before) >= _costs(r)["forbidden"])


_ROMAN_START = frozenset("IVXLCDM")  # a Roman ordinal's first letter ("XXe | siècle")
_DIGIT = re.compile(r"\d")


def _first_and_last_name(left: str, right: str) -> bool:
    """Two capitalised words, the first ending on a letter: a name ("John | Smith")."""
    return capitalised(left) and capitalised(right) and _has_word(left) and left[-1].isalpha()


def _never_parted(left: str, right: str) -> bool:
    """A line never starts with "?" or ",", nor ends on a list marker ("1) | collect")."""
    return (right.lstrip("\u00a0\u202f").startswith(_CLOSING_START) and not DIGITS_RE.match(right)
            or bool(_LIST_MARKER_RE.match(left)))


def _bound_across_comma(before: str | None, left: str, right: str, r: LanguageRules) -> bool:
    """What a comma does not part: a date and its year ("July 4, | 1976"), a place and its dotted
    state ("Washington, | D.C.")."""
    if year_of_date(before, left, right, r):
        return True
    return (left.endswith(",") and capitalised(left) and left[-2:-1].isalpha()
            and bool(ACRONYM_RE.match(right.rstrip(",;:"))))


# --------------------------------------------------------------------------- layout of one cue


class _Doc:
    """Tokens with prefix sums of widths and the cost of a break after each token."""

    def __init__(self, tokens: Sequence[str], lang: str, para_end: Sequence[bool] | None = None):
        self.tokens = list(tokens)
        self.lang = lang
        n = len(self.tokens)
        self.widths = [count_chars(t) for t in self.tokens]
        self.prefix = [0]
        for w in self.widths:
            self.prefix.append(self.prefix[-1] + w)
        r = rules(lang)
        c = _costs(r)
        self.forbidden = c["forbidden"]
        self.plain = c["plain"]
        # bcost[k]: break between token k and k+1 (k < n-1).
        self.bcost = [break_cost(self.tokens[k], self.tokens[k + 1], lang, self.tokens[k - 1] if k else None)
                      for k in range(n - 1)]
        self.sent_end = sentence_ends(self.tokens, lang) if n else []
        self.para_end = list(para_end) if para_end is not None else [False] * n
        if n:
            self.para_end[-1] = True
        # A paragraph end is where the speaker paused: as good as clause punctuation unless
        # the word itself must not end a line (one that stands alone, "à tous", may there).
        # (A capitalised word after a paragraph break starts a sentence: no name pair there.)
        for k in range(n - 1):
            if self.para_end[k] and r.may_end_at_pause(self.tokens[k]):
                self.bcost[k] = min(self.bcost[k], c["paragraph_end"])
        # A noun and the adjective after or before it form one phrase ("son nom | soviétique",
        # "la grande | salle").
        for k in range(n - 1):
            if noun_adjective_split(self.tokens, k, lang) or adjective_noun_split(self.tokens, k, lang):
                self.bcost[k] = max(self.bcost[k], c["noun_adjective"])
        # A name with a particle inside is one name ("Café | de Flore").
        for k in r.inside_names(self.tokens):
            self.bcost[k] = max(self.bcost[k], c["name_pair"])
        # ...and so does a set phrase ("tout | à fait", "plus | ou moins").
        # ...and a short aside ("(the first one, | anyway)").
        spans = [(*span, c["phrase"]) for span in r.phrase_spans(self.tokens)]
        for start, end, cost in spans + [(*span, c["parenthetical"]) for span in short_parentheticals(self.tokens)]:
            for k in range(start, end - 1):
                self.bcost[k] = max(self.bcost[k], cost)
        self.cue_bcost = self.bcost
        self.good_end = c["after_clause_punct"]
        self.short_word = [w <= 12 for w in self.widths]
        # prefix count of interior sentence ends
        self.sent_prefix = [0]
        for k in range(n):
            # a paragraph end is a sentence end the author left unpunctuated
            self.sent_prefix.append(self.sent_prefix[-1] + (1 if self.sent_end[k] or self.para_end[k] else 0))
        self.para_prefix = [0]
        for k in range(n):
            self.para_prefix.append(self.para_prefix[-1] + self.para_end[k])
        self.whole = [False] * n  # whole[k]: a cue break after token k cuts a sentence that fits one cue
        self.hard = [False] * n  # hard[k]: a cue must end after token k (a timestamp or a new speaker follows)

    def cut_opening(self, a: int, b: int) -> bool:
        """Whether tokens a..b-1 open a sentence that a forced cue end (a timestamp) cuts: they can
        join no cue after, and joined to the cue before they would dangle after its sentence's end
        ("…avec nos titres. Bonjour à tous"): a cue of their own is no orphan."""
        last = b - 1
        opens = a == 0 or self.sent_end[a - 1] or self.para_end[a - 1]
        return opens and self.hard[last] and not (self.sent_end[last] or self.para_end[last])

    def length(self, a: int, b: int) -> int:
        """Characters of tokens a..b-1 on one line."""
        return self.prefix[b] - self.prefix[a] + (b - a - 1)


def _line_pair_cost(doc: _Doc, a: int, k: int, b: int, max_chars: int) -> float:
    l1 = doc.length(a, k)
    l2 = doc.length(k, b)
    cost = doc.bcost[k - 1]
    longer, shorter = max(l1, l2), min(l1, l2)
    cost += BALANCE_WEIGHT * (longer - shorter) / max(longer, 1)
    # at punctuation a line may be shorter: "Le XXIe siècle sera celui des sols, / ou ne sera pas."
    if shorter < (UNBALANCED_AT_PUNCT if doc.bcost[k - 1] <= doc.good_end else 0.5) * longer:
        cost += UNBALANCED
    if l1 > l2:
        cost += 0.5  # pyramid: a slightly shorter top line reads better
    if (k - a == 1 and (doc.short_word[a] or b - k >= 3)) or (b - k == 1 and (doc.short_word[k] or k - a >= 3)):
        cost += ORPHAN_LINE  # a long word alone under three or more is one too (lint's line-balance)
    over = max(0, l1 - max_chars) + max(0, l2 - max_chars)
    return cost + OVERFLOW * over


def _layout(doc: _Doc, a: int, b: int, max_chars: int, max_lines: int) -> tuple[float, list[int]]:
    """Best line breaks of tokens a..b-1: (cost, [indices of tokens starting lines 2..])."""
    total = doc.length(a, b)
    if total <= max_chars or b - a == 1 or max_lines <= 1:
        return OVERFLOW * max(0, total - max_chars), []
    if max_lines == 2:
        best, best_k = math.inf, a + 1
        for k in range(a + 1, b):
            cst = _line_pair_cost(doc, a, k, b, max_chars)
            if cst < best:
                best, best_k = cst, k
        return best, [best_k]
    return _layout_general(doc, a, b, max_chars, max_lines)


def _layout_general(doc: _Doc, a: int, b: int, max_chars: int, max_lines: int) -> tuple[float, list[int]]:
    """Lines >= 3 allowed: DP over line starts (small inputs only)."""
    lines_target = max(1, min(max_lines, math.ceil(doc.length(a, b) / max_chars)))
    ideal = doc.length(a, b) / lines_target
    # best[(k, l)] = cost of laying out tokens k..b-1 in l lines
    memo: dict[tuple[int, int], tuple[float, list[int]]] = {}

    def go(k: int, left: int) -> tuple[float, list[int]]:
        key = (k, left)
        if key in memo:
            return memo[key]
        length = doc.length(k, b)
        if left == 1:
            res = (OVERFLOW * max(0, length - max_chars) + abs(length - ideal) * 0.2, [])
        else:
            res = (OVERFLOW * max(0, length - max_chars) + abs(length - ideal) * 0.2, [])
            for m in range(k + 1, b):
                head = doc.length(k, m)
                cst = doc.bcost[m - 1] + OVERFLOW * max(0, head - max_chars) + abs(head - ideal) * 0.2
                if m - k == 1 and doc.short_word[k]:
                    cst += ORPHAN_LINE
                if cst >= res[0]:
                    continue
                sub = go(m, left - 1)
                if cst + sub[0] < res[0]:
                    res = (cst + sub[0], [m] + sub[1])
        memo[key] = res
        return res

    return go(a, max_lines)


def _lines(doc: _Doc, a: int, b: int, breaks: list[int]) -> list[str]:
    starts = [a] + breaks + [b]
    return [" ".join(doc.tokens[s:e]) for s, e in zip(starts, starts[1:])]


def wrap_lines(text: str, lang: str, profile: Profile) -> list[str]:
    """Best layout of one cue's text into 1..profile.max_lines lines using the shared break costs
    (never ending a line on a forbidden word when any alternative exists). If the text cannot fit,
    returns the best layout anyway (lines may exceed the limit); never drops or reorders words.

    Existing line breaks in *text* are ignored (the text is re-flowed).
    """
    tokens = tokenize(normalize_space(text))
    if not tokens:
        return []
    doc = _Doc(tokens, lang)
    _, breaks = _layout(doc, 0, len(tokens), profile.max_chars_per_line, profile.max_lines)
    return _lines(doc, 0, len(tokens), breaks)


# --------------------------------------------------------------------------- cue breaks


@dataclass(frozen=True)
class CueSpan:
    """A cue chosen by the optimiser: tokens[start:end] laid out in ``lines``."""

    start: int
    end: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def _cue_cost(doc: _Doc, i: int, j: int, profile: Profile) -> tuple[float, list[int]]:
    lay, breaks = _layout(doc, i, j, profile.max_chars_per_line, profile.max_lines)
    cost = lay + CUE_BASE
    if j < len(doc.tokens):
        bc = doc.cue_bcost[j - 1]
        cost += CUE_BREAK_WEIGHT * bc
        if bc <= doc.good_end:
            # A cue ending on punctuation or a pause reads as a unit: prefer more of those over
            # fuller cues, unless the cue gets very short; a clause's end less so than a sentence's
            # ("Keep a sentence in one subtitle when it fits": "Pendant ce temps, | on épluche…")
            cost -= GOOD_END_BONUS if doc.sent_end[j - 1] or doc.para_end[j - 1] else CLAUSE_END_BONUS
    chars = doc.length(i, j)
    if chars < SHORT_CUE_CHARS:
        cost += SHORT_CUE_WEIGHT * (SHORT_CUE_CHARS - chars)
    # interior sentence ends (not counting the last token)
    interior = doc.sent_prefix[j - 1] - doc.sent_prefix[i]
    cost += INTERIOR_SENTENCE_END * interior
    cost += PARAGRAPH_CROSSING * (doc.para_prefix[j - 1] - doc.para_prefix[i])
    if j - i == 1 and doc.short_word[i] and len(doc.tokens) > 1:
        cost += ORPHAN_CUE
    if j - i < ORPHAN_WORDS and not doc.sent_end[j - 1] and len(doc.tokens) >= ORPHAN_WORDS:
        cost += ORPHAN_WORDS_COST
    if j < len(doc.tokens) and doc.whole[j - 1]:
        cost += SPLIT_SENTENCE
    if interior and j < len(doc.tokens) and not (doc.sent_end[j - 1] or doc.para_end[j - 1]):
        cost += RUN_ON  # "It wasn't easy. In fact, | it was the hardest thing..."
    return cost, breaks


def _mark_whole_sentences(doc: _Doc, profile: Profile, clock: CueClock | None,
                          hard_end: Sequence[bool] | None) -> None:
    """Mark the breaks inside each sentence that one cue could hold: its lines fit the profile and,
    with times, its window allows the reading speed and the duration limits ("keep a sentence in one
    subtitle when it fits"; a cut at its comma gave "Le meeting de Jean avec Google, | c'est à 14 h.")."""
    cap = profile.max_chars_per_cue + profile.max_lines
    # a sentence ends at a sentence's punctuation, a paragraph end or a speaker's turn
    ends = [k + 1 for k in range(len(doc.tokens)) if doc.sent_end[k] or doc.para_end[k] or hard_end and hard_end[k]]
    for a, b in zip([0] + ends, ends):
        if b - a < 2 or doc.length(a, b) > cap:
            continue
        lay, breaks = _layout(doc, a, b, profile.max_chars_per_line, profile.max_lines)
        if lay >= OVERFLOW or any(doc.bcost[k - 1] >= doc.plain for k in breaks):
            continue  # only with line breaks a subtitler would make
        if clock is not None and clock.cost(a, b, doc.length(a, b) - len(breaks)) >= TIMING_VIOLATION:
            continue
        for k in range(a, b - 1):
            doc.whole[k] = True


def segment_tokens(
    tokens: Sequence[str],
    lang: str,
    profile: Profile,
    para_end: Sequence[bool] | None = None,
    times: Sequence[tuple[float, float]] | None = None,
    end_limit: float | None = None,
    hard_end: Sequence[bool] | None = None,
    held_end: Sequence[bool] | None = None,
) -> list[CueSpan]:
    """Choose cue breaks (and each cue's line breaks) for a whole token stream.

    *para_end* marks tokens that end a paragraph (a pause: a good cue end); *hard_end* those a cue
    must end with (a speaker's turn ends there). *times*, when given,
    holds each token's modelled speech (start, end) in seconds, as :func:`subkit.timing.token_times`
    gives them (*end_limit* too: the speech model's unit; cue times are chosen later, in
    milliseconds, by :func:`subkit.timing.cue_times`): a cue may stay on screen from its first word
    until the next cue's first word (minus the minimum gap, at most ``max_duration``), and cue breaks
    whose window would break the reading speed or the minimum duration are heavily penalised.
    *held_end* marks the modelled words a timestamp follows: a cue ending there too short to read may
    start a little early, as :func:`subkit.timing.cue_times` will start it.
    Work is O(n * w) with w the number of tokens that fit in one cue.
    """
    doc = _Doc(tokens, lang, para_end)
    n = len(doc.tokens)
    if n == 0:
        return []
    doc.hard = list(hard_end) if hard_end is not None else doc.hard
    cap = profile.max_chars_per_cue + profile.max_lines  # chars incl. the spaces that become breaks
    best = [math.inf] * (n + 1)
    back = [0] * (n + 1)
    lay: list[list[int]] = [[] for _ in range(n + 1)]
    best[0] = 0.0
    clock = None
    if times is not None:
        clock = CueClock(times, end_limit if end_limit is not None else times[-1][1] + 1.0, profile, held_end)
    _mark_whole_sentences(doc, profile, clock, hard_end)
    last = _cue_limits(hard_end, n)
    for i in range(n):
        if best[i] == math.inf:
            continue
        j = i + 1
        lead = 0 if clock is None else clock.lead(back[i], i, doc.length(back[i], i) - len(lay[i]))
        while j <= last[i]:
            if j > i + 1 and doc.length(i, j) > cap:
                break
            cost, breaks = _cue_cost(doc, i, j, profile)
            if clock is not None:
                cost += clock.cost(i, j, doc.length(i, j) - len(breaks), not doc.cut_opening(i, j), lead)
            total = best[i] + cost
            if total < best[j]:
                best[j], back[j], lay[j] = total, i, breaks
            j += 1
    spans: list[CueSpan] = []
    j = n
    while j > 0:
        i = back[j]
        spans.append(CueSpan(i, j, tuple(_lines(doc, i, j, lay[j]))))
        j = i
    spans.reverse()
    return spans


def _cue_limits(hard_end: Sequence[bool] | None, n: int) -> list[int]:
    """For each token, the end (exclusive) no cue starting there may pass: its next hard end."""
    last = [n] * n
    for k in range(n - 2, -1, -1):
        last[k] = k + 1 if hard_end is not None and hard_end[k] else last[k + 1]
    return last


def split_text(text: str, lang: str, profile: Profile, max_pieces: int | None = None) -> list[str]:
    """Split a text (e.g. one sentence) into consecutive cue texts that each fit the profile
    (chars/line x lines), choosing cue breaks with the same costs. ' '.join(result) == normalised text.

    The normalised text is *text* with whitespace runs collapsed to one space (no-break spaces
    kept). With *max_pieces*, at most that many pieces are returned, even if they then overflow
    the profile (the overflow is minimised). Use :func:`wrap_lines` to lay out each piece.
    """
    tokens = tokenize(normalize_space(text))
    if not tokens:
        return []
    if max_pieces is None:
        return [s.text for s in segment_tokens(tokens, lang, profile)]
    if max_pieces < 1:
        raise ValueError("max_pieces must be >= 1")
    doc = _Doc(tokens, lang)
    n = len(tokens)
    pieces = min(max_pieces, n)
    # best[p][j]: cost of tokens[:j] in exactly p pieces; every cut allowed (overflow is priced).
    best = [[math.inf] * (n + 1) for _ in range(pieces + 1)]
    back = [[0] * (n + 1) for _ in range(pieces + 1)]
    best[0][0] = 0.0
    for p in range(1, pieces + 1):
        for j in range(p, n + 1):
            for i in range(p - 1, j):
                if best[p - 1][i] == math.inf:
                    continue
                c = best[p - 1][i] + _cue_cost(doc, i, j, profile)[0]
                if c < best[p][j]:
                    best[p][j], back[p][j] = c, i
    p = min(range(1, pieces + 1), key=lambda q: best[q][n])
    cuts = [n]
    j = n
    while p > 0:
        j = back[p][j]
        cuts.append(j)
        p -= 1
    cuts.reverse()
    return [" ".join(tokens[a:b]) for a, b in zip(cuts, cuts[1:])]
