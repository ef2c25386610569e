"""Sampled segmentations: training pairs whose French is cut into SentencePiece pieces at random.

After some 70 epochs over the same 284k pairs the model has learnt each French sentence in one fixed
segmentation. Subword regularisation (Kudo, ACL 2018) shows it the same text cut in other ways
("▁Toretsk" as ▁To re t s k, or ▁T or et s k), a regulariser that costs no new data and teaches the
encoder the pieces of rare words and names. Pairs are drawn with prepare.py's SOURCE_WEIGHTS, so the
sampled share keeps the mix; the English keeps its usual segmentation (what the decoder must produce).

Usage: python tools/train_fr_en/sample_segments.py --work tools/train_fr_en/work [--pairs 100000]
Writes WORK/sampled.npz (the format of train.npz; source id SAMPLED_SOURCE) from WORK/train.npz and
WORK/spm.model; skipped when it exists (--force to redo). train.py mixes it in with --sampled-weight
(0 by default: the trial in models/README.md). Only training pairs are used.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from augment_names import NAMES_SOURCE, extra_pairs  # noqa: E402
from prepare import SOURCE_ORDER, SOURCE_WEIGHTS  # noqa: E402

SAMPLED_SOURCE = 104
assert SAMPLED_SOURCE > NAMES_SOURCE >= len(SOURCE_ORDER)
# Smoothing of the sampling: 0.1 cuts most words into letters, 1.0 seldom departs from the best one.
ALPHA = 0.3


def draw(pairs, n, rng):
    """*n* (fr, en) pairs drawn with replacement, each source as often as its weight in the mix."""
    # derived pairs (ids past SOURCE_ORDER) are not drawn
    weights = [SOURCE_WEIGHTS[SOURCE_ORDER[sid]] if sid < len(SOURCE_ORDER) else 0.0 for _, _, sid in pairs]
    if sum(weights) == 0:
        return []
    return [(fr, en) for fr, en, _ in rng.choices(pairs, weights=weights, k=n)]


def main():
    def make(pairs, n, rng):
        made = draw(pairs, n, rng)
        return made, f"drawn with the mix's weights, the French cut by sampling (alpha {ALPHA})"

    extra_pairs(__doc__, "sampled.npz", SAMPLED_SOURCE, make, pairs=100000, seed=23, src_alpha=ALPHA)


if __name__ == "__main__":
    main()
