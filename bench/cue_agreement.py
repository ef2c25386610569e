"""How often `subkit segment` ends a cue where a professional subtitler did.

Takes real subtitle files (the official *Tears of Steel* French and English subtitles in
``bench/data/tears-of-steel/``, or files given on the command line), lays their words out again
with ``subkit segment`` (their own times: each word timed within its cue, gaps as pauses), and
compares the cue ends with the subtitler's: precision (segment's cue ends the subtitler also
made), recall (the subtitler's cue ends segment found), F1; also the cues, how many are on screen
under 1.5 s, and the words kept in order. A subtitler's cue end is a word after which their
cue ended; a sentence running over two of their cues counts as an end there too.

    python bench/cue_agreement.py [--transcript] [FILE.srt ...]

``--transcript`` gives segment their words only, as one paragraph of plain transcript (no times,
no cue ends): the speech model times them, and every cue end is segment's own choice.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "bench" / "data" / "tears-of-steel").glob("tos-*.srt"))


def _ends(cue_words: list[list[str]]) -> set[int]:
    """Indices of the words after which a cue ends (the last word excluded: every layout ends there)."""
    out, at = set(), 0
    for words in cue_words:
        at += len(words)
        out.add(at - 1)
    return out - {at - 1}


def _words(text: str) -> list[str]:
    """Words as a reader sees them: French spacing before ``? ! : ;`` and a line break do not count."""
    import re

    from subkit.profiles import strip_tags

    text = re.sub(r"[ \u00a0\u202f]*([?!:;»])", r"\1", strip_tags(text).replace("\n", " "))
    return [w for w in re.sub(r"(«)[ \u00a0\u202f]*", r"\1", text).split() if w.strip("-–—")]


def measure(path: Path, transcript: bool) -> dict:
    from subkit.formats import read_file
    from subkit.segment import segment_subtitles

    from subkit.segment import segment_transcript

    subs = read_file(path)
    theirs = [_words(c.text) for c in sorted(subs.cues, key=lambda c: c.start)]
    t0 = time.perf_counter()
    if transcript:  # their words only, as one paragraph: the speech model times them
        result = segment_transcript(" ".join(" ".join(ws) for ws in theirs), name=path.name, lang="auto")
    else:
        result = segment_subtitles(subs, name=path.name, lang="auto")
    took = time.perf_counter() - t0
    ours = [_words(c.text) for c in result.cues]
    a, b = _ends(theirs), _ends(ours)
    flat_theirs = [w.strip("-–—.…") for ws in theirs for w in ws]
    flat_ours = [w.strip("-–—.…") for ws in ours for w in ws]
    hit = len(a & b) if len(flat_theirs) == len(flat_ours) else None
    precision = hit / len(b) if b and hit is not None else float("nan")
    recall = hit / len(a) if a and hit is not None else float("nan")
    return {
        "file": path.name, "their_cues": len(theirs), "our_cues": len(ours),
        "precision": precision, "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "short": sum((c.end - c.start) < 1500 for c in result.cues),
        "their_short": sum((c.end - c.start) < 1500 for c in subs.cues),
        "median_s": statistics.median((c.end - c.start) / 1000 for c in result.cues),
        "their_median_s": statistics.median((c.end - c.start) / 1000 for c in subs.cues),
        "kept": flat_theirs == flat_ours, "seconds": took,
    }


def main(argv: list[str]) -> None:
    files = [Path(p) for p in argv if p != "--transcript"] or FILES
    transcript = "--transcript" in argv
    print("their words as one paragraph of transcript, timed by the speech model" if transcript else
          "their words with their own times (each word within its cue, gaps as pauses)")
    print(f"{'file':<14} {'cues (theirs→ours)':>18} {'precision':>9} {'recall':>7} {'F1':>6} "
          f"{'under 1.5 s (theirs→ours)':>26} {'median s':>14} kept")
    for path in files:
        m = measure(path, transcript)
        print(f"{m['file']:<14} {m['their_cues']:>8} → {m['our_cues']:<7} {m['precision']:9.3f} {m['recall']:7.3f} "
              f"{m['f1']:6.3f} {m['their_short']:>12} → {m['short']:<11} {m['their_median_s']:5.2f} → "
              f"{m['median_s']:5.2f} {m['kept']}")


if __name__ == "__main__":
    main(sys.argv[1:])
