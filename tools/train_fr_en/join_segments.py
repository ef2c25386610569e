"""Joined segments: runs of 2-3 consecutive training pairs of one document, joined into one longer pair.

Most training pairs are one short sentence (Tatoeba, Multi30k, film lines), while subkit translates
long spoken sentences (the seed) and FLORES holds long written ones. The news, parliament and UN
sources keep their documents' order, and the film dialogue its scenes' order, so neighbours in
train.npz are neighbours in a text: joining them gives long inputs whose translation is known, with
no sentence invented. A run is joined only where every French and English piece ends a sentence,
and only up to prepare.py's length limit (400 characters a side).

Usage: python tools/train_fr_en/join_segments.py --work tools/train_fr_en/work [--pairs 40000]
Writes WORK/joined.npz (the format of train.npz; source id JOINED_SOURCE) from WORK/train.npz and
WORK/spm.model; skipped when it exists (--force to redo). train.py mixes it in with --joined-weight
(0.5 by default: the A/B in models/README.md).
Only training pairs are used: the validation split stays as it is.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from augment_names import NAMES_SOURCE, extra_pairs  # noqa: E402
from prepare import LONG_SOURCES, SOURCE_ORDER  # noqa: E402

# Source id of the joined pairs: fixed past the data sources' ids and apart from the name-copy pairs'.
JOINED_SOURCE = 101
assert JOINED_SOURCE > NAMES_SOURCE >= len(SOURCE_ORDER)
# Sources stored in document (or scene) order.
ORDERED_SOURCES = LONG_SOURCES | {"opensubtitles-ctxpro"}
MAX_CHARS = 400
_SENTENCE_END = re.compile(r"[.!?…][\"'»”)]*$")


def ends_sentence(pair):
    return bool(_SENTENCE_END.search(pair[0])) and bool(_SENTENCE_END.search(pair[1]))


def run_starts(pairs):
    """Indices i where pairs i and i+1 come from the same ordered source and both end a sentence."""
    ordered = {SOURCE_ORDER.index(name) for name in ORDERED_SOURCES if name in SOURCE_ORDER}
    ends = [ends_sentence(p) for p in pairs]
    return [i for i in range(len(pairs) - 1)
            if pairs[i][2] in ordered and pairs[i + 1][2] == pairs[i][2] and ends[i] and ends[i + 1]]


def join_run(pairs, start, size):
    """(fr, en) of pairs[start:start+size] joined with spaces, or None if a piece does not end a
    sentence, the run leaves its source, or a side grows past MAX_CHARS."""
    run = pairs[start:start + size]
    if len(run) < size or any(p[2] != run[0][2] or not ends_sentence(p) for p in run):
        return None
    fr, en = " ".join(p[0] for p in run), " ".join(p[1] for p in run)
    if len(fr) > MAX_CHARS or len(en) > MAX_CHARS:
        return None
    return fr, en


def join(pairs, n, rng):
    """Up to *n* distinct joined (fr, en) pairs: runs of 2 (two thirds) or 3 consecutive pairs."""
    starts = run_starts(pairs)
    seen, out = set(), []
    for _ in range(4 * n):
        if len(out) >= n or not starts:
            break
        joined = join_run(pairs, rng.choice(starts), 2 if rng.random() < 2 / 3 else 3)
        if joined and joined not in seen:
            seen.add(joined)
            out.append(joined)
    return out, len(starts)


def main():
    def make(pairs, n, rng):
        made, n_starts = join(pairs, n, rng)
        mean = sum(len(fr) for fr, _ in made) / max(len(made), 1)
        return made, f"joined from {n_starts} run starts, French {mean:.0f} characters on average"

    extra_pairs(__doc__, "joined.npz", JOINED_SOURCE, make, pairs=40000, seed=11)


if __name__ == "__main__":
    main()
