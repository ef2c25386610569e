"""The engine's second chances: the wider-beam retry (DecodeOptions.retry_beam) and the decodings
that forbid an invented word's pieces (DecodeOptions.invented_retries); their cost in time and what
they remove, one run.

The engine decodes FLORES dev sentences (never trained on) with subkit's options, once with neither
(the baseline), once with each --retry beam and no forbidding, and once with the default retry and
each --invented count, alternating, --repeat times; it prints the median time, the ratio to the
baseline, how many sentences still fail the word-level review checks (an invented word, a French
word left in, a repeated word) and how many invented words are left. Quality against the
references is bench/translate_quality.py --retry-beam N --invented-retries N.

    python bench/retry_beam.py [--limit 400] [--retry 8 12] [--invented 3 8] [--repeat 3] [--threads 2]
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
    ap.add_argument("--invented", type=int, nargs="+", default=[3, 8])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--eval-dir", type=Path, default=EVAL)
    args = ap.parse_args()

    from _model import fr_en_package
    from subkit.translate.engine import DecodeOptions, Engine, _invented_words, _word_checks

    sentences = (args.eval_dir / "flores-dev.fr").read_text(encoding="utf-8").splitlines()[: args.limit]
    pkg = fr_en_package()
    clean, invented = _word_checks("fr", "en"), _invented_words("fr", "en")
    default = DecodeOptions()
    settings = [(0, 0), *((r, 0) for r in args.retry), *((default.retry_beam, n) for n in args.invented)]
    times: dict[tuple[int, int], list[float]] = {s: [] for s in settings}
    failing: dict[tuple[int, int], tuple[int, int]] = {}
    for _ in range(args.repeat):
        for retry, forbid in settings:
            options = DecodeOptions(retry_beam=retry, invented_retries=forbid)
            engine = Engine(pkg.path, pkg.identity, "cpu", args.threads, options)
            t0 = time.perf_counter()
            out = engine.translate(sentences)
            times[retry, forbid].append(time.perf_counter() - t0)
            failing[retry, forbid] = (sum(not clean(s, t) for s, t in zip(sentences, out)),
                                      sum(len(invented(s, t)) for s, t in zip(sentences, out)))
    base = statistics.median(times[0, 0])
    print(f"model: {pkg.identity}  sentences: {len(sentences)}  threads: {args.threads}  repeats: {args.repeat}")
    print(f"{'retry beam':<12}{'forbid':>8}{'median s':>10}{'ratio':>8}{'failing checks':>16}{'invented words':>16}")
    for setting in settings:
        median = statistics.median(times[setting])
        retry, forbid = setting
        print(f"{retry or 'none':<12}{forbid or 'none':>8}{median:>10.2f}{median / base:>8.2f}"
              f"{failing[setting][0]:>16}{failing[setting][1]:>16}")


if __name__ == "__main__":
    main()
