"""Benchmark: ``subkit lint`` on WebVTT against SRT, on the same cues (issue 16: within 10 %).

Builds bench/lint.py's generated French SRT file (100,000 cues by default), writes the same cues as
WebVTT (subkit.formats), and prints the median time of the linter core (in-process ``lint_path``,
all default rules) on each, their ratio, and the problem counts (the same rules fire on both; SRT's
numbering rule has no WebVTT counterpart).

Usage: ``python bench/lint_vtt.py [--cues N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _median_times(fns, repeat: int) -> list[tuple[float, object]]:
    """Median time and last result of each function, run in turns (a loaded machine's drift falls
    on both alike)."""
    times: list[list[float]] = [[] for _ in fns]
    results: list[object] = [None] * len(fns)
    for _ in range(repeat):
        for k, fn in enumerate(fns):
            t = time.perf_counter()
            results[k] = fn()
            times[k].append(time.perf_counter() - t)
    return [(statistics.median(ts), r) for ts, r in zip(times, results)]


def main() -> None:
    from lint import build  # bench/lint.py: the same generated cues

    from subkit.formats import compose, read_file
    from subkit.lint.core import lint_path

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cues", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        srt_path, vtt_path = Path(tmp) / "bench.srt", Path(tmp) / "bench.vtt"
        build(srt_path, args.cues)
        vtt_path.write_text(compose(read_file(srt_path), "vtt"), encoding="utf-8")
        sizes = srt_path.stat().st_size, vtt_path.stat().st_size
        (t_srt, r_srt), (t_vtt, r_vtt) = _median_times(
            [lambda: lint_path(str(srt_path)), lambda: lint_path(str(vtt_path))], args.repeat)
    print(f"{args.cues} cues; SRT {sizes[0]:,} bytes, WebVTT {sizes[1]:,} bytes")
    print(f"lint SRT    : {t_srt:.3f} s (median of {args.repeat}), {r_srt.cues} cues, {len(r_srt.problems)} problems")
    print(f"lint WebVTT : {t_vtt:.3f} s (median of {args.repeat}), {r_vtt.cues} cues, {len(r_vtt.problems)} problems")
    print(f"ratio WebVTT/SRT: {t_vtt / t_srt:.3f} (goal: at most 1.10)")
    srt_rules = Counter(p.rule for p in r_srt.problems)
    vtt_rules = Counter(p.rule for p in r_vtt.problems)
    print("problems per rule, SRT / WebVTT:",
          ", ".join(f"{k} {srt_rules[k]}/{vtt_rules[k]}" for k in sorted(set(srt_rules) | set(vtt_rules))))


if __name__ == "__main__":
    main()
