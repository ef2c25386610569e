"""What a cue's words carry, written back onto the lines the breaker laid out: formatting tags
(:mod:`subkit.tags`) and who says them (WebVTT ``<v Name>`` voices)."""

from __future__ import annotations

import re
from typing import Sequence

from subkit.cues import Cue
from subkit.text import tokenize

__all__ = ["line_words", "tagged", "voiced", "cue_voice", "carry_voices"]

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
    each have one; the text as it is otherwise."""
    from subkit.profiles import strip_tags

    lines = text.split("\n")
    found = line_words([strip_tags(x) for x in lines], tokens)
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


def carry_voices(sources: Sequence[Cue], cues: Sequence[Cue]) -> list[Cue]:
    """*cues* (WebVTT, retimed from *sources*: a translation) with the voice of the source cues
    they overlap, where those all have the same one."""
    voices = [(s.start, s.end, cue_voice(s.text)) for s in sources]
    out = []
    for cue in cues:
        found = {v for a, b, v in voices if a < cue.end and b > cue.start}
        voice = found.pop() if len(found) == 1 else None
        out.append(cue.with_text(f"<v{voice}>{cue.text}") if voice and cue_voice(cue.text) is None else cue)
    return out
