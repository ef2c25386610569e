"""Bake the apostrophe normalisation (’ ‘ ʼ ′ ´ ` -> ') into the SentencePiece model.

SentencePiece's built-in `nmt_nfkc` rule cannot be extended, so we regenerate an equivalent rule
table (every code point, plus the canonical decompositions of composed characters, passed through
the built-in normaliser), add the apostrophe rules, compile it by training a throw-away model with
`normalization_rule_tsv`, and copy the compiled charsmap into our trained model's normalizer_spec.
Pieces and ids are untouched. argostranslate only runs the .model file, so this is what makes
inference see the same text as training.

Usage: python spm_norm.py IN.model OUT.model
"""
import os
import sys
import tempfile
import unicodedata

import sentencepiece as spm
from sentencepiece import sentencepiece_model_pb2 as pb

APOSTROPHES = "\u2019\u2018\u02bc\u2032\u00b4\u0060"


def build_rules():
    base = spm.SentencePieceNormalizer(rule_name="nmt_nfkc", add_dummy_prefix=False,
                                       escape_whitespaces=False, remove_extra_whitespaces=False)
    rules = {}
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        n = base.normalize(c)
        if n != c:
            rules[c] = n
        d = unicodedata.normalize("NFD", c)
        if len(d) > 1:
            nd = base.normalize(d)
            if nd != d:
                rules[d] = nd
    for a in APOSTROPHES:
        rules[a] = "'"
    return rules


def write_tsv(rules, path):
    with open(path, "w", encoding="utf-8") as f:
        for src, tgt in sorted(rules.items()):
            f.write(" ".join(f"{ord(c):X}" for c in src) + "\t" + " ".join(f"{ord(c):X}" for c in tgt) + "\n")


def main(inp, out):
    rules = build_rules()
    with tempfile.TemporaryDirectory() as td:
        tsv = os.path.join(td, "rules.tsv")
        write_tsv(rules, tsv)
        txt = os.path.join(td, "t.txt")
        with open(txt, "w", encoding="utf-8") as f:
            f.write("l'avancée de la ville\nabc def ghi\n" * 50)
        spm.SentencePieceTrainer.train(input=txt, model_prefix=os.path.join(td, "n"), vocab_size=30,
                                       model_type="char", normalization_rule_tsv=tsv, minloglevel=2)
        tmp = pb.ModelProto()
        tmp.ParseFromString(open(os.path.join(td, "n.model"), "rb").read())
    m = pb.ModelProto()
    m.ParseFromString(open(inp, "rb").read())
    m.normalizer_spec.precompiled_charsmap = tmp.normalizer_spec.precompiled_charsmap
    m.normalizer_spec.name = "nmt_nfkc_apostrophe"
    with open(out, "wb") as f:
        f.write(m.SerializeToString())
    print(f"wrote {out} with {len(rules)} normalisation rules")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
