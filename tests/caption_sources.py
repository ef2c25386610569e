"""Subtitles as other tools make them, from words whose true times are known: Whisper's SRT (a
clause per cue, one long line), the same with ``--highlight_words`` (karaoke: the line once per
word) and YouTube's automatic captions (rolling WebVTT, two lines, word timestamps, unpunctuated).
For the tests of ``subkit segment`` given subtitles and bench/resegment.py."""

from __future__ import annotations

import re

import numpy as np

from subkit.cues import format_srt, format_vtt


def spoken(text: str, seed: int = 0, rate: float = 13.0) -> tuple[list[str], list[tuple[float, float]]]:
    """The words of *text* and when each is said: about *rate* characters a second, a pace drawn
    per sentence (±20 %), pauses of 0.3-1.5 s after a sentence and 0.1-0.4 s after a comma."""
    from subkit.text import tokenize

    rng = np.random.default_rng(seed)
    words, times, at, pace = tokenize(text), [], 1.0, 1.0
    for k, word in enumerate(words):
        if k == 0 or words[k - 1].endswith((".", "?", "!", ".»")):
            pace = rng.uniform(0.8, 1.2)
        said = (len(word) + 1) / (rate * pace)
        times.append((at, at + said))
        at += said
        if word.endswith((".", "?", "!", ".»")):
            at += rng.uniform(0.3, 1.5)
        elif word.endswith(","):
            at += rng.uniform(0.1, 0.4)
    return words, times


def _ms(seconds: float) -> int:
    return int(round(seconds * 1000))


def whisper_srt(words, times, most: int = 110) -> str:
    """A cue per sentence (cut at a comma past *most* characters), one line, from its first word's
    start to its last word's end, as Whisper's SRT writer gives them."""
    cues, first = [], 0
    for k, word in enumerate(words):
        length = len(" ".join(words[first:k + 1]))
        clause = word.endswith(",") and length > most * 0.6
        if word.endswith((".", "?", "!", ".»")) or k == len(words) - 1 or clause or length > most:
            cues.append((first, k + 1))
            first = k + 1
    blocks = [f"{n}\n{format_srt(_ms(times[a][0]))} --> {format_srt(_ms(times[b - 1][1]))}\n {' '.join(words[a:b])}\n"
              for n, (a, b) in enumerate(cues, 1)]
    return "\n".join(blocks)


def youtube_vtt(words, times, width: int = 32) -> tuple[str, list[str], list[int]]:
    """YouTube's automatic captions of the words (lower case, no punctuation), those words, and
    which of *words* each is: a line fills up to *width* characters; each cue shows the line before
    it and the new line with word timestamps, then a 10 ms cue holds the new line alone before the
    next one rolls in."""
    bare = [re.sub(r"[.,;:!?«»()\"–—…\u00a0\u202f]", "", w).lower() for w in words]
    kept = [k for k, w in enumerate(bare) if w]
    plain, times = [bare[k] for k in kept], [times[k] for k in kept]
    lines, first = [], 0
    for k in range(1, len(plain) + 1):
        if k == len(plain) or len(" ".join(plain[first:k + 1])) > width:
            lines.append((first, k))
            first = k
    out = ["WEBVTT\nKind: captions\nLanguage: fr\n"]
    for n, (a, b) in enumerate(lines):
        start = times[a][0]
        end = times[lines[n + 1][0]][0] if n + 1 < len(lines) else times[b - 1][1]
        before = " ".join(plain[lines[n - 1][0]:lines[n - 1][1]]) if n else " "
        stamped = plain[a] + "".join(f"<{format_vtt(_ms(times[k][0]))}><c> {plain[k]}</c>" for k in range(a + 1, b))
        out.append(f"{format_vtt(_ms(start))} --> {format_vtt(_ms(end) - 10)} align:start position:0%\n"
                   f"{before}\n{stamped}\n")
        out.append(f"{format_vtt(_ms(end) - 10)} --> {format_vtt(_ms(end))} align:start position:0%\n"
                   f"{' '.join(plain[a:b])}\n \n")
    return "\n".join(out), plain, kept


def whisper_highlight_srt(words, times, most: int = 84) -> str:
    """Whisper's SRT with ``--highlight_words``: each cue of words (up to *most* characters) shown
    once per word, that word underlined, from its start to its end, and the gaps between words
    shown without a highlight (as whisper.utils.SubtitlesWriter writes them)."""
    blocks, first = [], 0
    for k in range(len(words)):
        if k == len(words) - 1 or len(" ".join(words[first:k + 2])) > most or words[k].endswith("."):
            last = times[first][0]
            for i in range(first, k + 1):
                text = " ".join(f"<u>{w}</u>" if j == i else w for j, w in enumerate(words[first:k + 1], first))
                if _ms(times[i][0]) > _ms(last):
                    blocks.append((last, times[i][0], " ".join(words[first:k + 1])))
                blocks.append((times[i][0], times[i][1], text))
                last = times[i][1]
            first = k + 1
    return "\n".join(f"{n}\n{format_srt(_ms(a))} --> {format_srt(_ms(b))}\n{text}\n"
                     for n, (a, b, text) in enumerate(blocks, 1))
