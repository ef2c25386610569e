"""Benchmark `subkit segment` given subtitles other tools made (Whisper's SRT, YouTube's rolling
automatic captions) against those subtitles as they are and against a greedy re-wrap.

The seed's words are given true times (about 14 characters a second, a pace drawn per sentence,
pauses after sentences and commas: tests/caption_sources.py); from them come Whisper-like SRT (a
clause per cue, one long line) and YouTube-like WebVTT (rolling two-line cues with word timestamps,
no punctuation). Each is then measured three ways: the file as it is; a greedy re-wrap of its words
and times into cues of two 42-character lines (what Whisper's `--max_line_width 42
--max_line_count 2` writer does, on the same recovered word times as subkit); and `subkit segment`.
Printed per way: cues, hard-limit breaches of netflix-fr (line length and count, reading speed,
durations, gaps) per 100 cues, lines ending on a word that must not end one, cues that run on across
the end of a sentence, cue-start error against
the first word's true time (median, p90), and the median time subkit took.

    python bench/resegment.py [--seeds 3] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import srt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
SEED = ROOT / "seeds" / "000_7e3d9c830176a7c7.txt"
SENTENCE_END = (".", "?", "!", ".»")


def greedy(tokens, times, width: int = 42, lines: int = 2) -> str:
    """Words filled into lines of *width* characters, *lines* lines a cue, each cue from its first
    word's start to its last word's end: Whisper's writer with --max_line_width/--max_line_count."""
    from subkit.cues import Cue, compose_srt

    cues, rows, row, first = [], [], [], 0
    for k, tok in enumerate(tokens + [None]):
        if tok is not None and len(" ".join(row + [tok])) <= width:
            row.append(tok)
            continue
        rows.append(" ".join(row))
        row = [tok] if tok is not None else []
        if len(rows) == lines or tok is None:
            last = k - 1 if tok is not None else len(tokens) - 1
            cues.append(Cue(int(times[first][0] * 1000), int(times[last][1] * 1000), tuple(rows), len(cues) + 1))
            rows, first = [], k
    return compose_srt([c for c in cues if c.lines and c.lines[0]])


def measure(srt_text: str, truth: list[float], ends: list[bool]) -> dict:
    """Counts over an SRT of the seed's words, against the words' true starts and sentence ends."""
    from segment_checks import forbidden_ends, limit_problems

    from subkit.profiles import get_profile, strip_tags
    from subkit.text import tokenize

    subs = list(srt.parse(srt_text))
    k, err, across = 0, [], 0
    for sub in subs:
        n = len(tokenize(strip_tags(sub.content)))
        if k < len(truth):
            err.append(abs(sub.start.total_seconds() - truth[k]))
        across += any(ends[k:k + n - 1])
        k += n
    return {"cues": len(subs), "limits": len(limit_problems(subs, get_profile("netflix-fr"))),
            "ends": len(forbidden_ends(subs, "fr")), "err": err, "across": across}


def row(name: str, m: dict, timed: bool = True) -> str:
    err = np.array(m["err"])
    shown = (f"start error median {np.median(err):5.2f} s, p90 {np.percentile(err, 90):5.2f} s" if timed else
             "start error: n/a (a word shows in two cues)")
    return (f"  {name:<16} {m['cues']:5d} cues {100 * m['limits'] / m['cues']:6.1f} breaches/100 cues "
            f"{m['ends']:4d} bad line ends {m['across'] if timed else 'n/a':>3} across a sentence end  {shown}")


def one(kind: str, text: str, truth: list[float], ends: list[bool], repeats: int) -> None:
    from subkit.captions import caption_words
    from subkit.formats import parse
    from subkit.segment import segment_subtitles

    fmt = "vtt" if kind == "youtube" else "srt"
    subs = parse(text, kind, fmt)
    cues = subs.cues
    said = caption_words(cues, "fr", fmt == "vtt")
    took, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = segment_subtitles(subs, lang="fr")
        took.append(time.perf_counter() - t0)
    as_is = text if fmt == "srt" else _vtt_as_srt(cues)
    print(f"{kind}: {len(cues)} cues in, {len(said.tokens)} words")
    print(row("as it is", measure(as_is, truth, ends), timed=kind == "whisper"))
    print(row("greedy re-wrap", measure(greedy(said.tokens, said.times), truth, ends)))
    print(row("subkit segment", measure(result.to_srt(), truth, ends)) + f"  ({statistics.median(took):.2f} s)")


def _vtt_as_srt(cues) -> str:
    """The rolling captions as a player shows them (timestamp tags out), for the limit counts."""
    from subkit.cues import compose_srt
    from subkit.profiles import strip_tags

    return compose_srt([c.with_text(strip_tags(c.text).strip() or "-") for c in cues])


def main() -> None:
    from caption_sources import spoken, whisper_highlight_srt, whisper_srt, youtube_vtt

    from subkit.text import clean_transcript

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    text = " ".join(clean_transcript(SEED.read_text(encoding="utf-8"), "fr").paragraphs)
    for seed in range(args.seeds):
        said, times = spoken(text, seed=seed, rate=14.0)
        truth = [a for a, _ in times]
        ends = [w.endswith(SENTENCE_END) for w in said]
        print(f"-- seed transcript, pace draw {seed}")
        one("whisper", whisper_srt(said, times), truth, ends, args.repeats)
        one("karaoke", whisper_highlight_srt(said, times), truth, ends, args.repeats)
        vtt, _, kept = youtube_vtt(said, times)
        # a sentence end on a word YouTube drops ("?" alone) goes to the word before it
        ends_kept = [any(ends[k:nxt]) for k, nxt in zip(kept, kept[1:] + [len(said)])]
        one("youtube", vtt, [truth[k] for k in kept], ends_kept, args.repeats)


if __name__ == "__main__":
    main()
