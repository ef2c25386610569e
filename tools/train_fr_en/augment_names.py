"""Name-copy augmentation: training pairs whose names are swapped for other names, on both sides.

A small model trained on this data garbles rare names (Pokrovsk -> "Pokrovskovs", Koursk -> "Kosek"):
on FLORES dev, version 1.2 kept only 76 % of the names the reference copies from the French. The
cure is to show it many names it cannot know, to be copied as they are. This takes training pairs
where a capitalised word stands unchanged on both sides (Tom, Obama, Avdiivka), and writes copies
of them with that word replaced, on both sides, by another name: half the time a name of the
corpus drawn by type (so rare names count as much as Tom), half the time an invented one built
from syllables (Krovatsk, Tchasiv, Dnipolenko). Pairs from the long news/parliament sources are
drawn first, as they read like the text subkit translates.

Usage: python tools/train_fr_en/augment_names.py --work tools/train_fr_en/work [--pairs 60000]
Writes WORK/names.npz (the format of train.npz; source id NAMES_SOURCE) from WORK/train.npz
and WORK/spm.model; skipped when it exists (--force to redo). train.py mixes it in with
--names-weight. Only training pairs are used: the validation split stays as it is.
"""
import argparse
import os
import random
import re
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from prepare import LONG_SOURCES, SOURCE_ORDER, write_npz  # noqa: E402

# Source id of the augmented pairs: fixed, far past the data sources' ids (positions in
# prepare.SOURCE_WEIGHTS), so adding a source never makes the two collide. The .npz files store int8.
NAMES_SOURCE = 100
assert NAMES_SOURCE >= len(SOURCE_ORDER)
_WORD = re.compile(r"(?<![\w'-])[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)*(?![\w-])")
# Onsets, vowels and endings that read like the names of European (and Slavic, in French spelling)
# places and people, plus English and Italian ones.
_ONSETS = ("b c d f g h j k l m n p r s t v z ch kh tch zh br dr kr pr st tr sl sv gr bl fl "
           "dn pl sk th sh w gl ph").split()
_VOWELS = "a e i o u a e i o ou ia ie y ei au".split()
_ENDINGS = ("", "", "", "", "n", "r", "s", "k", "l", "m", "v", "sk", "tsk", "vka", "iv", "ov", "ev", "enko",
            "ine", "grad", "burg", "ville", "ski", "ic", "ovitch", "ia", "an", "el", "ez", "as",
            "ton", "ford", "ey", "ock", "ett", "ino", "ini", "ano", "ss", "ll", "nn", "ff", "tt")
# Doubled letters are where 1.9 still garbled names most (FLORES dev: Ross -> "Ros", Mussolini ->
# "Musolini", Horrocks -> "Horrrocks", Massachusetts -> "Massachusettts"): a third of the invented
# names of 2+ syllables double a consonant between two of them, and some end in one (Ross, Glynn).
_DOUBLED = "ss ll nn tt rr zz ff pp cc mm".split()


def invented_name(rng):
    """A name of 4+ letters (shorter ones read as French words: "La", "Si")."""
    name = ""
    while len(name) < 4:
        name = _syllables(rng)
    return name


def _syllables(rng):
    parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(1, 3))]
    if len(parts) > 1 and rng.random() < 1 / 3:
        k = rng.randrange(1, len(parts))
        parts[k] = rng.choice(_DOUBLED) + parts[k].lstrip("bcdfghjklmnprstvwz")
    return ("".join(parts) + rng.choice(_ENDINGS)).capitalize()


def copied_names(fr, en):
    """Capitalised words that stand, unchanged, on both sides (not first on the French side)."""
    out = []
    for m in _WORD.finditer(fr):
        word = m.group(0)
        if m.start() == 0 or word in out:
            continue
        if re.search(rf"(?<![\w'-]){re.escape(word)}(?![\w-])", en):
            out.append(word)
    return out


def augment(pairs, n, rng):
    """*n* (fr, en) pairs: pairs with copied names, one name swapped on both sides."""
    candidates = [(fr, en, sid, names) for fr, en, sid in pairs if (names := copied_names(fr, en))]
    corpus_names = sorted({w for *_, names in candidates for w in names})
    long_ones = [c for c in candidates if SOURCE_ORDER[c[2]] in LONG_SOURCES]
    out = []
    for k in range(n):
        fr, en, _, names = rng.choice(long_ones if k % 2 == 0 and long_ones else candidates)
        old = rng.choice(names)
        new = invented_name(rng) if rng.random() < 0.5 else rng.choice(corpus_names)
        if new == old:
            continue
        pattern = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
        out.append((pattern.sub(new, fr), pattern.sub(new, en)))
    return out, len(candidates), len(corpus_names)


def decode_split(work, name):
    """(SentencePiece processor, [(fr, en, source id)]) of WORK/name, decoded back to text."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=os.path.join(work, "spm.model"))
    z = dict(np.load(os.path.join(work, name)))  # NpzFile re-reads an array at each access
    so, to = z["src_off"], z["tgt_off"]
    src = sp.decode([z["src"][so[i]:so[i + 1]].tolist() for i in range(len(so) - 1)])
    tgt = sp.decode([z["tgt"][to[i]:to[i + 1]].tolist() for i in range(len(to) - 1)])
    return sp, list(zip(src, tgt, z["source"].tolist()))


def extra_pairs(doc, filename, sid, make, pairs=60000, seed=7, src_alpha=0.0, options=()):
    """The command line shared by the scripts that derive extra training pairs from WORK/train.npz
    (this one, join_segments.py, ...): *make(pairs, n, rng)* -> (made pairs, a summary for the log) is
    written to WORK/*filename* with source id *sid*, unless it exists (--force to redo); *src_alpha*
    as in prepare.write_npz. A script with *options* of its own ((flag, add_argument keywords), ...)
    gets the parsed arguments too: *make(pairs, n, rng, args)*."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--work", default=os.path.join(HERE, "work"))
    ap.add_argument("--pairs", type=int, default=pairs)
    ap.add_argument("--seed", type=int, default=seed)
    ap.add_argument("--force", action="store_true")
    for flag, kwargs in options:
        ap.add_argument(flag, **kwargs)
    args = ap.parse_args()
    out = os.path.join(args.work, filename)
    script = os.path.basename(sys.argv[0]).removesuffix(".py")
    if os.path.exists(out) and not args.force:
        print(f"{script}: {filename} exists, skipping", flush=True)
        return
    sp, train = decode_split(args.work, "train.npz")
    rng = random.Random(args.seed)
    made, summary = make(train, args.pairs, rng, args) if options else make(train, args.pairs, rng)
    if src_alpha > 0:
        import sentencepiece as spm
        spm.set_random_generator_seed(args.seed)
    write_npz(sp, made, [sid] * len(made), out, src_alpha=src_alpha)
    example = f", e.g. {made[0][0]!r} -> {made[0][1]!r}" if made else ""
    print(f"{script}: {len(made)} pairs {summary}{example}", flush=True)


def main():
    def make(pairs, n, rng):
        made, n_candidates, n_names = augment(pairs, n, rng)
        return made, f"from {n_candidates} with copied names ({n_names} names)"

    extra_pairs(__doc__, "names.npz", NAMES_SOURCE, make)


if __name__ == "__main__":
    main()
