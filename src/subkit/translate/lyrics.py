"""Cues of music: lyrics (``♪ Joyeux anniversaire ♪``), which ``translate`` copies as written, and
a sound label between music notes (``♪ [Musique] ♪``), which it translates.

A ♪ cue whose only words are one bracketed or parenthesised label is a sound label, not lyrics:
the notes are kept aside and the label is translated as a cue of its own would be ("♪ [Music] ♪").
Lyrics are copied, unless the translation memory holds a person's translation of the cue (a
reviewer's fix, learned by ``memory import``): human entries win, and a lyric cue is looked up
whole, as its words without tags, notes included (it never shares a key with a sentence).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from subkit.tags import Word, closing, common_tags, read_words
from subkit.translate.sentences import _MUSIC as NOTES  # one home: the notes that make a cue music

__all__ = ["NOTES", "lyric_text", "sung_label", "with_sung_lyrics"]

_N = "".join(sorted(NOTES))
_SUNG_LABEL = re.compile(rf"^([{_N}]+\s*)(\[[^\[\]{_N}]+\]|\([^(){_N}]+\))(\s*[{_N}]*)$")


def sung_label(words: list[Word]) -> tuple[list[Word], str, str]:
    """*words* of a cue without the music notes around a lone sound label (``♪ [Musique] ♪``,
    ``♪ (musique douce) ♪``), and the notes before and after it as written (with their spaces);
    any other cue's words as they are, with no notes."""
    found = _SUNG_LABEL.match(" ".join(w.text for w in words))
    if not found:
        return words, "", ""
    lead, trail = found.group(1), found.group(3)
    first = len(lead.rstrip())  # notes glued to the label ("♪[Musique]♪") are one word with it
    last = len(trail.lstrip())
    out = list(words)
    out[0] = replace(out[0], text=out[0].text[first:])
    out[-1] = replace(out[-1], text=out[-1].text[:len(out[-1].text) - last])
    return [w for w in out if w.text], lead, trail


def lyric_text(content: str) -> str | None:
    """A lyric cue's text as the memory knows it (its words without tags, on one line); None for
    any other cue: one with no music note, one ``translate`` translates (a sound label between
    notes), one without letters."""
    from subkit.translate.sentences import analyse_cue

    if not NOTES.intersection(content):
        return None
    _, words = read_words(content)
    text = " ".join(w.text for w in words)
    if not NOTES.intersection(text) or not any(ch.isalpha() for ch in text) or analyse_cue(0, content).pieces:
        return None
    return text


def with_sung_lyrics(contents: Sequence[str], cues: list, sentences: list, memory) -> tuple[list, list, list]:
    """(cues, pieces, sentences) of a file with each lyric cue the memory holds a human translation
    of made a sentence of its own (its whole text, one piece), in place among the others; the
    pieces and sentences as they were when there is none."""
    from subkit.translate.memory import normalise_source
    from subkit.translate.sentences import Fragment, Piece, Sentence

    pieces = [p for c in cues for p in c.pieces]
    lyrics = {i: text for i, cue in enumerate(cues) if not cue.pieces and (text := lyric_text(contents[i]))}
    human = memory.lookup_human(lyrics.values()) if memory is not None and lyrics else {}
    sung = {i: text for i, text in lyrics.items() if normalise_source(text) in human}
    if not sung:
        return cues, pieces, sentences
    cues = [replace(cue, **_outer(contents[i]), pieces=[Piece(i, sung[i])]) if i in sung else cue
            for i, cue in enumerate(cues)]
    placed = {id(p): n for n, p in enumerate(p for c in cues for p in c.pieces)}
    moved = [placed[id(p)] for p in pieces]  # each old piece's place now
    sentences = [replace(s, fragments=[replace(f, piece=moved[f.piece]) for f in s.fragments]) for s in sentences]
    sentences += [Sentence([Fragment(placed[id(cues[i].pieces[0])], text)]) for i, text in sung.items()]
    sentences.sort(key=lambda s: s.fragments[0].piece)
    return cues, [p for c in cues for p in c.pieces], sentences


def _outer(content: str) -> dict[str, str]:
    """The tags around a whole cue (``<i>…</i>``, ``{\\an8}``), to put back around its translation."""
    overrides, words = read_words(content)
    outer = common_tags([w.tags for w in words])
    return {"prefix": overrides + "".join(outer), "suffix": "".join(closing(t) for t in reversed(outer))}
