"""Convert a train.py checkpoint into a CTranslate2 model directory.

Usage: python tools/train_fr_en/convert.py --ckpt work/ckpt_last.pt --spm work/spm.model --out DIR
       [--quantization int8|float32] [--verify]

--verify compares CTranslate2 score_batch log-probs (a float32 conversion) against PyTorch.
"""
import argparse
import os
import sys

import numpy as np
import torch

import ctranslate2
from ctranslate2.converters import Converter
from ctranslate2.specs import common_spec, transformer_spec

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import Transformer  # noqa: E402


def load_model(ckpt_path):
    ck = torch.load(ckpt_path, map_location="cpu", weights_only=False)
    model = Transformer(**ck["config"])
    model.load_state_dict(ck.get("ema") or ck["model"])  # train.py --ema: the moving average
    model.eval()
    return model, ck


def _np(t):
    return t.detach().float().cpu().numpy()


def _linear(spec, lin):
    spec.weight = _np(lin.weight)
    spec.bias = _np(lin.bias)


def _norm(spec, ln):
    spec.gamma = _np(ln.weight)
    spec.beta = _np(ln.bias)


class SubkitTransformerConverter(Converter):
    """Fills a pre-norm TransformerSpec from our PyTorch Transformer."""

    def __init__(self, model, vocab):
        self.model = model
        self.vocab = vocab

    def _load(self):
        m = self.model
        cfg = m.config
        spec = transformer_spec.TransformerSpec.from_config(
            (cfg["enc_layers"], cfg["dec_layers"]), cfg["heads"], pre_norm=True,
            activation=common_spec.Activation.RELU)
        emb = _np(m.emb.weight)
        pos = _np(m.pos)
        spec.encoder.embeddings[0].weight = emb
        spec.encoder.scale_embeddings = True
        spec.encoder.position_encodings.encodings = pos
        _norm(spec.encoder.layer_norm, m.enc_norm)
        for ls, layer in zip(spec.encoder.layer, m.enc):
            _norm(ls.self_attention.layer_norm, layer.self_attn.norm)
            _linear(ls.self_attention.linear[0], layer.self_attn.qkv)
            _linear(ls.self_attention.linear[1], layer.self_attn.out)
            _norm(ls.ffn.layer_norm, layer.ffn.norm)
            _linear(ls.ffn.linear_0, layer.ffn.linear_0)
            _linear(ls.ffn.linear_1, layer.ffn.linear_1)
        dec = spec.decoder
        dec.embeddings.weight = emb
        dec.scale_embeddings = True
        dec.position_encodings.encodings = pos
        _norm(dec.layer_norm, m.dec_norm)
        dec.projection.weight = emb
        dec.projection.bias = _np(m.out_bias)
        for ls, layer in zip(dec.layer, m.dec):
            _norm(ls.self_attention.layer_norm, layer.self_attn.norm)
            _linear(ls.self_attention.linear[0], layer.self_attn.qkv)
            _linear(ls.self_attention.linear[1], layer.self_attn.out)
            _norm(ls.attention.layer_norm, layer.cross_attn.norm)
            _linear(ls.attention.linear[0], layer.cross_attn.q)
            _linear(ls.attention.linear[1], layer.cross_attn.kv)
            _linear(ls.attention.linear[2], layer.cross_attn.out)
            _norm(ls.ffn.layer_norm, layer.ffn.norm)
            _linear(ls.ffn.linear_0, layer.ffn.linear_0)
            _linear(ls.ffn.linear_1, layer.ffn.linear_1)
        spec.config.layer_norm_epsilon = 1e-5
        spec.config.decoder_start_token = "<s>"
        spec.register_source_vocabulary(self.vocab)
        spec.register_target_vocabulary(self.vocab)
        return spec


def spm_vocab(spm_path):
    import sentencepiece as spm
    sp = spm.SentencePieceProcessor(model_file=spm_path)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())], sp


def convert(ckpt, spm_path, out_dir, quantization="int8"):
    model, ck = load_model(ckpt)
    vocab, _ = spm_vocab(spm_path)
    SubkitTransformerConverter(model, vocab).convert(out_dir, quantization=quantization, force=True)
    return ck


VERIFY_PAIRS = [
    ("Bonjour à tous, bienvenue dans cette vidéo.", "Hello everyone, welcome to this video."),
    ("Le chat dort sur le canapé.", "The cat is sleeping on the sofa."),
    ("Les opérations sur les fronts du sud-est de l'Ukraine sont passées un peu sous le radar.",
     "Operations on the south-eastern fronts of Ukraine have gone somewhat under the radar."),
]


def verify(ckpt, spm_path, tmp_dir, pairs=VERIFY_PAIRS, tol=1e-3):
    """Score the same pairs with PyTorch and a float32 CTranslate2 conversion; return max abs diff."""
    from model import BOS, EOS
    model, _ = load_model(ckpt)
    vocab, sp = spm_vocab(spm_path)
    SubkitTransformerConverter(model, vocab).convert(tmp_dir, quantization="float32", force=True)
    tr = ctranslate2.Translator(tmp_dir, device="cpu", inter_threads=1, intra_threads=1)
    src = [sp.encode(s, out_type=str) for s, _ in pairs]
    tgt = [sp.encode(t, out_type=str) for _, t in pairs]
    res = tr.score_batch(src, tgt)
    worst = 0.0
    with torch.no_grad():
        for (s, t), r in zip(pairs, res):
            si = torch.tensor([sp.encode(s)])
            ti = sp.encode(t)
            tin = torch.tensor([[BOS] + ti])
            tout = ti + [EOS]
            lp = torch.log_softmax(model(si, tin), -1)[0]
            ref = np.array([lp[i, tok].item() for i, tok in enumerate(tout)])
            got = np.array(r.log_probs)
            d = float(np.abs(ref - got).max()) if len(ref) == len(got) else float("inf")
            worst = max(worst, d)
            print(f"verify: {len(ref)} vs {len(got)} tokens, sum {ref.sum():.4f} (torch) "
                  f"vs {got.sum():.4f} (ct2), max |diff| {d:.2e}")
    print("VERIFY", "OK" if worst < tol else "FAILED", f"max abs diff {worst:.2e}")
    return worst


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--spm", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quantization", default="int8")
    ap.add_argument("--verify", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(1)
    if args.verify:
        worst = verify(args.ckpt, args.spm, args.out + ".f32check")
        if worst >= 1e-3:
            sys.exit(1)
    convert(args.ckpt, args.spm, args.out, args.quantization)
    print("converted to", args.out)


if __name__ == "__main__":
    main()
