"""Prepare the fr->en training data: normalise, dedupe, filter, split, SentencePiece, encode.

Usage: python tools/train_fr_en/prepare.py --data ../shared/data/parallel --work tools/train_fr_en/work

Outputs in --work:
  spm.model / spm.vocab   joint unigram SentencePiece (pad=0, unk=1, <s>=2, </s>=3)
  train.npz / valid.npz   encoded id arrays (flat + offsets) and per-pair source index
  valid.fr / valid.en     the held-out validation pairs as text
Idempotent: skips the work when the outputs already exist (use --force to redo).
"""
import argparse
import glob
import gzip
import os
import random
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from textnorm import normalize_text  # noqa: E402

# ../shared sits beside the repository (here and in CI).
SHARED = os.environ.get("SUBKIT_SHARED_DIR",
                        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared"))

# Sources closer to FLORES (long, news/encyclopedic/institutional) vs short conversational ones.
SOURCE_ORDER = ["wmt-newstest", "ntrex128", "news-commentary", "un-v1.0-testsets", "europarl",
                "tico19", "multi30k", "tatoeba"]
LONG_SOURCES = {"wmt-newstest", "ntrex128", "news-commentary", "un-v1.0-testsets", "europarl", "tico19"}


def read_pairs(data_dir):
    pairs = []
    files = sorted(glob.glob(os.path.join(data_dir, "*.fr-en.tsv.gz")))
    for path in files:
        name = os.path.basename(path).split(".fr-en.")[0]
        sid = SOURCE_ORDER.index(name) if name in SOURCE_ORDER else len(SOURCE_ORDER)
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if "\t" not in line:
                    continue
                fr, en = line.split("\t", 1)
                pairs.append((normalize_text(fr), normalize_text(en), sid))
    return pairs


def write_npz(sp, pairs, sources, path):
    """Encode (fr, en) *pairs* with SentencePiece into flat id arrays + offsets (atomically);
    returns the source and target token counts."""
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(SHARED, "data", "parallel"))
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

    pairs = read_pairs(args.data)
    print(f"read {len(pairs)} pairs", flush=True)
    seen = set()
    kept = []
    for fr, en, sid in pairs:
        if not fr or not en:
            continue
        if len(fr) > 400 or len(en) > 400:
            continue
        key = (fr, en)
        if key in seen:
            continue
        seen.add(key)
        kept.append((fr, en, sid))
    print(f"kept {len(kept)} after normalisation/dedupe/length filter", flush=True)

    # deterministic validation split drawn from the long (FLORES-like) sources
    rng = random.Random(args.seed)
    long_idx = [i for i, p in enumerate(kept) if SOURCE_ORDER[p[2]] in LONG_SOURCES]
    valid_idx = set(rng.sample(long_idx, args.valid_size))
    train = [p for i, p in enumerate(kept) if i not in valid_idx]
    valid = [p for i, p in enumerate(kept) if i in valid_idx]
    with open(os.path.join(args.work, "valid.fr"), "w", encoding="utf-8") as f:
        f.writelines(p[0] + "\n" for p in valid)
    with open(os.path.join(args.work, "valid.en"), "w", encoding="utf-8") as f:
        f.writelines(p[1] + "\n" for p in valid)

    # joint SentencePiece on both sides of the training split
    spm_txt = os.path.join(args.work, "spm_train.txt")
    with open(spm_txt, "w", encoding="utf-8") as f:
        for fr, en, _ in train:
            f.write(fr + "\n")
            f.write(en + "\n")
    prefix = os.path.join(args.work, "spm")
    spm.SentencePieceTrainer.train(
        input=spm_txt, model_prefix=prefix, vocab_size=args.vocab_size, model_type="unigram",
        character_coverage=1.0, normalization_rule_name="nmt_nfkc", byte_fallback=True,
        pad_id=0, unk_id=1, bos_id=2, eos_id=3, pad_piece="<pad>", unk_piece="<unk>",
        bos_piece="<s>", eos_piece="</s>", input_sentence_size=2000000, shuffle_input_sentence=True,
        num_threads=2, seed_sentencepiece_size=1000000, minloglevel=1)
    os.remove(spm_txt)
    sp = spm.SentencePieceProcessor(model_file=prefix + ".model")

    def encode(split, name):
        path = os.path.join(args.work, name + ".npz")
        ns, nt = write_npz(sp, [(p[0], p[1]) for p in split], [p[2] for p in split], path)
        print(f"{name}: {len(split)} pairs, {ns} src tokens, {nt} tgt tokens", flush=True)

    encode(valid, "valid")
    encode(train, "train")


if __name__ == "__main__":
    main()
