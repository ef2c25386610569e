"""Deepen a checkpoint's encoder without changing what it computes, so training continues from there.

Usage: python tools/train_fr_en/grow.py WORK/ckpt_last.pt --enc-layers 6 --out WORK/ckpt_last.pt

Each new layer is a copy of the current top encoder layer whose two output projections (self-attention
out, FFN linear_1) are zeroed: in a pre-norm block that makes the layer an identity, so the grown
model translates exactly as before and training starts from the shipped model's quality rather than
from a random layer. The copy gives the new layer's inner weights a sensible starting point for
inputs at that depth. Encoder layers are added (not decoder ones) because beam search runs the
decoder once per step and beam, the encoder once per sentence: depth there costs least at run time.
The checkpoint keeps its training state and drops any optimizer state (the shapes changed), so
train.py starts fresh Adam moments and re-warms the rate (--rewarm).
"""
import argparse
import os
import pickle
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import Transformer  # noqa: E402
from train import save_atomic  # noqa: E402

ZEROED = ("self_attn.out.weight", "self_attn.out.bias", "ffn.linear_1.weight", "ffn.linear_1.bias")


def grow_encoder(ck, enc_layers):
    """A new checkpoint dict with *enc_layers* encoder layers, the added ones identities."""
    config = dict(ck["config"])
    have = config["enc_layers"]
    if enc_layers <= have:
        raise ValueError(f"the checkpoint already has {have} encoder layers (asked for {enc_layers})")
    sd = dict(ck["model"])
    top = f"enc.{have - 1}."
    for i in range(have, enc_layers):
        for key, value in ck["model"].items():
            if key.startswith(top):
                name = key[len(top):]
                sd[f"enc.{i}.{name}"] = torch.zeros_like(value) if name in ZEROED else value.clone()
    config["enc_layers"] = enc_layers
    model = Transformer(**config)
    model.load_state_dict(sd)  # strict: the grown layout matches model.py exactly
    args = dict(ck.get("args") or {}, grown_from_enc_layers=have)
    return dict(model=model.state_dict(), state=ck["state"], config=model.config, args=args)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("ckpt", help="train.py or unpack.py checkpoint")
    ap.add_argument("--enc-layers", type=int, required=True, help="encoder layers after growing")
    ap.add_argument("--out", required=True, help="checkpoint to write (may be the input)")
    args = ap.parse_args()
    try:
        ck = torch.load(args.ckpt, map_location="cpu", weights_only=False)
        grown = grow_encoder(ck, args.enc_layers)
    # a missing file, one that is not a checkpoint, or no growth asked
    except (OSError, RuntimeError, KeyError, ValueError, pickle.UnpicklingError) as e:
        sys.exit(f"{args.ckpt}: {e}")
    save_atomic(grown, args.out)
    print(f"grew {args.ckpt} -> {args.out}: encoder {ck['config']['enc_layers']} -> {args.enc_layers} layers, "
          f"step {grown['state']['step']} (no optimizer state)", flush=True)


if __name__ == "__main__":
    main()
