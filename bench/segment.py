"""Benchmark `subkit segment` on a one-hour transcript (the seed repeated eight times).

Prints the median wall time over several repeats, words per second, and the times for 1x and
8x input so that growth is visible (it should be close to linear: ratio near 8).

    python bench/segment.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from subkit.segment import segment_transcript

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_7e3d9c830176a7c7.txt"


def median_time(text: str, repeats: int) -> tuple[float, int, int]:
    times = []
    result = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = segment_transcript(text, lang="fr")
        result.to_srt()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), len(result.tokens), len(result.cues)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    seed = SEED.read_text("utf-8")
    # keep the navigation only once, at the very end, as in a real scraped page
    body, _, _ = seed.partition("\nPrevious")
    one = seed
    eight = "\n\n".join([body] * 7 + [seed])
    segment_transcript(one, lang="fr")  # warm-up (imports, language data)
    t1, w1, c1 = median_time(one, args.repeats)
    t8, w8, c8 = median_time(eight, args.repeats)
    last = segment_transcript(eight, lang="fr").cues[-1].end / 1000
    print(f"1x: {w1} words, {c1} cues, median {t1 * 1000:.0f} ms ({w1 / t1:,.0f} words/s)")
    print(f"8x: {w8} words, {c8} cues, {last / 60:.1f} min of subtitles, median {t8 * 1000:.0f} ms "
          f"({w8 / t8:,.0f} words/s)")
    print(f"8x / 1x time ratio: {t8 / t1:.2f} (linear = {w8 / w1:.2f})")


if __name__ == "__main__":
    main()
