"""Benchmark what a transcript's own timestamps buy `subkit segment` without a recording.

The seed's paragraphs are spoken by espeak-ng at a speed drawn per paragraph (140–220 words a minute)
with a pause drawn between paragraphs (0.3–4 s), as a speaker who slows down, hurries and stops to
think; espeak's word events are the exact reference. The same transcript is then segmented three
ways, each told the recording's length (``--duration``): plain; with a timestamp in whole seconds
(``[00:01:23]``, as transcription services and YouTube write them) before every paragraph; and with
one only every 60 s or so (the first paragraph after each minute). Printed: the error of each cue's
start against its first word's reference time (median, 90th percentile, max, and the share within
0.5 s), and the time each run took (median of the repeats).

    python bench/timestamps.py [--repeats 3] [--seed 0]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
SEED = ROOT / "seeds" / "000_7e3d9c830176a7c7.txt"


def spoken(paragraphs: list[list[str]], seed: int) -> tuple[list[float], float]:
    """Each token's reference start (s) and the recording's length, paragraph by paragraph."""
    from subkit.align.synth import synthesize

    rng = np.random.default_rng(seed)
    starts: list[float] = []
    t = 1.0
    for tokens in paragraphs:
        syn = synthesize(tokens, "fr", speed=int(rng.integers(140, 221)), pitch=35, voice="fr+m3")
        starts += list(t + syn.word_starts / syn.rate)
        t += len(syn.samples) / syn.rate + float(rng.uniform(0.3, 4.0))
    return starts, t


def stamp(seconds: float) -> str:
    s = int(seconds)
    return f"[{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}]"


def errors(result, starts: list[float]) -> np.ndarray:
    return np.array([c.start / 1000 - starts[span.start] for c, span in zip(result.cues, result.spans)])


def describe(err: np.ndarray) -> str:
    a = np.abs(err)
    return (f"median {np.median(a):5.2f} s, p90 {np.percentile(a, 90):5.2f} s, max {a.max():5.2f} s, "
            f"within 0.5 s {np.mean(a <= 0.5):6.1%}")


def main() -> None:
    from subkit.segment import segment_transcript
    from subkit.text import clean_transcript, tokenize

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    body = SEED.read_text("utf-8").partition("\nPrevious")[0]
    paragraphs = clean_transcript(body, "fr").paragraphs
    tokens = [tokenize(p) for p in paragraphs]
    starts, length = spoken(tokens, args.seed)
    firsts = np.cumsum([0] + [len(t) for t in tokens])[:-1]
    every, last = [], -60.0
    for p, k in zip(paragraphs, firsts):
        every.append(f"{stamp(starts[k])} {p}" if starts[k] - last >= 60 else p)
        last = starts[k] if starts[k] - last >= 60 else last
    texts = {
        "plain transcript": "\n".join(paragraphs),
        "a timestamp every ~60 s": "\n".join(every),
        "a timestamp every paragraph": "\n".join(f"{stamp(starts[k])} {p}" for p, k in zip(paragraphs, firsts)),
    }
    print(f"seed spoken with varied pace: {len(starts)} words, {len(paragraphs)} paragraphs, {length:.0f} s")
    for label, text in texts.items():
        times = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            result = segment_transcript(text, lang="fr", duration_ms=int(length * 1000))
            times.append(time.perf_counter() - t0)
        assert len(result.tokens) == len(starts), (label, len(result.tokens), len(starts))
        stamps = sum(1 for line in text.splitlines() if line.startswith("["))
        print(f"{label:29s} ({stamps:3d} stamps): cue starts {describe(errors(result, starts))}; "
              f"{len(result.cues)} cues, {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()
