"""Translations → cues: cut each translated sentence back onto the cues its source came from.

Each source fragment gets a share of the translation proportional to its share of the source
text. Cuts fall on word boundaries chosen with the segmenter's break costs (never after an
article or a preposition), and a part that would not fit its cue (lines x characters, reading
speed over its duration) is penalised, so the optimiser moves words to where there is room.
"""

from __future__ import annotations

from typing import Sequence

__all__ = ["split_translation"]

# Relative weights of the three costs. A 10 % deviation from the source proportions costs about
# as much as a plain break between two words; overflowing a cue's room costs more per character.
PROPORTION_WEIGHT = 100.0
OVERFLOW_WEIGHT = 8.0
EMPTY_PART_COST = 400.0


def split_translation(text: str, weights: Sequence[float], capacities: Sequence[float] | None = None,
                      lang: str = "en") -> list[str]:
    """Split *text* into ``len(weights)`` consecutive parts (dynamic programming over word gaps).

    *weights* are the source fragments' shares (any positive scale); *capacities* the number of
    characters each part's cue can show. ``" ".join(parts)`` gives back the words of *text* in
    order (empty parts are skipped by the join's caller).
    """
    from subkit.breaking import break_cost
    from subkit.text import tokenize

    words = tokenize(text)  # a no-break space ("10\u00a0km", "«\u00a0oui\u00a0»") stays, as written
    k_parts = len(weights)
    if k_parts == 0:
        return []
    if k_parts == 1:
        return [" ".join(words)]
    n = len(words)
    gap_cost = [0.0] * (n + 1)
    for j in range(1, n):
        gap_cost[j] = break_cost(words[j - 1], words[j], lang, words[j - 2] if j > 1 else None)
    caps = list(capacities) if capacities is not None else [float("inf")] * k_parts
    back = _Splitter(words, _cumulative_shares(weights), caps, gap_cost).solve()
    parts: list[str] = []
    j = n
    for k in range(k_parts - 1, -1, -1):
        i = back[k][j] if k else 0
        parts.append(" ".join(words[i:j]))
        j = i
    parts.reverse()
    return parts


def _cumulative_shares(weights: Sequence[float]) -> list[float]:
    """Where each part should end, as a share (0..1) of the whole text."""
    total_w = sum(weights) or 1.0
    targets = []
    acc = 0.0
    for w in weights:
        acc += w / total_w
        targets.append(acc)
    return targets


class _Splitter:
    """The dynamic programme of :func:`split_translation`."""

    def __init__(self, words: Sequence[str], targets: Sequence[float], caps: Sequence[float],
                 gap_cost: Sequence[float]):
        self.n = len(words)
        self.targets = targets
        self.caps = caps
        self.gap_cost = gap_cost
        # prefix[i] = characters of words[:i] joined with spaces (counting the separators).
        self.prefix = [0]
        for w in words:
            self.prefix.append(self.prefix[-1] + len(w) + (1 if self.prefix[-1] else 0))
        self.total_chars = self.prefix[-1] or 1

    def solve(self) -> list[list[int]]:
        """back[k][j]: where part k starts when it ends at word j, on the cheapest path."""
        n, k_parts = self.n, len(self.targets)
        inf = float("inf")
        # best[k][j]: cost of putting words[:j] into the first k+1 parts, part k ending at j.
        best = [[inf] * (n + 1) for _ in range(k_parts)]
        back = [[0] * (n + 1) for _ in range(k_parts)]
        for k in range(k_parts):
            last = k == k_parts - 1
            for j in range(n + 1) if not last else (n,):
                self._relax(k, j, last, best, back)
        return back

    def _relax(self, k: int, j: int, last: bool, best: list[list[float]], back: list[list[int]]) -> None:
        """The cheapest start of part *k* ending at word *j*."""
        prefix, cap, empty_cost = self.prefix, self.caps[k], EMPTY_PART_COST if self.n >= len(self.targets) else 0.0
        cut = 0.0 if last or j in (0, self.n) else self.gap_cost[j]
        # How far the cumulative share after this part is from the source's.
        drift = abs(prefix[j] / self.total_chars - self.targets[k]) * PROPORTION_WEIGHT if not last else 0.0
        row, inf = best[k], float("inf")
        for i in range(0, j + 1) if k else (0,):
            prev = best[k - 1][i] if k else 0.0
            if prev == inf:
                continue
            length = prefix[j] - prefix[i] - (1 if i > 0 and j > i else 0)  # words i..j-1 on one line
            cost = prev + cut + drift
            if length == 0:
                cost += empty_cost
            if length > cap:
                cost += (length - cap) * OVERFLOW_WEIGHT
            if cost < row[j]:
                row[j] = cost
                back[k][j] = i
