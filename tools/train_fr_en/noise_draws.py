"""How far int8 conversion noise alone moves FLORES dev: the same weights, perturbed by about one
part in a million (--scale) before conversion, packaged and scored through argostranslate.

A difference between two packages smaller than the spread of these draws is not a difference in
the model (models/README.md: four draws of 2.2's weights, 25.34–25.62 BLEU). Draw 0 is the weights
as they are (run.sh's own conversion); draws 1..N use seeds 1..N.

Usage: python noise_draws.py --work WORK [--ckpt WORK/ckpt_avg.pt] [--draws 3] [--first 0]
Writes WORK/noise/draw<k>.argosmodel and .hyps, prints BLEU / chrF with two decimals per draw.
"""
import argparse
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get("SUBKIT_SHARED_DIR", os.path.join(ROOT, "..", "shared"))
sys.path.insert(0, HERE)


def perturb(state, scale, seed):
    """*state* (name -> tensor) with every floating-point tensor multiplied by 1 + scale * N(0, 1),
    drawn from a generator seeded with *seed*; scale 0 returns the tensors unchanged."""
    import torch

    if not scale:
        return dict(state)
    gen = torch.Generator().manual_seed(seed)
    out = {}
    for name, tensor in state.items():
        if tensor.is_floating_point():
            noise = torch.randn(tensor.shape, generator=gen, dtype=torch.float64)
            tensor = (tensor.double() * (1 + scale * noise)).to(tensor.dtype)
        out[name] = tensor
    return out


def score(hyps_path):
    """Corpus BLEU and chrF (two decimals) of a FLORES dev hypothesis file."""
    import sacrebleu

    with open(os.path.join(SHARED, "data", "eval", "flores-dev.en"), encoding="utf-8") as f:
        refs = f.read().splitlines()
    with open(hyps_path, encoding="utf-8") as f:
        hyps = f.read().splitlines()
    refs = refs[: len(hyps)]
    return (round(sacrebleu.corpus_bleu(hyps, [refs]).score, 2), round(sacrebleu.corpus_chrf(hyps, [refs]).score, 2))


def draw(args, k):
    """Package and score draw *k*; return (BLEU, chrF)."""
    import torch

    from package import build

    out_dir = os.path.join(args.work, "noise")
    os.makedirs(out_dir, exist_ok=True)
    ck = torch.load(args.ckpt, map_location="cpu", weights_only=False)
    ck["model"] = perturb(ck["model"], args.scale if k else 0.0, k)
    ckpt = os.path.join(out_dir, f"ckpt_draw{k}.pt")
    torch.save(ck, ckpt)
    package = os.path.join(out_dir, f"draw{k}.argosmodel")
    try:
        build(args.work, ckpt, "0.0", package)
    finally:
        os.remove(ckpt)
    hyps = os.path.join(out_dir, f"draw{k}.hyps")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "model_quality.py"), "--package", package,
                    "--skip-direct", "--threads", str(args.threads), "--hyps", hyps],
                   check=True, stdout=subprocess.DEVNULL)
    return score(hyps)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", default=os.path.join(HERE, "work"))
    ap.add_argument("--ckpt", default=None, help="default: WORK/ckpt_avg.pt")
    ap.add_argument("--draws", type=int, default=3)
    ap.add_argument("--first", type=int, default=0, help="1 skips draw 0 (the unperturbed conversion)")
    ap.add_argument("--scale", type=float, default=1e-6)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    args.ckpt = args.ckpt or os.path.join(args.work, "ckpt_avg.pt")
    results = []
    for k in range(args.first, args.draws + 1):
        bleu, chrf = draw(args, k)
        results.append((bleu, chrf))
        print(f"draw {k}: BLEU {bleu:.2f} chrF {chrf:.2f}", flush=True)
    bleus, chrfs = [r[0] for r in results], [r[1] for r in results]
    print(f"{len(results)} draws: BLEU {min(bleus):.2f}–{max(bleus):.2f} (median {statistics.median(bleus):.2f}), "
          f"chrF {min(chrfs):.2f}–{max(chrfs):.2f} (median {statistics.median(chrfs):.2f})")


if __name__ == "__main__":
    main()
