"""Words and their times out of subtitles that already exist, to lay them out again (``subkit
segment`` given a subtitle file: Whisper's long lines, YouTube's rolling automatic captions, a
subtitler's cues made for another profile).

Karaoke captions, which show a line once per word with that word highlighted (Whisper's
``--highlight_words``), become one cue per line, each word timed by the cue that highlights it.
Rolling captions, where each cue repeats the last line of the cue before it (YouTube's automatic
captions, CEA-608 roll-up), are unrolled: only the lines a cue adds count. Each cue's words
share its time in proportion to how long each takes to say, unless the cue carries word
timestamps (WebVTT's ``<00:00:01.480>``), which are kept. A dialogue dash or another WebVTT voice
starts a new speaker's turn, and a line that is only a sound (``[Musique]``, ``(rires)``, ``♪ …``)
stays a cue of its own. Formatting tags ride with their words (:mod:`subkit.tags`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from typing import Sequence

from subkit.cues import Cue, parse_timestamp
from subkit.errors import SubkitError
from subkit.profiles import TAG_PATTERN, strip_tags
from subkit.sync import BREAK_PAUSE_MS, AudioWords
from subkit.tags import Stack, Tail, Word, read_words
from subkit.text import SOUND_LINE, tokenize
from subkit.transcript_marks import split_turns

__all__ = ["CaptionWords", "caption_words", "karaoke", "unroll", "refuse_rolling"]

_STAMP = re.compile(r"<((?:\d+:)?\d{1,2}:\d{2}\.\d{3})>")
_DASH = re.compile(r"^((?:<[^<>\n]*>|\{\\[^{}\n]*\}|\s)*)[-–—]\s*")
_VOICE = re.compile(r"<v(?:\.[^\s<>]*)?\s+([^<>]+)>")
_TAG_SPLIT = re.compile(f"({TAG_PATTERN})")
_PAUSE_S = BREAK_PAUSE_MS / 1000
# The longest a word timed by a stamp is taken to last: 0.1 s and a slow 4.5 syllables a second
# (articulation runs 5-6 a second in French speech), so that a longer slot holds a pause
SECONDS_PER_WORD, SECONDS_PER_SYLLABLE = 0.1, 0.22
# A file rolls when this share of its cues of two lines or more begin with their predecessor's last line
ROLLING_SHARE = 0.5
_NO_BREAK = "\u00a0\u202f"
_CLAUSE_END = ".,;:!?…»\"”)"


@dataclass
class CaptionWords:
    """A subtitle file's words in order, with what each cue said of them."""

    tokens: list[str] = field(default_factory=list)
    stacks: list[Stack] = field(default_factory=list)  # the formatting tags open over each word
    tails: list[Tail | None] = field(default_factory=list)  # each word's end read under fewer tags
    turn_end: list[bool] = field(default_factory=list)  # a cue must end after it: speaker or sound
    times: list[tuple[float, float]] = field(default_factory=list)  # seconds
    cue_numbers: list[int] = field(default_factory=list)  # the cue (1-based) each word comes from
    cue_end: list[bool] = field(default_factory=list)  # it ends its cue
    voices: list[str | None] = field(default_factory=list)  # who says it (a WebVTT <v> span), if named
    unrolled: int = 0  # rolling cues whose repeated lines were taken out
    stamped: int = 0  # words timed by a word timestamp
    highlighted: int = 0  # karaoke cues (a word highlighted) merged into their line
    dialogues: list[tuple[int, int]] = field(default_factory=list)  # tokens of cues a dialogue dash opened

    def good_breaks(self, pause_after: Sequence[bool]) -> list[bool]:
        """Where a new cue may well start: after a pause (*pause_after*, from :meth:`heard`), or
        where a cue of the file ended on punctuation (Whisper ends its segments at clause ends;
        YouTube's lines, unpunctuated, end anywhere and do not count)."""
        return [p or (e and t[-1] in _CLAUSE_END) for p, e, t in zip(pause_after, self.cue_end, self.tokens)]

    def heard(self) -> AudioWords:
        """The words' times as :mod:`subkit.sync` gives them from a recording: a gap of
        BREAK_PAUSE_MS between two words is a pause."""
        gaps = [b[0] - a[1] for a, b in zip(self.times, self.times[1:])]
        pause_after = [g >= _PAUSE_S for g in gaps] + [True]
        pauses = [(int(a[1] * 1000), int(b[0] * 1000)) for a, b, g in zip(self.times, self.times[1:], gaps)
                  if g >= 0.2]
        end = int(round(self.times[-1][1] * 1000)) if self.times else 0
        return AudioWords(list(self.times), pause_after, pauses, end, [1.0] * len(self.times))


def _plain(line: str) -> str:
    return " ".join(strip_tags(line).split())


def _carried(lines: Sequence[str], before: Sequence[str]) -> int:
    """How many of *lines*' first lines repeat the last lines of *before* (plain text)."""
    for n in range(min(len(lines), len(before)), 0, -1):
        if [_plain(x) for x in lines[:n]] == [_plain(x) for x in before[-n:]]:
            return n
    return 0


def unroll(cues: Sequence[Cue]) -> tuple[list[tuple[Cue, list[str]]], int]:
    """Each cue with the lines it shows (blank lines out), and how many cues lost repeated lines.

    Lines repeating the previous cue's last lines are taken out only when the file rolls: at least
    ROLLING_SHARE of its cues of two lines or more begin that way (a chorus sung twice in a
    subtitler's file stays)."""
    shown = [[x for x in c.lines if _plain(x)] for c in cues]
    carried = [0] + [_carried(b, a) for a, b in zip(shown, shown[1:])]
    multi = [k for k, lines in enumerate(shown) if len(lines) >= 2]
    rolling = len(multi) >= 2 and sum(carried[k] > 0 for k in multi) >= ROLLING_SHARE * len(multi)
    if not rolling:
        return list(zip(cues, shown)), 0
    return [(c, lines[n:]) for c, lines, n in zip(cues, shown, carried)], sum(n > 0 for n in carried)


def _syllable_weights(tokens: Sequence[str], lang: str) -> list[float]:
    from subkit.timing import token_syllables

    return [max(n, 0.5) for n in token_syllables(tokens, lang)]


def _share(start: float, end: float, tokens: Sequence[str], lang: str) -> list[tuple[float, float]]:
    """*tokens* said one after the other from *start* to *end*, each for its syllables' share."""
    weights = _syllable_weights(tokens, lang)
    total, at, out = sum(weights), start, []
    for w in weights:
        step = (end - start) * w / total
        out.append((at, at + step))
        at += step
    return out


def _pieces(lines: Sequence[str], start: float) -> list[tuple[str, float]]:
    """A cue's text cut at its word timestamps: (text, when it starts); a line's start continues
    the piece before it."""
    pieces: list[tuple[str, float]] = []
    for line in lines:
        parts = _STAMP.split(line)
        if pieces:
            pieces[-1] = (pieces[-1][0] + " " + parts[0], pieces[-1][1])
        else:
            pieces.append((parts[0], start))
        for k in range(1, len(parts), 2):
            pieces.append((parts[k + 1], max(pieces[-1][1], _seconds(parts[k], pieces[-1][1]))))
    return pieces


def _seconds(stamp: str, otherwise: float) -> float:
    try:
        return parse_timestamp(stamp) / 1000
    except ValueError:
        return otherwise


def _stamped_times(lines: Sequence[str], start: float, end: float, lang: str,
                   stamped_file: bool) -> list[tuple[float, float]] | None:
    """Word times of a cue from its word timestamps (in a file with stamps, a cue without one:
    its start), or None when it has none or one is past its end."""
    pieces = _pieces(lines, start)
    if not pieces or (len(pieces) < 2 and not stamped_file) or pieces[-1][1] > end:
        return None
    words = [(tokenize(_plain(text)), at) for text, at in pieces]
    out: list[tuple[float, float]] = []
    for k, (tokens, at) in enumerate(words):
        if not tokens:
            continue
        if k + 1 < len(words) and not words[k + 1][0]:  # a stamp before no word: where these end
            out += _share(at, words[k + 1][1], tokens, lang)
            continue
        until = next((a for t, a in words[k + 1:] if t), end)
        # a stamp holds the start of its words, not their end: a slot far longer than saying them
        # takes holds a pause after them
        said = sum(SECONDS_PER_WORD + SECONDS_PER_SYLLABLE * w for w in _syllable_weights(tokens, lang))
        out += _share(at, min(until, at + said), tokens, lang)
    return out


@dataclass
class _Line:
    text: str  # tags kept, dash and voice tags out
    turn: bool  # a new speaker starts here
    sound: bool  # only a sound description
    voice: str | None  # the WebVTT voice over it (a <v> span lasts to the end of its cue)
    dash: bool = False  # a dialogue dash opened it


def _turn_lines(lines: Sequence[str]) -> list[tuple[str, bool]]:
    """A cue's lines, a line of two turns cut in two (:func:`subkit.transcript_marks.split_turns`),
    each (its text, whether a dash that went with the cut opened it); each opens again the tags
    the ones before left open, as it is read alone."""
    from subkit.tags import open_tags

    out: list[tuple[str, bool]] = []
    for line in lines:
        for k, piece in enumerate(split_turns(line)):
            # what the piece before left open (it starts with what was open before it)
            reopen = "".join(open_tags(out[-1][0])) if out else ""
            out.append((reopen + piece, k > 0))
    return out


def _lines(lines: Sequence[str], voice: str | None, lang: str, vtt: bool) -> tuple[list[_Line], str | None]:
    """A cue's lines read; *voice* is the last voice named before the cue (a change is a turn).
    In WebVTT (*vtt*), character references (``&amp;``) are read as the characters they stand for."""
    from subkit.formats.markup import literal
    from subkit.text import french_typography

    out, in_cue = [], None
    for line, after_dash in _turn_lines(lines):
        found = _VOICE.findall(line)
        named = found[0].strip() if found else None
        dash = after_dash or bool(_DASH.match(strip_tags(line)))
        turn = dash or (named is not None and voice is not None and named != voice)
        voice, in_cue = named or voice, named or in_cue
        text = _DASH.sub(r"\1", re.sub(r"</?v(?:[.\s][^<>]*)?>", "", line), count=1)
        if vtt and "&" in text:  # before the typography, which would space "&amp;" as "&amp ;"
            # "&lt;b&gt;" is text: marked literal, it is no <b> tag in the SRT-family text read here
            text = "".join(p if n % 2 else literal(html.unescape(p)) for n, p in enumerate(_TAG_SPLIT.split(text)))
        if lang == "fr":  # "gagné ?" is one word, as in a transcript: no line starts with "?"
            text = french_typography(text)
        out.append(_Line(text, turn, bool(SOUND_LINE.match(_plain(text))), in_cue, dash))
    return out, voice


def _highlighted(cue: Cue) -> int | None:
    """The one word a karaoke cue highlights (the only word under a tag), or None."""
    _, found = read_words(cue.text)
    marked = [k for k, w in enumerate(found) if w.tags]
    return marked[0] if len(marked) == 1 else None


def _runs(cues: Sequence[Cue]) -> list[list[Cue]]:
    """Consecutive cues showing the same words (tags aside), each run in order."""
    runs: list[list[Cue]] = []
    for cue in cues:
        if runs and _plain(runs[-1][-1].text) == _plain(cue.text) and cue.start - runs[-1][-1].end <= 100:
            runs[-1].append(cue)
        else:
            runs.append([cue])
    return runs


def karaoke(cues: Sequence[Cue]) -> tuple[list[Cue], int]:
    """Karaoke captions, which show the same line once per word with that word highlighted
    (Whisper's ``--highlight_words``: ``<u>word</u>``; a coloured word elsewhere), as one cue per
    line with a WebVTT timestamp before each word (the highlighting cue's start) and, where a
    pause follows it, one after it (its end). Only when most cues are in such runs; (the cues, how
    many highlighted a word)."""
    runs = [(run, _starts(run)) for run in _runs(cues)]
    in_runs = sum(len(run) for run, starts in runs if len(run) > 1 and starts)
    if in_runs < 0.5 * len(cues) or in_runs < 2:
        return list(cues), 0
    return [_stamped_cue(run, starts) for run, starts in runs], sum(len(starts) for _, starts in runs)


def _starts(run: Sequence[Cue]) -> dict[int, tuple[int, int]]:
    """Word index -> (start, end) in ms of the first cue of *run* that highlights it."""
    starts: dict[int, tuple[int, int]] = {}
    for cue in run:
        k = _highlighted(cue)
        if k is not None:
            starts.setdefault(k, (cue.start, cue.end))
    return starts


def _stamped_cue(run: Sequence[Cue], starts: dict[int, tuple[int, int]]) -> Cue:
    from subkit.cues import format_vtt

    if not starts:  # no word highlighted: the cue as it is, over the run's time
        return Cue(run[0].start, run[-1].end, run[0].lines, run[0].index, run[0].settings)
    _, found = read_words(run[0].text)
    lines: list[list[str]] = []
    for k, word in enumerate(found):
        while len(lines) <= word.line:
            lines.append([])
        stamp = f"<{format_vtt(starts[k][0])}>" if k and k in starts else ""
        # where the word's highlight ends before the next one starts, a stamp before no word:
        # a pause (the word's true end, which a start stamp alone does not hold)
        ends = k in starts and starts[k][1] < starts.get(k + 1, (starts[k][1] + 1,))[0]
        lines[word.line].append(stamp + word.text + (f" <{format_vtt(starts[k][1])}>" if ends else ""))
    text = "\n".join(" ".join(line) for line in lines if line)
    return Cue(run[0].start, run[-1].end, tuple(text.split("\n")), run[0].index, run[0].settings)


def caption_words(cues: Sequence[Cue], lang: str, vtt: bool = False) -> CaptionWords:
    """The words of *cues* (in spoken order), each with its time and tags; see the module docstring.
    *vtt*: the cues' text is WebVTT's (``&amp;`` for ``&``), not SRT's (literal)."""
    found = CaptionWords()
    cues, found.highlighted = karaoke(cues)
    kept, found.unrolled = unroll(cues)
    stamped_file = any(_STAMP.search(x) for _, shown in kept for x in shown)
    voice = None
    for number, (cue, shown) in enumerate(kept, 1):
        lines, voice = _lines(shown, voice, lang, vtt)
        start, end = cue.start / 1000, max(cue.end, cue.start + 1) / 1000
        before = len(found.tokens)
        for line in lines:
            _add_line(found, line, number)
        new = found.tokens[before:]
        found.cue_end += [False] * (len(new) - 1) + [True] if new else []
        if new and any(x.dash for x in lines):
            found.dialogues.append((before, len(found.tokens)))
        stamped = _stamped_times([x.text for x in lines], start, end, lang, stamped_file)
        if stamped is not None and len(stamped) == len(new):
            found.times += stamped
            found.stamped += len(new)
        else:
            found.times += _share(start, end, new, lang)
    return found


def _trimmed(word: Word) -> Word:
    """*word* without a no-break space at its ends (one left at its end, its "?" gone, is no part
    of it); the end read under fewer tags shortened by what went."""
    text = word.text.strip(_NO_BREAK)
    cut = len(word.text.rstrip(_NO_BREAK)) - len(word.text)
    tail = word.tail and (word.tail[0] + cut, word.tail[1])
    return replace(word, text=text, tail=tail if tail and tail[0] > 0 else None)


def _add_line(found: CaptionWords, line: _Line, number: int) -> None:
    _, words = read_words(_STAMP.sub(" ", line.text) if _STAMP.search(line.text) else line.text)
    # a no-break space left at a word's end (its "?" gone) is no part of the word
    words = [w for w in map(_trimmed, words) if w.text]
    if not words:
        return
    if found.tokens and (line.turn or line.sound):
        found.turn_end[-1] = True
    found.tokens += [w.text for w in words]
    found.stacks += [w.tags for w in words]
    found.tails += [w.tail for w in words]
    found.turn_end += [False] * (len(words) - 1) + [line.sound]
    found.cue_numbers += [number] * len(words)
    found.voices += [line.voice] * len(words)


def refuse_rolling(cues: Sequence[Cue], name: str, lay_out: str, otherwise: str | None = None) -> None:
    """Refuse rolling and karaoke captions, whose every line a job that works cue by cue would
    see two times or more, saying to lay them out first with *lay_out* (or do *otherwise*)."""
    for kind, how, found in (
            ("rolling", "each cue repeats the line before it, as YouTube's automatic captions do", unroll),
            ("karaoke", "a line shown once per word, that word highlighted, as Whisper's --highlight_words writes",
             karaoke)):
        if found(cues)[1]:
            tail = f", or {otherwise}" if otherwise else ""
            raise SubkitError(f"{kind} captions ({how}): lay them out first with {lay_out}{tail}", name)
