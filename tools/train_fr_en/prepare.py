"""Prepare the fr->en training data: normalise, dedupe, filter, split, SentencePiece, encode.

Usage: python tools/train_fr_en/prepare.py [--data DIR [DIR ...]] [--spm FILE] --work tools/train_fr_en/work

--data takes one or more folders of `<source>.fr-en.tsv.gz` files (default: ../shared/data/parallel
and ../shared/data/parallel-batch2, read in that order, so the validation split drawn from the first
folder stays the one every release since 1.0 held out). Every source must have a weight in
SOURCE_WEIGHTS: the mix of one training epoch, which train.py samples and this script prints.
--spm FILE encodes with an existing SentencePiece model (e.g. the shipped package's, so that training
resumes from it) instead of training a new one.

Outputs in --work:
  spm.model / spm.vocab   joint unigram SentencePiece (pad=0, unk=1, <s>=2, </s>=3); with --spm, a copy
                          of that model (and no spm.vocab)
  train.npz / valid.npz   encoded id arrays (flat + offsets) and per-pair source index
  valid.fr / valid.en     the held-out validation pairs as text
Idempotent: skips the work when the outputs already exist (use --force to redo).
"""
import argparse
import glob
import gzip
import os
import random
import shutil
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from textnorm import normalize_text  # noqa: E402

# ../shared sits beside the repository (here and in CI).
SHARED = os.environ.get("SUBKIT_SHARED_DIR",
                        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared"))

DEFAULT_DATA = [os.path.join(SHARED, "data", "parallel"), os.path.join(SHARED, "data", "parallel-batch2")]

# The data mix: how many times each pair of a source is drawn per training epoch, on average (a
# fractional weight w draws a pair int(w) times plus once more with probability w - int(w)). The long,
# FLORES-like news/institutional sources are oversampled x2 and the very short Tatoeba pairs halved, the
# mix measured for 1.0-1.4; the film and TV dialogue of parallel-batch2 comes in at a moderate 0.5,
# because it was chosen for verb-phrase ellipsis ("I will.") and tu/vous (its SOURCES.md). The source id
# stored in the .npz files is the position in this table: append new sources, never reorder.
SOURCE_WEIGHTS = {
    "wmt-newstest": 2.0,
    "ntrex128": 2.0,
    "news-commentary": 2.0,
    "un-v1.0-testsets": 2.0,
    "europarl": 2.0,
    "tico19": 2.0,
    "multi30k": 1.0,
    "tatoeba": 0.5,
    "opensubtitles-ctxpro": 0.5,
}
SOURCE_ORDER = list(SOURCE_WEIGHTS)
# Sources closer to FLORES (long, news/encyclopedic/institutional): the validation split is drawn from them.
LONG_SOURCES = {"wmt-newstest", "ntrex128", "news-commentary", "un-v1.0-testsets", "europarl", "tico19"}


def source_files(data_dirs):
    """(source name, path) of every `<source>.fr-en.tsv.gz` in *data_dirs*, folder by folder, sorted."""
    if isinstance(data_dirs, (str, os.PathLike)):
        data_dirs = [data_dirs]
    out = []
    for data_dir in data_dirs:
        for path in sorted(glob.glob(os.path.join(data_dir, "*.fr-en.tsv.gz"))):
            out.append((os.path.basename(path).split(".fr-en.")[0], path))
    return out


def read_pairs(data_dirs):
    """Normalised (fr, en, source id) of every pair in *data_dirs* (one folder or a list).

    A source missing from SOURCE_WEIGHTS is an error: the mix must be stated, and an unknown id
    could collide with the name-copy pairs' (augment_names.NAMES_SOURCE).
    """
    pairs = []
    for name, path in source_files(data_dirs):
        if name not in SOURCE_WEIGHTS:
            raise SystemExit(f"prepare: {path}: source {name!r} has no weight in prepare.SOURCE_WEIGHTS; add one")
        sid = SOURCE_ORDER.index(name)
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if "\t" not in line:
                    continue
                fr, en = line.split("\t", 1)
                pairs.append((normalize_text(fr), normalize_text(en), sid))
    return pairs


def mix_report(train):
    """Lines for the log: pairs per source in the training split, weight, expected pairs per epoch."""
    counts = np.bincount(np.array([p[2] for p in train], dtype=np.int64), minlength=len(SOURCE_ORDER))
    lines = [f"{'source':<22}{'pairs':>9}{'weight':>8}{'per epoch':>11}{'share':>8}"]
    expected = [int(round(c * SOURCE_WEIGHTS[n])) for n, c in zip(SOURCE_ORDER, counts)]
    total = max(sum(expected), 1)
    for name, c, e in zip(SOURCE_ORDER, counts, expected):
        if c:
            lines.append(f"{name:<22}{c:>9}{SOURCE_WEIGHTS[name]:>8g}{e:>11}{100 * e / total:>7.1f}%")
    lines.append(f"{'total':<22}{int(counts.sum()):>9}{'':>8}{sum(expected):>11}"
                 " (+ the name-copy pairs, train.py --names-weight)")
    return lines


def write_npz(sp, pairs, sources, path, src_alpha=0.0):
    """Encode (fr, en) *pairs* with SentencePiece into flat id arrays + offsets (atomically);
    returns the source and target token counts. With *src_alpha* > 0 the French is cut by sampling
    among all its segmentations (subword regularisation, smoothing *src_alpha*), the English as usual."""
    if src_alpha > 0:  # one thread: SentencePiece's seeded sampling is reproducible only then
        src = sp.encode([p[0] for p in pairs], enable_sampling=True, alpha=src_alpha, nbest_size=-1,
                        num_threads=1)
    else:
        src = sp.encode([p[0] for p in pairs], num_threads=2)
    tgt = sp.encode([p[1] for p in pairs], num_threads=2)

    def flat(seqs):
        lens = np.array([len(s) for s in seqs], dtype=np.int64)
        offs = np.zeros(len(seqs) + 1, dtype=np.int64)
        np.cumsum(lens, out=offs[1:])
        data = np.fromiter((t for s in seqs for t in s), dtype=np.int32, count=int(offs[-1]))
        return data, offs

    sd, so = flat(src)
    td, to = flat(tgt)
    tmp = path[:-len(".npz")] + ".tmp.npz"
    np.savez(tmp, src=sd, src_off=so, tgt=td, tgt_off=to, source=np.array(sources, dtype=np.int8))
    os.replace(tmp, path)
    return len(sd), len(td)


def dedupe(pairs, max_chars=400):
    """Pairs with both sides non-empty and at most *max_chars* long, exact duplicates dropped (first kept)."""
    seen = set()
    kept = []
    for fr, en, sid in pairs:
        if not fr or not en or len(fr) > max_chars or len(en) > max_chars or (fr, en) in seen:
            continue
        seen.add((fr, en))
        kept.append((fr, en, sid))
    return kept


def split_valid(kept, valid_size, seed):
    """(train, valid): a deterministic validation split drawn from the long (FLORES-like) sources.

    Sources read after the first folder only append to *kept*, so the split stays the same as long as
    the first folder does (1.0-1.5 all hold out the same 1,000 pairs).
    """
    rng = random.Random(seed)
    long_idx = [i for i, p in enumerate(kept) if SOURCE_ORDER[p[2]] in LONG_SOURCES]
    valid_idx = set(rng.sample(long_idx, valid_size))
    train = [p for i, p in enumerate(kept) if i not in valid_idx]
    valid = [p for i, p in enumerate(kept) if i in valid_idx]
    return train, valid


def train_spm(train, work, vocab_size):
    """Train the joint unigram SentencePiece on both sides of *train*; returns WORK/spm.model."""
    import sentencepiece as spm

    spm_txt = os.path.join(work, "spm_train.txt")
    with open(spm_txt, "w", encoding="utf-8") as f:
        for fr, en, _ in train:
            f.write(fr + "\n")
            f.write(en + "\n")
    prefix = os.path.join(work, "spm")
    spm.SentencePieceTrainer.train(
        input=spm_txt, model_prefix=prefix, vocab_size=vocab_size, model_type="unigram",
        character_coverage=1.0, normalization_rule_name="nmt_nfkc", byte_fallback=True,
        pad_id=0, unk_id=1, bos_id=2, eos_id=3, pad_piece="<pad>", unk_piece="<unk>",
        bos_piece="<s>", eos_piece="</s>", input_sentence_size=2000000, shuffle_input_sentence=True,
        num_threads=2, seed_sentencepiece_size=1000000, minloglevel=1)
    os.remove(spm_txt)
    return prefix + ".model"


def use_spm(path, work):
    """Copy an existing SentencePiece model to WORK/spm.model (its ids must follow train.py's
    pad=0, unk=1, <s>=2, </s>=3); returns the copy's path."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=path)
    ids = (sp.pad_id(), sp.unk_id(), sp.bos_id(), sp.eos_id())
    if ids != (0, 1, 2, 3):
        raise SystemExit(f"prepare: {path}: pad/unk/bos/eos ids are {ids}, not (0, 1, 2, 3)")
    out = os.path.join(work, "spm.model")
    shutil.copyfile(path, out + ".tmp")
    os.replace(out + ".tmp", out)
    print(f"SentencePiece: {path} ({sp.get_piece_size()} pieces), not retrained", flush=True)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", nargs="+", default=DEFAULT_DATA,
                    help="folders of <source>.fr-en.tsv.gz files (default: parallel and parallel-batch2)")
    ap.add_argument("--spm", default=None,
                    help="encode with this SentencePiece model (copied to WORK/spm.model) instead of training one")
    ap.add_argument("--work", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "work"))
    ap.add_argument("--vocab-size", type=int, default=8000)
    ap.add_argument("--valid-size", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    out_train = os.path.join(args.work, "train.npz")
    if os.path.exists(out_train) and not args.force:
        print("prepare: outputs exist, skipping", flush=True)
        return

    import sentencepiece as spm

    for folder in args.data:
        if not glob.glob(os.path.join(folder, "*.fr-en.tsv.gz")):
            print(f"prepare: warning: no *.fr-en.tsv.gz in {folder}", flush=True)
    for name, path in source_files(args.data):
        print(f"source {name}: {path}", flush=True)
    pairs = read_pairs(args.data)
    print(f"read {len(pairs)} pairs", flush=True)
    kept = dedupe(pairs)
    print(f"kept {len(kept)} after normalisation/dedupe/length filter", flush=True)
    train, valid = split_valid(kept, args.valid_size, args.seed)
    with open(os.path.join(args.work, "valid.fr"), "w", encoding="utf-8") as f:
        f.writelines(p[0] + "\n" for p in valid)
    with open(os.path.join(args.work, "valid.en"), "w", encoding="utf-8") as f:
        f.writelines(p[1] + "\n" for p in valid)
    print("data mix of one training epoch (validation pairs excluded):", flush=True)
    for line in mix_report(train):
        print("  " + line, flush=True)

    model_file = use_spm(args.spm, args.work) if args.spm else train_spm(train, args.work, args.vocab_size)
    sp = spm.SentencePieceProcessor(model_file=model_file)

    def encode(split, name):
        path = os.path.join(args.work, name + ".npz")
        ns, nt = write_npz(sp, [(p[0], p[1]) for p in split], [p[2] for p in split], path)
        print(f"{name}: {len(split)} pairs, {ns} src tokens, {nt} tgt tokens", flush=True)

    encode(valid, "valid")
    encode(train, "train")


if __name__ == "__main__":
    main()
