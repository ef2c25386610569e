"""Distilled pairs: training French with the English a teacher model gives it (sequence-level knowledge
distillation, Kim & Rush, EMNLP 2016).

A model of 8M parameters cannot fit every reference of 284k pairs, many of them loose (film lines,
Tatoeba) or freely rewritten (news): each new step pulls it towards targets it cannot reach. The
teacher's beam output for the same French is a target of the shape such a model can learn, and the
teacher, the shipped package, is an average of many checkpoints, better than the weights being
trained. Pairs are
drawn with prepare.py's SOURCE_WEIGHTS (each French once). The teacher is weak, so its outputs are
filtered: dropped when empty, when the length is off the reference's by more than twice (a loop or a
dropped clause), or when a word is in no English sentence of the training data (an invented word such
as "snigm", or French left untranslated): the student must not learn the teacher's garbles.

Usage: python tools/train_fr_en/distill.py --work WORK --teacher PACKAGE.argosmodel [--pairs 100000]
Writes WORK/distilled.npz (the format of train.npz; source id DISTILLED_SOURCE) from WORK/train.npz,
WORK/spm.model and the teacher package, decoded as bench/model_quality.py's direct path does (its
CTranslate2 model in int8, beam 4, no-repeat 4-gram); skipped when it exists (--force to redo).
train.py mixes it in with --distilled-weight (0 by default: the trial in models/README.md).
Only training pairs are used. run.sh runs it when DISTIL_FROM is set.
"""
import os
import re
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from augment_names import NAMES_SOURCE, extra_pairs  # noqa: E402
from prepare import SOURCE_ORDER  # noqa: E402
from sample_segments import draw  # noqa: E402

DISTILLED_SOURCE = 105
assert DISTILLED_SOURCE > NAMES_SOURCE >= len(SOURCE_ORDER)
MAX_RATIO = 2.0
_WORD = re.compile(r"[^\W\d_]+")


def words(text):
    """The lower-cased words (letters only) of *text*."""
    return {w.lower() for w in _WORD.findall(text)}


def unique_draw(pairs, n, rng):
    """Up to *n* pairs drawn with the mix's weights, each French once (first drawn kept)."""
    seen, out = set(), []
    for fr, en in draw(pairs, n, rng):
        if fr not in seen:
            seen.add(fr)
            out.append((fr, en))
    return out


def teacher(package, threads):
    """(translate(list of French) -> list of English, its temporary folder) for *package*, decoded as
    bench/model_quality.py's direct path does; imported here so that train.py's import of this
    module for DISTILLED_SOURCE stays light."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "bench"))
    try:
        from model_quality import direct_translator
    finally:
        sys.path.pop(0)
    return direct_translator(package, threads)


def keep(reference, output, known):
    """Whether the teacher's *output* is kept: non-empty, its length within MAX_RATIO of the
    *reference*'s, every word of it in the set *known* (lower-cased)."""
    a, b = len(reference), len(output.strip())
    return b > 0 and max(a, b) <= MAX_RATIO * min(a, b) and words(output) <= known


def distill(pairs, translate, known, chunk=2000):
    """[(fr, teacher English)] for the (fr, reference) *pairs*, the outputs *keep* accepts (words from
    *known*); sorted by length within chunks so that batches hold sentences of one size (faster beam
    search)."""
    out = []
    for start in range(0, len(pairs), chunk):
        part = sorted(pairs[start:start + chunk], key=lambda p: len(p[0]))
        hyps = translate([fr for fr, _ in part])
        out.extend((fr, hyp) for (fr, ref), hyp in zip(part, hyps) if keep(ref, hyp, known))
        print(f"distill: {start + len(part)}/{len(pairs)} translated, {len(out)} kept", flush=True)
    return out


def main():
    def make(train, n, rng, args):
        if not os.path.isfile(args.teacher):
            sys.exit(f"distill: {args.teacher}: no such package")
        drawn = unique_draw(train, n, rng)
        known = set().union(*(words(en) for _, en, _ in train))
        t0 = time.time()
        translate, tmp = teacher(args.teacher, args.threads)
        try:
            made = distill(drawn, translate, known)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return made, (f"({len(made)} of {len(drawn)} teacher translations kept; teacher "
                      f"{os.path.basename(args.teacher)}, {time.time() - t0:.0f} s)")

    extra_pairs(__doc__, "distilled.npz", DISTILLED_SOURCE, make, pairs=100000, seed=29, options=(
        ("--teacher", dict(required=True, help="an .argosmodel with WORK's vocabulary")),
        ("--threads", dict(type=int, default=2))))


if __name__ == "__main__":
    main()
