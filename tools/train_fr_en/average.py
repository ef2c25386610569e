"""Average the last N periodic checkpoints if that lowers the validation loss.

Usage: python average.py --work work [--max-n 5]
Writes WORK/ckpt_avg.pt (the best of: last checkpoint, mean of the last 2..N) and prints the
validation losses; package.py --ckpt WORK/ckpt_avg.pt then packages it.
"""
import argparse
import glob
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import Transformer  # noqa: E402
from train import load_split, valid_loss  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default=os.path.join(HERE, "work"))
    ap.add_argument("--max-n", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    last = torch.load(os.path.join(args.work, "ckpt_last.pt"), map_location="cpu", weights_only=False)
    periodic = sorted(glob.glob(os.path.join(args.work, "ckpt_*min.pt")))
    # the final checkpoint plus the latest periodic ones before it
    cands = [last["model"]]
    for p in reversed(periodic):
        ck = torch.load(p, map_location="cpu", weights_only=False)
        if ck["state"]["step"] < last["state"]["step"]:
            cands.append(ck["model"])
        if len(cands) >= args.max_n:
            break
    valid = load_split(os.path.join(args.work, "valid.npz"), 1000)
    model = Transformer(**last["config"])
    best = None
    for n in range(1, len(cands) + 1):
        avg = {k: sum(c[k].float() for c in cands[:n]) / n for k in cands[0]}
        model.load_state_dict(avg)
        vl = valid_loss(model, valid, 3000)
        print(f"average of last {n}: valid loss {vl:.4f}", flush=True)
        if best is None or vl < best[0]:
            best = (vl, n, avg)
    out = dict(model=best[2], config=last["config"], state=dict(last["state"], averaged=best[1]))
    torch.save(out, os.path.join(args.work, "ckpt_avg.pt"))
    print(f"wrote ckpt_avg.pt: average of last {best[1]} (valid loss {best[0]:.4f})")


if __name__ == "__main__":
    main()
