"""Number-copy augmentation: training pairs whose numbers are swapped for other numbers, on both sides.

The model drops or changes digits it has seldom seen together ("depuis la fin 2022" -> "from the end
of 202"): SentencePiece cuts a number into pieces, and a small model learns the frequent pieces'
sequels. The cure is the one augment_names.py applies to names: take training pairs where a plain
integer stands unchanged on both sides (a year, a count, a date), and write copies of them with that
integer replaced, on both sides, by another of a similar kind (a year for a year, a short number for
a short one). Numbers with separators (1 000 / 1,000; 2,5 / 2.5) are left alone, as their form
changes in translation.

Usage: python tools/train_fr_en/augment_numbers.py --work tools/train_fr_en/work [--pairs 30000]
Writes WORK/numbers.npz (the format of train.npz; source id NUMBERS_SOURCE) from WORK/train.npz and
WORK/spm.model; skipped when it exists (--force to redo). train.py mixes it in with --numbers-weight.
Only training pairs are used: the validation split stays as it is.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from augment_names import NAMES_SOURCE, extra_pairs  # noqa: E402
from prepare import LONG_SOURCES, SOURCE_ORDER  # noqa: E402

NUMBERS_SOURCE = 103
assert NUMBERS_SOURCE > NAMES_SOURCE >= len(SOURCE_ORDER)
# A plain integer: not part of a longer number with separators, a decimal, a word or a code.
_INT = re.compile(r"(?<![\w.,/:-])\d{1,4}(?![\w/:-]|[.,]\d|\s\d{3}\b)")


def copied_numbers(fr, en):
    """Plain integers that stand, unchanged, on both sides."""
    en_numbers = set(_INT.findall(en))
    return sorted({n for n in _INT.findall(fr) if n in en_numbers})


def similar_number(old, rng):
    """Another integer like *old*: a year (1900-2039) for a year, else one with about as many digits."""
    if len(old) == 4 and old[:2] in ("19", "20"):
        return str(rng.randint(1900, 2039))
    digits = max(1, min(4, len(old) + rng.choice((-1, 0, 0, 1))))
    low = 10 ** (digits - 1) if digits > 1 else 0
    return str(rng.randint(low, 10 ** digits - 1))


def augment(pairs, n, rng):
    """*n* (fr, en) pairs: pairs with copied integers, each of them swapped on both sides."""
    candidates = [(fr, en, sid, nums) for fr, en, sid in pairs if (nums := copied_numbers(fr, en))]
    long_ones = [c for c in candidates if SOURCE_ORDER[c[2]] in LONG_SOURCES]
    out = []
    for k in range(n if candidates else 0):
        fr, en, _, nums = rng.choice(long_ones if k % 2 == 0 and long_ones else candidates)
        new = {old: similar_number(old, rng) for old in nums}

        def swap(m):
            return new.get(m.group(0), m.group(0))
        out.append((_INT.sub(swap, fr), _INT.sub(swap, en)))
    return out, len(candidates)


def main():
    def make(pairs, n, rng):
        made, n_candidates = augment(pairs, n, rng)
        return made, f"from {n_candidates} with copied integers"

    extra_pairs(__doc__, "numbers.npz", NUMBERS_SOURCE, make, pairs=30000, seed=17)


if __name__ == "__main__":
    main()
