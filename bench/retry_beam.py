"""The wider-beam retry (DecodeOptions.retry_beam): its cost in time and what it removes, one run.

The engine decodes FLORES dev sentences (never trained on) with subkit's options, once without the
retry (the baseline) and once with each --retry value, alternating, --repeat times; it prints the
median time, the ratio to the baseline, and how many sentences still fail the word-level review
checks (an invented word, a French word left in, a repeated word). Quality against the references
is bench/translate_quality.py --retry-beam N.

    python bench/retry_beam.py [--limit 400] [--retry 8 12] [--repeat 3] [--threads 2]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "data" / "eval"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=400)
    ap.add_argument("--retry", type=int, nargs="+", default=[8, 12])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--eval-dir", type=Path, default=EVAL)
    args = ap.parse_args()

    from _model import fr_en_package
    from subkit.translate.engine import DecodeOptions, Engine, _word_checks

    sentences = (args.eval_dir / "flores-dev.fr").read_text(encoding="utf-8").splitlines()[: args.limit]
    pkg = fr_en_package()
    clean = _word_checks("fr", "en")
    settings = [0, *args.retry]
    times: dict[int, list[float]] = {r: [] for r in settings}
    failing: dict[int, int] = {}
    for _ in range(args.repeat):
        for retry in settings:
            engine = Engine(pkg.path, pkg.identity, "cpu", args.threads, DecodeOptions(retry_beam=retry))
            t0 = time.perf_counter()
            out = engine.translate(sentences)
            times[retry].append(time.perf_counter() - t0)
            failing[retry] = sum(not clean(s, t) for s, t in zip(sentences, out))
    base = statistics.median(times[0])
    print(f"model: {pkg.identity}  sentences: {len(sentences)}  threads: {args.threads}  repeats: {args.repeat}")
    print(f"{'retry beam':<12}{'median s':>10}{'ratio':>8}{'failing checks':>16}")
    for retry in settings:
        median = statistics.median(times[retry])
        print(f"{retry or 'none':<12}{median:>10.2f}{median / base:>8.2f}{failing[retry]:>16}")


if __name__ == "__main__":
    main()
