"""Benchmark audio alignment (`subkit sync` / `segment --audio`): speed, memory and accuracy.

Builds an episode-like recording by concatenation: the seed transcript spoken by espeak-ng in
another voice (its word events are the exact reference), repeated to the wanted length, with a
20 s music intro, a 10 s outro and noise. The alignment of cue-sized pieces (7 words) runs in a
child process that reports wall time, CPU time, peak memory and audio-seconds per CPU-second, for a
quarter and for the whole length (growth should be about linear: ratio near 4). Accuracy: start
errors of the pieces against espeak's word times (median, 90 %, 95th percentile, max), and of
every word on the short test recordings of tests/audio_fixtures.py. Merges (``segment --audio``):
the seed spoken faster and faster, cues over the reading speed before and after merging, merges
done, words kept.

    python bench/align.py [--minutes 60] [--only accuracy|speed|merges]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
SEED = ROOT / "seeds" / "000_7e3d9c830176a7c7.txt"
PIECE_WORDS = 7

CHILD = r"""
import json, resource, sys, time
import numpy as np
from subkit.align import align_media
pieces = json.load(open(sys.argv[2], encoding="utf-8"))
t0, c0 = time.perf_counter(), time.process_time()
result = align_media(pieces, sys.argv[1], "fr")
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
# VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec from the forked parent (which holds the
# built recording), while VmHWM belongs to this program's own memory
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")]
peak = int(hwm[0].split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"wall": wall, "cpu": cpu, "peak_mb": peak, "cost": result.cost,
                  "starts": [p.start_ms for p in result.pieces]}))
"""


def _stats(err: np.ndarray) -> str:
    err = np.abs(err) * 1000
    return (f"median {np.median(err):.0f} ms, 90% within {np.percentile(err, 90):.0f} ms, "
            f"p95 {np.percentile(err, 95):.0f} ms, max {err.max():.0f} ms, within 250 ms {np.mean(err <= 250):.1%}")


def build(minutes: float, folder: Path) -> tuple[Path, Path, np.ndarray, float]:
    from audio_fixtures import RATE, music, speech, write_media

    body = SEED.read_text("utf-8").partition("\nPrevious")[0]
    one, starts_one, words_one = speech(body, voice="fr+m3", speed=165, pitch=35)
    reps = max(1, int(round(minutes * 60 / (len(one) / RATE))))
    rng = np.random.default_rng(0)
    gap = np.zeros(RATE // 2, np.float32)
    intro = np.concatenate([music(20.0, 1), np.zeros(RATE, np.float32)])
    audio = np.concatenate([intro] + [np.concatenate([one, gap])] * reps + [music(10.0, 2)])
    audio += 0.004 * rng.standard_normal(len(audio)).astype(np.float32)
    step = (len(one) + len(gap)) / RATE
    starts = np.concatenate([starts_one + len(intro) / RATE + k * step for k in range(reps)])
    words = words_one * reps
    pieces = [" ".join(words[i:i + PIECE_WORDS]) for i in range(0, len(words), PIECE_WORDS)]
    wav = folder / f"bench-{minutes:g}.wav"
    write_media(wav, audio)
    (folder / "pieces.json").write_text(json.dumps(pieces), encoding="utf-8")
    return wav, folder / "pieces.json", starts[::PIECE_WORDS], len(audio) / RATE


def run(minutes: float, folder: Path) -> dict:
    wav, pieces, truth, seconds = build(minutes, folder)
    out = subprocess.run([sys.executable, "-c", CHILD, str(wav), str(pieces)], capture_output=True, text=True,
                         check=True)
    found = json.loads(out.stdout)
    found["seconds"] = seconds
    found["errors"] = np.array(found.pop("starts")) / 1000 - truth
    return found


def short_accuracy() -> None:
    from audio_fixtures import recording

    from subkit.align import align_audio

    cases = {"same speed": {}, "music 20 s + 10 s": dict(intro_s=20, outro_s=10),
             "female, fast": dict(voice="fr+f2", speed=200, pitch=70, intro_s=15),
             "male, noisy": dict(voice="fr+m1", speed=160, pitch=20, noise=0.01),
             "slow, noisy": dict(noise=0.01, speed=130)}
    for name, kw in cases.items():
        x, starts, words = recording(**kw)
        got = np.array([p.start_ms for p in align_audio(words, x, "fr").pieces]) / 1000
        print(f"  {name:18s} words: {_stats(got - starts)}")


def merge_counts(folder: Path) -> None:
    """``segment --audio`` on the seed read by espeak-ng at rising speeds (its own voice, so the
    words per minute are measured from its word times)."""
    from audio_fixtures import RATE, speech, write_media
    from segment_checks import words

    import subkit.timing as timing
    from subkit.profiles import count_chars
    from subkit.segment import segment_transcript

    body = SEED.read_text("utf-8").partition("\nPrevious")[0]
    real = timing.reading_merges
    before: dict[str, int] = {}

    def counting(speech_s, counts, profile, join, limit_end=None):
        # what the cues would break without merging: the same alignment, enforced as it stands
        _, warnings = timing.cue_times(speech_s, counts, profile, limit_end)
        before.update(cues=len(counts), over=sum("reading speed" in w for w in warnings))
        return real(speech_s, counts, profile, join, limit_end)

    timing.reading_merges = counting  # segment looks it up at each call
    try:
        for speed in (115, 130, 145, 175, 220):
            x, starts, said = speech(body, voice="fr+m3", speed=speed, pitch=30)
            wav = folder / f"seed-{speed}.wav"
            write_media(wav, np.concatenate([np.zeros(RATE, np.float32), x, np.zeros(RATE, np.float32)]))
            r = segment_transcript(body, lang="fr", audio=str(wav))
            over = sum("reading speed" in w for w in r.warnings)
            wide = sum(len(c.lines) > 2 or any(count_chars(x) > 42 for x in c.lines) for c in r.cues)
            kept = words(" ".join(c.text for c in r.cues)) == words(" ".join(r.tokens))
            wpm = len(said) / (starts[-1] - starts[0]) * 60
            print(f"  {wpm:3.0f} words/min: {before['cues']} -> {len(r.cues)} cues "
                  f"({before['cues'] - len(r.cues)} merged away), over the reading speed {before['over']} -> {over}, "
                  f"cues over 2 x 42: {wide}, every word kept in order: {kept}")
    finally:
        timing.reading_merges = real


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--only", choices=("accuracy", "speed", "merges"), default=None)
    args = parser.parse_args()
    if args.only in (None, "accuracy"):
        print("accuracy, short test recordings (every word's start):")
        short_accuracy()
    with tempfile.TemporaryDirectory(prefix="subkit-bench-") as tmp:
        if args.only in (None, "merges"):
            print(f"segment --audio, merges where the speech outruns reading ({SEED.name}):")
            merge_counts(Path(tmp))
        if args.only not in (None, "speed"):
            return
        for minutes in (args.minutes / 4, args.minutes):
            r = run(minutes, Path(tmp))
            print(f"{r['seconds'] / 60:.1f} min of audio: wall {r['wall']:.1f} s, CPU {r['cpu']:.1f} s, "
                  f"peak {r['peak_mb']:.0f} MB, {r['seconds'] / r['cpu']:.0f} audio-s per CPU-s, cost {r['cost']:.2f}")
            print(f"  pieces of {PIECE_WORDS} words: {_stats(r['errors'])}")


if __name__ == "__main__":
    main()
