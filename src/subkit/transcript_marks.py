"""Speaker labels and timestamps in a transcript: what interview transcripts and the exports of
transcription services carry besides the words.

``MARIE : Bonjour.``, ``Speaker 1: …``, ``>> …`` and a leading dialogue dash mark a new speaker;
``[00:01:23] …``, ``(01:23) …`` or a timestamp alone on the line before the words (YouTube's "Show
transcript", Otter's ``Speaker 1  0:03``) mark when the words are said. None of it is spoken, so it is
taken out of the text: a new speaker starts a new cue (:mod:`subkit.segment`), and a timestamp
becomes an anchor, a time the words after it do not appear before.

Labels are read at the start of a paragraph only, and only in forms prose does not take there: a
label is 1–4 words, the first and last capitalised (a role in brackets after them, Markdown's ``**``
around them), and a colon, and the words after it open with a capital (past a dash or a quote:
"Tip: always weigh…" is prose, whatever kind of label it looks like); it counts when two such labels
each start 2 paragraphs or more (speakers taking turns: "Marie : … / Paul : … / Marie : …"), or one
starts at least 3 paragraphs and half of them (one speaker named on every line), never for a
"Résultat : …" or two; once 2 speakers are known, any label in capitals counts too, and once a bold
label recurs, any bold label; a name with a time always counts (``Speaker 1  0:03`` alone on its
line, as Otter writes it; ``Sarah Smith (00:00:04):`` as Rev and Descript do). A bare timestamp
(``01:23 Bonjour``) counts only at a paragraph's start, where the transcript holds 2 timestamps or
more and they never go back; one in brackets (``[00:01:23]``, ``(01:23)``) always does, inside a
paragraph too: it is taken out, and it anchors the words after it unless it goes back (a transcript
error: :attr:`Marks.back` says where).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["Marks", "read_marks", "split_turns"]

_DASHES = ("-", "–", "—")  # subkit.text.DIALOGUE_DASHES (text imports this module, not the other way)

_SP = r"[ \u00a0\u202f]"
_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_TIME_PARTS = re.compile(r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")
_NAME = r"[^\W\d_][\w'’.\-]*(?: (?:[^\W\d_][\w'’.\-]*|\d+)){0,3}"
_ROLE = rf"(?:{_SP}\([^()\n]{{1,30}}\))?"  # "Marie Dupont (journaliste) :"
_BOLD = r"(?:\*\*|__)?"  # Markdown exports: "**Marie :** ..."
_MARKS = [  # (kind, pattern), tried in this order at the start of what is left of the paragraph
    ("change", re.compile(rf"(?:>>|[-–—](?={_SP})){_SP}*")),
    ("label+time", re.compile(rf"(?P<label>{_NAME}){_SP}+(?P<time>{_TIME})$")),  # Otter's line
    # Rev, Descript, Temi: "Sarah Smith (00:00:04):", "Speaker 1 [00:03]"
    ("label+[time]", re.compile(rf"{_BOLD}(?P<label>{_NAME}){_SP}*[\[(]{_SP}*(?P<time>{_TIME}){_SP}*[\])]{_BOLD}"
                                rf"{_SP}*:?{_BOLD}(?:{_SP}+|$)")),
    ("[time]", re.compile(rf"[\[(]{_SP}*(?P<time>{_TIME}){_SP}*[\])]{_SP}*")),
    ("time", re.compile(rf"(?P<time>{_TIME})(?=\s|$){_SP}*")),
    ("label", re.compile(rf"{_BOLD}(?P<label>{_NAME}{_ROLE}){_BOLD}{_SP}*:{_BOLD}(?:{_SP}+|$)")),
    ("[time]", re.compile(rf"[\[(]{_SP}*(?P<time>{_TIME}){_SP}*[\])]{_SP}*")),  # "MARIE : [00:01] …"
]
_INLINE_TIME = re.compile(rf"[\[(]{_SP}*(?P<time>{_TIME}){_SP}*[\])]")  # "… tous [00:00:04] et …"
_MAX_LABEL = 45
_FIRST_LETTER = re.compile(r"[\s\-–—«»\"“”'‘’„]*[^\W\d_]")  # the first letter of a turn, past a dash or quote
_OPENS_WITH_DASH = re.compile(r"(?:<[^<>\n]*>|\{\\[^{}\n]*\}|\s)*[-–—]")  # tags may come first
# another turn on the same line: a dash after a sentence's end ("- Tu es sûr ? - Oui.", "-Sure? -Yes.")
_NEXT_TURN = re.compile(r"(?<=[.!?…»\"”])\s+[-–—]\s*(?=\S)")


def split_turns(line: str) -> list[str]:
    """The speakers' turns of a line that opens with a dialogue dash: a dash after a sentence's end
    starts the next (``- Tu es sûr ? - Oui.``); the first keeps its dash, the others lose theirs.
    Any other line is one piece (a dash inside a sentence, "il a dit – je cite – que", is no turn)."""
    return _NEXT_TURN.split(line) if _OPENS_WITH_DASH.match(line) else [line]


@dataclass
class Marks:
    """A transcript's paragraphs without their marks, and what the marks said, per paragraph."""

    paragraphs: list[str]
    line_numbers: list[int]
    anchors: list[int | None]  # ms: the paragraph's words are not shown before this
    turns: list[bool]  # the paragraph starts a new speaker's turn
    speakers: list[str]  # the labels taken out, in order of first use
    voices: list[str | None]  # who says the paragraph, when a label named them (None: not known)
    stamps: int = 0  # the timestamps taken out
    back: list[tuple[int, int, int]] = field(default_factory=list)  # (line, ms, the latest before): gone back


@dataclass(frozen=True)
class _Mark:
    kind: str
    end: int  # where the mark ends in the paragraph
    label: str | None = None
    time: int | None = None
    bold: bool = False
    lower: bool = False  # the turn after the label opens in lower case ("Tip: always weigh…", "MARIE : euh, …")


def _ms(text: str) -> int | None:
    h, mi, s, frac = _TIME_PARTS.fullmatch(text).groups()
    if int(s) >= 60 or (h is not None and int(mi) >= 60):
        return None
    return ((int(h or 0) * 60 + int(mi)) * 60 + int(s)) * 1000 + int((frac or "0").ljust(3, "0"))


def _marks(text: str) -> list[_Mark]:
    """The marks *text* starts with, in order (at most one of each kind)."""
    out: list[_Mark] = []
    at = 0
    for kind, pattern in _MARKS:
        if any(m.kind == kind or (m.time is not None and "time" in kind) for m in out):
            continue
        m = pattern.match(text, at)
        if m is None:
            continue
        found = m.groupdict()
        label, time = found.get("label"), _ms(found["time"]) if found.get("time") else None
        if (label and not _name_like(label, kind)) or (found.get("time") and time is None):
            continue
        opening = _FIRST_LETTER.match(text, m.end())
        out.append(_Mark(kind, m.end(), label, time, text.startswith(("**", "__"), m.start()),
                         bool(label and opening and opening.group()[-1].islower())))
        at = m.end()
    return out


def _name_like(label: str, kind: str) -> bool:
    """Whether *label* can name a speaker: short, its first and last words capitalised (or a number:
    "Speaker 1"; "Jean de La Fontaine" has particles between); beside a time (a mark that always
    counts), every word so, so that "Rendez-vous à 12:30" stays text."""
    words = re.sub(r"\s*\([^()]*\)$", "", label).split()  # the name, without a role in brackets
    if len(label) > _MAX_LABEL or not words:
        return False
    named = [w[0].isupper() or w.isdigit() for w in words]
    return named[0] and named[-1] and (not kind.startswith("label+") or all(named))


def _speakers(marks: list[list[_Mark]]) -> set[str]:
    """The labels that are speakers: any with a time; labels used at least twice once two such take
    turns; one label starting at least 3 paragraphs and half of them (a single speaker named on every
    line); then, once two speakers are known, any label in capitals, and once a bold label recurs,
    any bold label. A turn opening in lower case shows a speaker only under a label in capitals
    ("MARIE : euh, …") or one that also opens a turn in capitals ("Marie : Bonjour." then "Marie : euh,
    …"): "Tip: always weigh…" and "Note: the dough…" are prose."""
    said = {m.label.casefold() for ms in marks for m in ms if m.label and not m.lower}  # a turn opening in capitals
    labelled = [m for ms in marks for m in ms if m.label and (m.label.isupper() or m.label.casefold() in said)]
    uses = Counter(m.label.casefold() for m in labelled)
    recurring = {label for label, n in uses.items() if n >= 2}
    found = {m.label.casefold() for m in labelled if m.kind.startswith("label+")}
    if len(recurring) >= 2:
        found |= recurring
    found |= {label for label, n in uses.items() if n >= 3 and 2 * n >= len(marks)}
    if len(found) >= 2:
        found |= {m.label.casefold() for m in labelled if m.label.isupper()}
    if any(m.bold and m.label.casefold() in recurring for m in labelled):
        found |= {m.label.casefold() for m in labelled if m.bold}
    return found


def _bare_times_count(marks: list[list[_Mark]]) -> bool:
    """Whether bare timestamps are timestamps here: 2 or more in all, never going back."""
    times = [m.time for ms in marks for m in ms if m.time is not None]
    return len(times) >= 2 and all(a <= b for a, b in zip(times, times[1:]))


def _accepted(marks: list[_Mark], speakers: set[str], bare_ok: bool) -> list[_Mark]:
    """The leading marks that are marks here (the first that is not ends them: the rest is text)."""
    out = []
    for m in marks:
        if m.label is not None and m.label.casefold() not in speakers:
            break
        if m.kind in ("time", "label+time") and not bare_ok:
            break
        out.append(m)
    return out


def read_marks(paragraphs: list[str], line_numbers: list[int]) -> Marks:
    """Take the speaker labels and timestamps out of *paragraphs* (see the module docstring)."""
    marks = [_marks(p) for p in paragraphs]
    speakers, bare_ok = _speakers(marks), _bare_times_count(marks)
    reader = _Reader()
    for text, number, found in zip(paragraphs, line_numbers, marks):
        taken = _accepted(found, speakers, bare_ok)
        for m in taken:
            if m.label and m.label not in reader.out.speakers:
                reader.out.speakers.append(m.label)
            if m.time is not None:
                reader.stamp(m.time, number)
        turn = any(m.kind != "[time]" and m.kind != "time" for m in taken)
        if turn:  # a new speaker: named by the label, or not known (">>", a dash)
            reader.voice = next((m.label for m in taken if m.label), None)
        reader.pending_turn = reader.pending_turn or turn
        dashed = any(m.kind == "change" for m in taken) and text.startswith(_DASHES)
        pieces = split_turns(text) if dashed else [text]
        rest = pieces[0][taken[-1].end:].strip() if taken else text
        for k, piece in enumerate([rest] + pieces[1:]):
            reader.piece(piece, number, k > 0)
    return reader.out


class _Reader:
    """:func:`read_marks`' output as it grows, and what the marks read so far say of the next words."""

    def __init__(self) -> None:
        self.out = Marks([], [], [], [], [], [])
        self.last = -1  # the latest time so far (ms)
        self.pending_time: int | None = None
        self.pending_turn = False
        self.voice: str | None = None

    def stamp(self, time: int, number: int) -> None:
        """A timestamp taken out on line *number*: the next words' anchor, unless it goes back."""
        self.out.stamps += 1
        if time < self.last:  # a transcript error: it anchors nothing
            self.out.back.append((number, time, self.last))
        else:
            self.pending_time = self.last = time

    def piece(self, text: str, number: int, turn: bool) -> None:
        """A paragraph's piece (a turn of its own when *turn*), cut at its timestamps in brackets."""
        said = ""
        for part, time in _inline_times(text):
            said = f"{said} {part}".strip()
            if time is not None and time >= self.last and said:  # the words before it end there
                self.emit(said, number, turn)
                said, turn = "", False
            if time is not None:
                self.stamp(time, number)
        if said:
            self.emit(said, number, turn)
        # else a line of marks only: they belong to the words that follow

    def emit(self, text: str, number: int, turn: bool) -> None:
        out = self.out
        out.paragraphs.append(text)
        out.line_numbers.append(number)
        out.anchors.append(self.pending_time)
        out.turns.append(self.pending_turn or turn)
        out.voices.append(self.voice)
        self.pending_time, self.pending_turn = None, False


def _inline_times(text: str) -> list[tuple[str, int | None]]:
    """*text* cut at its timestamps in brackets: (the text before each, its time) and (the rest, None).
    A bracketed time that is not one ("[99:99]") stays text."""
    out, at = [], 0
    for m in _INLINE_TIME.finditer(text):
        time = _ms(m.group("time"))
        if time is not None:
            out.append((text[at:m.start()].strip(), time))
            at = m.end()
    return out + [(text[at:].strip(), None)]
