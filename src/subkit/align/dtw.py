"""Dynamic time warping of a reference (rows: synthetic speech) onto a recording (columns).

Steps: diagonal and vertical steps cost the local distance; a horizontal step (recording frames
spent on one reference frame) costs ``min(distance, skip)``, so a music intro, a jingle or a long
pause in the recording is passed over at a bounded price instead of dragging words into it. An
optional :class:`Gap` makes the recording's detected long pauses cheaper still to pass over, and
dearer to put words in.

:func:`warp` is multi-resolution: a full warping of frames averaged by a coarse factor, then
finer passes, each in a band around the previous path projected down. Each band row is solved at
once with numpy: ``D[j] = H[j] + cummin(M - H)[j]`` (``M``: best arrival from the row above,
``H``: cumulated horizontal costs). :func:`reference_dtw` is the plain double loop the tests hold
the fast version to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

__all__ = ["reference_dtw", "banded_dtw", "warp", "Path", "Gap"]

MAX_FULL_CELLS = 8_000_000  # the coarsest pass is a full matrix (float64): keep it this small (64 MB)
RADIUS = 8  # band half-width, in cells of the finer pass


class Path:
    """A warping path: ``rows[k], cols[k]``, from (0, 0) to (n-1, m-1), and its local costs."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray, costs: np.ndarray):
        self.rows, self.cols, self.costs = rows, cols, costs

    def col_range(self, n_rows: int) -> tuple[np.ndarray, np.ndarray]:
        """Per reference row, the first and the last recording column the path spends on it."""
        first = np.full(n_rows, np.iinfo(np.int64).max, np.int64)
        last = np.full(n_rows, -1, np.int64)
        np.minimum.at(first, self.rows, self.cols)
        np.maximum.at(last, self.rows, self.cols)
        return first, last


def _distances(ref_row: np.ndarray, cols: np.ndarray) -> np.ndarray:
    diff = cols - ref_row
    return np.sqrt(np.einsum("ij,ij->i", diff, diff))


@dataclass(frozen=True)
class Gap:
    """The recording's long pauses, which the reference (synthetic speech) lacks: passed over at
    *price* a frame (plus *extra* where the reference speaks: the pause goes between its words), and
    a speaking reference frame matched to one costs *mismatch* more (words are not put in silence)."""

    pause: np.ndarray  # per recording frame, 0..1: how much of it is inside a long pause
    speaks: np.ndarray  # per reference frame, 0..1: how much of it speaks
    price: float
    extra: float
    mismatch: float

    def __post_init__(self):
        # whole-row arrays, one per distinct (skip, speaks) and speaks value, sliced per band row: a
        # pass has a handful of them, and a slice costs no arithmetic in the row loop
        object.__setattr__(self, "_base", self.price + (1.0 - self.pause) * _OPEN)
        object.__setattr__(self, "_caps", {})
        object.__setattr__(self, "_penalties", {})

    def caps(self, skip: float, i: int, a: int, b: int) -> np.ndarray:
        """The horizontal-step price cap of row *i* over columns a..b-1 (a frame half in a pause
        costs _OPEN / 2 more: a coarse pass gets no cheap way through speech)."""
        key = (float(skip), float(self.speaks[i]))
        row = self._caps.get(key)
        if row is None:
            row = self._caps[key] = np.minimum(key[0], self._base + self.extra * key[1])
        return row[a:b]

    def penalty(self, i: int, a: int, b: int) -> np.ndarray | float:
        speaks = float(self.speaks[i])
        if not speaks:
            return 0.0
        row = self._penalties.get(speaks)
        if row is None:
            row = self._penalties[speaks] = self.mismatch * speaks * self.pause
        return row[a:b]

    def at(self, distance: float, skip: float, i: int, j: int) -> tuple[float, float]:
        """The local cost and the horizontal cap of one cell (the backtracking's, in plain floats)."""
        speaks = float(self.speaks[i])
        return (distance + self.mismatch * speaks * float(self.pause[j]),
                min(skip, float(self._base[j]) + self.extra * speaks))

    def pooled(self, f: int) -> Gap:
        """The same for frames averaged by *f*: the mean share of pause and of speech."""
        return Gap(_pool(self.pause[:, None], f)[:, 0], _pool(self.speaks[:, None], f)[:, 0], self.price,
                   self.extra, self.mismatch)


_OPEN = 4.0  # added to a gap's price per share of the frame outside the pause (about SKIP)


def _local(ref: np.ndarray, real: np.ndarray, i: int, a: int, b: int, gap: Gap | None) -> np.ndarray:
    """Local costs of row *i* over columns a..b-1: the distance, plus the gap's mismatch."""
    c = _distances(ref[i], real[a:b])
    return c if gap is None else c + gap.penalty(i, a, b)


def _caps(skip: np.ndarray, gap: Gap | None, i: int, a: int, b: int) -> np.ndarray | float:
    """The horizontal-step price cap of row *i* over columns a..b-1."""
    return skip[i] if gap is None else gap.caps(skip[i], i, a, b)


def reference_dtw(ref: np.ndarray, real: np.ndarray, skip: np.ndarray,
                  gap: Gap | None = None) -> tuple[float, list[tuple[int, int]]]:
    """Plain O(n·m) warping with the same steps and costs; (total cost, path)."""
    n, m = len(ref), len(real)
    cost = np.array([_local(ref, real, i, 0, m, gap) for i in range(n)])
    caps = np.array([np.broadcast_to(_caps(skip, gap, i, 0, m), m) for i in range(n)])
    acc = np.full((n, m), np.inf)
    for i in range(n):
        for j in range(m):
            if i == 0 and j == 0:
                acc[i, j] = cost[0, 0]
                continue
            best = np.inf
            if i > 0:
                best = min(best, acc[i - 1, j] + cost[i, j])
                if j > 0:
                    best = min(best, acc[i - 1, j - 1] + cost[i, j])
            if j > 0:
                best = min(best, acc[i, j - 1] + min(cost[i, j], caps[i, j]))
            acc[i, j] = best
    path = [(n - 1, m - 1)]
    i, j = n - 1, m - 1
    while (i, j) != (0, 0):
        options = []
        if i > 0 and j > 0:
            options.append((acc[i - 1, j - 1] + cost[i, j], (i - 1, j - 1)))
        if i > 0:
            options.append((acc[i - 1, j] + cost[i, j], (i - 1, j)))
        if j > 0:
            options.append((acc[i, j - 1] + min(cost[i, j], caps[i, j]), (i, j - 1)))
        i, j = min(options, key=lambda o: o[0])[1]
        path.append((i, j))
    return float(acc[-1, -1]), path[::-1]


def banded_dtw(ref: np.ndarray, real: np.ndarray, lo: np.ndarray, hi: np.ndarray,
               skip: np.ndarray, gap: Gap | None = None) -> tuple[float, Path]:
    """Warping restricted to columns ``lo[i] <= j < hi[i]`` of each row (bands must overlap row to row);
    *skip*: the horizontal-step price cap of each row (and *gap*, see the module docstring)."""
    n = len(ref)
    widths = hi - lo
    offsets = np.concatenate([[0], np.cumsum(widths)])
    acc = np.empty(int(offsets[-1]), np.float64)
    prev = np.array([0.0])
    prev_lo = 0
    for i in range(n):
        a, b = int(lo[i]), int(hi[i])
        c = _local(ref, real, i, a, b, gap)
        if i == 0:
            arrive = np.full(b - a, np.inf)
            arrive[0] = c[0] if a == 0 else np.inf
        else:
            # best of D[i-1, j] and D[i-1, j-1], read from the previous band
            up = _shifted(prev, prev_lo, a, b)
            diag = _shifted(prev, prev_lo, a - 1, b - 1)
            arrive = c + np.minimum(up, diag)
        h = np.minimum(c, _caps(skip, gap, i, a, b))
        cum = np.cumsum(h)
        row = cum + np.minimum.accumulate(arrive - cum)
        acc[offsets[i]:offsets[i + 1]] = row
        prev, prev_lo = row, a
    total = float(acc[offsets[n - 1] + (int(hi[n - 1]) - 1 - int(lo[n - 1]))])
    return total, _backtrack(ref, real, acc, offsets, lo, hi, skip, gap)


def _shifted(row: np.ndarray, row_lo: int, a: int, b: int) -> np.ndarray:
    """Values of a band row (starting at column *row_lo*) for columns a..b-1, inf outside it."""
    out = np.full(b - a, np.inf)
    s, e = max(a, row_lo), min(b, row_lo + len(row))
    if s < e:
        out[s - a:e - a] = row[s - row_lo:e - row_lo]
    return out


def _backtrack(ref, real, acc, offsets, lo, hi, skip, gap) -> Path:
    def at(i, j):
        if i < 0 or j < lo[i] or j >= hi[i]:
            return np.inf
        return acc[offsets[i] + j - lo[i]]

    i, j = len(ref) - 1, int(hi[-1]) - 1
    size = len(ref) + len(real)  # no path is longer
    rows, cols, costs = np.empty(size, np.int64), np.empty(size, np.int64), np.empty(size, np.float32)
    k = size - 1
    rows[k], cols[k] = i, j
    while i > 0 or j > 0:
        d = float(np.linalg.norm(ref[i] - real[j]))
        costs[k] = d  # the distance: what the caller measures
        c, cap = (d, float(skip[i])) if gap is None else gap.at(d, float(skip[i]), i, j)
        diag, up, left = at(i - 1, j - 1), at(i - 1, j), at(i, j - 1) + min(c, cap) - c
        if diag <= up and diag <= left:
            i, j = i - 1, j - 1
        elif up <= left:
            i -= 1
        else:
            j -= 1
        k -= 1
        rows[k], cols[k] = i, j
    costs[k] = float(np.linalg.norm(ref[0] - real[0]))
    return Path(rows[k:].copy(), cols[k:].copy(), costs[k:].copy())


def _pool(x: np.ndarray, factor: int) -> np.ndarray:
    n = -(-len(x) // factor)
    pad = np.concatenate([x, np.repeat(x[-1:], n * factor - len(x), axis=0)])
    return pad.reshape(n, factor, x.shape[1]).mean(axis=1)


def _band_from(path: Path, factor: int, n: int, m: int, radius: int) -> tuple[np.ndarray, np.ndarray]:
    """Project a coarse path onto the finer grid, widened by *radius* cells."""
    lo = np.full(n, m, np.int64)
    hi = np.zeros(n, np.int64)
    for k in range(factor):
        r = np.minimum(path.rows * factor + k, n - 1)
        np.minimum.at(lo, r, path.cols * factor - radius)
        np.maximum.at(hi, r, (path.cols + 1) * factor + radius)
    lo = np.clip(np.minimum.accumulate(lo[::-1])[::-1], 0, m - 1)
    hi = np.clip(np.maximum.accumulate(hi), 1, m)
    lo[0] = 0
    hi[-1] = m
    return lo, hi


def _factors(n: int, m: int) -> list[int]:
    factors = [1, 4, 16]
    while (n / factors[-1]) * (m / factors[-1]) > MAX_FULL_CELLS:
        factors.append(factors[-1] * 4)
    return factors[::-1]


def warp(ref: np.ndarray, real: np.ndarray, skip: np.ndarray, radius: int = RADIUS,
         prepare: Callable[[np.ndarray, int], np.ndarray] | None = None, gap: Gap | None = None) -> Path:
    """Multi-resolution banded warping of *ref* onto *real* (both frames × features); *skip* per ref row.

    *prepare(pooled, factor)* turns frames averaged by *factor* into the features of that pass (a
    normalisation whose window suits the frame size: averaging already normalised features over
    seconds leaves next to nothing to match); by default the averages are compared as they are."""
    factors = _factors(len(ref), len(real))
    path = None
    prev_f = factors[0]
    for f in factors:
        r, x = (_pool(ref, f), _pool(real, f)) if f > 1 else (ref, real)
        if prepare is not None:
            r, x = prepare(r, f), prepare(x, f)
        # a coarse row may skip as cheaply as any of its frames (the trailing silence of the
        # reference is shorter than one coarse row: sampling every f-th would lose it)
        s = np.minimum.reduceat(skip, np.arange(0, len(skip), f)) if f > 1 else skip
        g = gap if gap is None or f == 1 else gap.pooled(f)
        if path is None:
            lo, hi = np.zeros(len(r), np.int64), np.full(len(r), len(x), np.int64)
        else:
            lo, hi = _band_from(path, prev_f // f, len(r), len(x), radius)
        _, path = banded_dtw(r, x, lo, hi, s, g)
        prev_f = f
    return path

