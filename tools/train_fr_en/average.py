"""Average periodic checkpoints into WORK/ckpt_avg.pt, which package.py --ckpt then packages.

Usage: python average.py --work work [--max-n 5]
       python average.py --work work --since-minute 1350
The first form writes the best of (last checkpoint, mean of the last 2..N) by validation loss. The
second averages the last checkpoint with every periodic one from that training minute on, whatever
the validation loss says: across two or more runs (each resumed from the one before) the held-out
slice hardly tells the averages apart; for 2.2, averaging both runs gave about +0.1 chrF on FLORES
dev over either run alone (models/README.md).
"""
import argparse
import glob
import os
import re
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import Transformer  # noqa: E402
from train import load_split, valid_loss  # noqa: E402


def checkpoint_minute(path):
    """The training minute in a periodic checkpoint's name (ckpt_1359min.pt -> 1359)."""
    return int(re.search(r"ckpt_(\d+)min\.pt$", path).group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default=os.path.join(HERE, "work"))
    ap.add_argument("--max-n", type=int, default=5)
    ap.add_argument("--since-minute", type=int, default=None,
                    help="average the last checkpoint and every periodic one from this training minute on")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    last = torch.load(os.path.join(args.work, "ckpt_last.pt"), map_location="cpu", weights_only=False)
    periodic = sorted(glob.glob(os.path.join(args.work, "ckpt_*min.pt")), key=checkpoint_minute)
    since = args.since_minute is not None
    if since:  # all of them from that minute on, and only their full average is measured
        periodic = [p for p in periodic if checkpoint_minute(p) >= args.since_minute]
    max_n = len(periodic) + 1 if since else args.max_n
    # the final weights (their moving average when train.py --ema kept one, as the periodic checkpoints
    # then hold) plus the latest periodic ones before them
    cands = [last.get("ema") or last["model"]]
    for p in reversed(periodic):
        ck = torch.load(p, map_location="cpu", weights_only=False)
        if ck["state"]["step"] < last["state"]["step"]:
            cands.append(ck["model"])
        if len(cands) >= max_n:
            break
    valid = load_split(os.path.join(args.work, "valid.npz"), 1000)
    model = Transformer(**last["config"])
    best = None
    for n in range(len(cands) if since else 1, len(cands) + 1):
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
