"""What a cue's words carry, written back onto the lines the breaker laid out: formatting tags
(:mod:`subkit.tags`) and who says them (WebVTT ``<v Name>`` voices)."""

from __future__ import annotations

import re
from typing import Sequence

from subkit.cues import Cue
from subkit.text import tokenize

__all__ = ["line_words", "tagged", "voiced", "cue_voice", "voice_name", "named", "line_voices", "carry_voices"]

_DASHES = ("", "- ", "-", "– ", "— ")  # a dialogue line starts with one (``language.dialogue_dash``)


def line_words(lines: Sequence[str], tokens: Sequence[str]) -> list[tuple[str, list[str]]] | None:
    """Each line as (its dialogue dash or "", its words) when the lines hold exactly *tokens*,
    in order; None when they do not."""
    out, at = [], 0
    for line in lines:
        for head in _DASHES:
            words = tokenize(line[len(head):]) if line.startswith(head) else []
            if words and words == list(tokens[at:at + len(words)]):
                break
        else:
            return None
        out.append((head, words))
        at += len(words)
    return out if at == len(tokens) else None


def tagged(lines: Sequence[str], tokens: Sequence[str], stacks: Sequence, tails: Sequence | None = None) -> str:
    """A cue's *lines* with each word's formatting tags (*stacks*, one per token, and *tails*: the
    end of a word read under fewer, :data:`subkit.tags.Tail`) written back; the lines as they are
    if they are not those tokens."""
    from subkit.tags import write_lines

    found = line_words(lines, tokens)
    if found is None:
        return "\n".join(lines)
    out, at = [], 0
    for head, words in found:
        out.append(head + "".join(write_lines(words, stacks[at:at + len(words)], [],
                                              tails and tails[at:at + len(words)])))
        at += len(words)
    return "\n".join(out)


def _escaped(name: str) -> str:
    return " ".join(name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split())


def voiced(text: str, tokens: Sequence[str], voices: Sequence[str | None]) -> str:
    """A cue's *text* (its *tokens*, one voice each or None) with WebVTT voices: one ``<v Name>``
    before it when one named speaker says it all, one before each line of a dialogue whose lines
    each have one; the text as it is otherwise. *text* is WebVTT's (``R&amp;D``): its lines are
    matched to the words as shown (``R&D``)."""
    from subkit.profiles import visible_text

    lines = text.split("\n")
    found = line_words([visible_text(x) for x in lines], tokens)
    if not voices or None in voices or found is None:
        return text
    if len(set(voices)) == 1:
        return f"<v {_escaped(voices[0])}>{text}"
    out, at = [], 0
    for line, (_, words) in zip(lines, found):
        names = set(voices[at:at + len(words)])
        if len(names) != 1:
            return text
        out.append(f"<v {_escaped(names.pop())}>{line}")
        at += len(words)
    return "\n".join(out)


_VOICE_START = re.compile(r"\s*<v((?:\.[^\s<>]*)?\s+[^<>]+)>")


def cue_voice(text: str) -> str | None:
    """The WebVTT voice a cue's text opens with and keeps to its end (``<v Marie>…``: the tag's
    inside, ``" Marie"``), or None (no voice, or a dialogue of several)."""
    m = _VOICE_START.match(text)
    return m.group(1) if m and text.count("<v") == 1 else None


def voice_name(text: str) -> str | None:
    """The speaker of a cue's one voice as plain text (``<v.loud Tom &amp; Jo>…``: ``"Tom & Jo"``),
    or None (no voice, or several)."""
    import html

    inside = cue_voice(text)
    if inside is None:
        return None
    name = inside.split(None, 1)[1] if inside.startswith(".") else inside  # the classes go
    return html.unescape(" ".join(name.split())) or None


def named(text: str, name: str) -> str:
    """WebVTT *text* said by *name* (``<v Marie>…``); as it is when it has a voice already."""
    return text if _VOICE.search(text) else f"<v {_escaped(name)}>{text}"


_VOICE = re.compile(r"<v((?:\.[^\s<>]*)?\s+[^<>]+)>")
_LEAD_DASH = re.compile(r"[-–—]\s*")


def line_voices(text: str) -> list[str] | None:
    """The voice each line of a dialogue cue opens (``- <v Marie>Tu viens ?</v>`` /
    ``- <v Pierre>Oui.</v>``: ``[" Marie", " Pierre"]``), or None unless every line of two or more
    opens exactly one."""
    found = [_VOICE.findall(line) for line in text.split("\n")]
    if len(found) < 2 or any(len(v) != 1 for v in found):
        return None
    return [v[0] for v in found]


def _voice_lines(text: str, voices: Sequence[str]) -> str:
    """Each line of *text* in its voice, after its dialogue dash: ``-<v Marie>Are you coming?</v>``."""
    out = []
    for line, voice in zip(text.split("\n"), voices):
        head = m.group(0) if (m := _LEAD_DASH.match(line)) else ""
        out.append(f"{head}<v{voice}>{line[len(head):]}</v>")
    return "\n".join(out)


def carry_voices(sources: Sequence[Cue], cues: Sequence[Cue], dropped: list[int] | None = None) -> list[Cue]:
    """*cues* (WebVTT, retimed from *sources*: a translation) with the voice of the source cues
    they overlap, where those all have the same one; a cue on one source dialogue whose lines each
    have a voice gets each on the same line. The starts of cues whose sources had voices that could
    not be placed so (the cue merged sources of other voices, or lost a dialogue line) go to *dropped*."""
    voices = [(s.start, s.end, cue_voice(s.text), line_voices(s.text)) for s in sources]
    out = []
    for cue in cues:
        over = [(voice, lines) for a, b, voice, lines in voices if a < cue.end and b > cue.start]
        whole = {voice for voice, _ in over}
        if cue_voice(cue.text) is not None or _VOICE.search(cue.text):
            out.append(cue)
        elif len(over) == 1 and over[0][1] and len(cue.lines) == len(over[0][1]):
            out.append(cue.with_text(_voice_lines(cue.text, over[0][1])))
        elif len(whole) == 1 and (voice := whole.pop()):
            out.append(cue.with_text(f"<v{voice}>{cue.text}"))
        else:
            if dropped is not None and any(voice or lines for voice, lines in over):
                dropped.append(cue.start)
            out.append(cue)
    return out
