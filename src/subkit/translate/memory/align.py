"""A reviewed subtitle pair → human memory entries.

The source track is cut into sentences exactly as ``translate`` cuts it (:mod:`subkit.translate.
sentences`), so each stored sentence is the key a later translation looks up. The translation is cut
the same way into sentence fragments (a cue may end one sentence and start the next). Every piece
of text gets the time its characters take inside its cue, and each translated sentence goes to the
source sentence its fragments overlap most in time: the English that covers a French sentence. An
English sentence that covers most of several French sentences translates none of them alone: those
French sentences are not learned (``translate`` looks sentences up one by one, so no entry could
serve them together). Lyric cues, which ``translate`` copies as written, are learned whole when
the translation changed them (:func:`lyric_entries`): a human entry wins over the copy.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Sequence

from subkit.cues import Cue, format_srt
from subkit.errors import SubkitError
from subkit.translate.memory.store import Entry

__all__ = ["SHARED", "Aligned", "align_pair", "lookup_sentences", "lyric_entries", "read_pair",
           "written_sentences"]

# A translation must cover at least this share of the source's sentences to be its translation,
# and the two tracks' time spans (first start to last end) must overlap by this share of their union:
# the translation of a film runs from its first line to its last, another file does not.
MIN_COVERED = 0.5
MIN_SPAN_OVERLAP = 0.8
# A translated fragment that overlaps this share of a source sentence's time covers it.
MOSTLY = 0.5
SHARED = "one English sentence for several French ones"  # why such sentences are not learned


@dataclass
class Timed:
    text: str
    start: float
    end: float


@dataclass
class Aligned:
    """The entries of a pair and how much of the source they cover."""

    entries: list[Entry] = field(default_factory=list)
    lyrics: int = 0  # the last of the entries: lyric cues the translation renders, learned whole
    sentences: int = 0  # source sentences
    uncovered: int = 0  # source sentences no translated text overlaps
    # source sentences that share one translated sentence with another, not learned: each with the
    # whole of the translated sentences it shares (an edit of any of them changes it)
    shared: list[Entry] = field(default_factory=list)

    @property
    def merged(self) -> int:
        return len(self.shared)


def lookup_sentences(text: str, lang: str) -> list[str]:
    """The sentences ``translate`` looks up for *text* read as one cue: tags left out, spoken
    spellings written ("T'as" -> "Tu as", "coeur" -> "cœur"), cut at sentence ends. What a TMX
    unit is stored by, as a subtitle pair's sentences are (:func:`timed_sentences`); a lyric cue
    (``♪ Joyeux anniversaire ♪``) is looked up whole (:func:`lyric_entries`)."""
    from subkit.translate.lyrics import lyric_text
    from subkit.translate.sentences import analyse_cue, group_sentences

    sung = lyric_text(text)
    return [sung] if sung else [s.text for s in group_sentences(analyse_cue(0, text).pieces, lang)]


def written_sentences(text: str, lang: str) -> list[str]:
    """*text* as written (no-break spaces kept), without subtitle tags, cut at sentence ends: a human
    translation is served as the person wrote it ("<Climate>", "<redaction@france.fr>" are words)."""
    from subkit.formats.markup import without_subtitle_tags
    from subkit.sentence_bounds import split_sentences

    return split_sentences(without_subtitle_tags(text), lang)


def timed_sentences(cues: Sequence[Cue], lang: str, as_written: bool = False) -> list[list[Timed]]:
    """The sentences of *cues* as ``translate`` cuts them, each as its fragments with the time
    they take (by characters, inside their cue; the pieces of one cue follow each other). With
    *as_written*, without the full stop ``translate`` gives a sentence its cue does not end (a
    person's translation is stored as written)."""
    from subkit.translate.sentences import analyse_cue, group_sentences, unclosed

    pieces = [p for i, cue in enumerate(cues) for p in analyse_cue(i, cue.text).pieces]
    cue_chars: dict[int, int] = {}
    base = []
    for piece in pieces:
        base.append(cue_chars.get(piece.cue, 0))
        cue_chars[piece.cue] = base[-1] + len(piece.text) + 1
    used = [0] * len(pieces)
    out = []
    for sentence in group_sentences(pieces, lang):
        timed = []
        for frag in sentence.fragments:
            cue = cues[pieces[frag.piece].cue]
            total = cue_chars[pieces[frag.piece].cue]
            a = base[frag.piece] + used[frag.piece]
            used[frag.piece] += len(frag.text) + 1
            b = min(total, a + len(frag.text) + 1)
            timed.append(Timed(frag.text, cue.start + cue.duration * a / total, cue.start + cue.duration * b / total))
        if as_written and sentence.closed:
            timed[-1].text = unclosed(timed[-1].text)
        out.append(timed)
    return out


def align_pair(source: Sequence[Cue], target: Sequence[Cue], source_lang: str, target_lang: str,
               origin: str = "human", provenance: str = "") -> Aligned:
    """Each source sentence with the translated sentences that overlap it most in time."""
    sentences = [(" ".join(f.text for f in s), s[0].start, max(f.end for f in s))
                 for s in timed_sentences(source, source_lang)]
    starts = [start for _, start, _ in sentences]
    covering: list[list[str]] = [[] for _ in sentences]
    sharing: list[list[str]] = [[] for _ in sentences]  # the translated sentences a source sentence shares
    for fragments in timed_sentences(target, target_lang, as_written=True):
        overlap: dict[int, float] = {}
        for frag in fragments:
            for i, o in _overlaps(sentences, starts, frag):
                overlap[i] = overlap.get(i, 0.0) + o
        if not overlap:
            continue
        # the whole translated sentence goes to the source sentence it overlaps most (a tie to the
        # earlier): a cue that ends with its first word ("…in 2034. So,") does not split it
        best = max(overlap.items(), key=lambda io: (io[1], -io[0]))[0]
        covering[best].append(" ".join(f.text for f in fragments))
        claimed = {best} | {i for i, o in overlap.items() if o >= MOSTLY * (sentences[i][2] - sentences[i][1])}
        if len(claimed) > 1:
            for i in claimed:
                sharing[i].append(" ".join(f.text for f in fragments))
    result = Aligned(sentences=len(sentences))
    pair = f"{source_lang}>{target_lang}"
    for (text, start, _), parts, shared in zip(sentences, covering, sharing):
        where = f"{provenance} @{format_srt(round(start))}" if provenance else ""
        if shared:
            result.shared.append(Entry(text, " ".join(shared), origin=origin, pair=pair, provenance=where))
        elif parts:
            result.entries.append(Entry(text, " ".join(parts), origin=origin, pair=pair, provenance=where))
        else:
            result.uncovered += 1
    return result


def _overlaps(sentences: list[tuple[str, float, float]], starts: list[float], frag: Timed) -> list[tuple[int, float]]:
    """(sentence index, time overlapped) of the source sentences *frag* overlaps."""
    found = []
    k = bisect.bisect_left(starts, frag.end)  # sentences from k on start after the fragment ends
    for i in range(k - 1, -1, -1):
        _, start, end = sentences[i]
        overlap = min(end, frag.end) - max(start, frag.start)
        if overlap > 0:
            found.append((i, overlap))
        if end < frag.start - 60_000:  # sentences are in time order; nothing earlier can overlap
            break
    return found


def lyric_entries(source: Sequence[Cue], target: Sequence[Cue], pair: str, origin: str = "human",
                  provenance: str = "") -> list[Entry]:
    """Lyric cues (``♪ Joyeux anniversaire ♪``, which ``translate`` copies as written) with the text
    of the translated cues that overlap them most in time, when a person changed it: each learned
    whole, keyed by its text (:func:`subkit.translate.lyrics.lyric_text`). A lyric cue left as
    it was teaches nothing; of a refrain translated twice, the last is kept."""
    from subkit.profiles import strip_tags
    from subkit.translate.lyrics import lyric_text
    from subkit.translate.memory.store import normalise_source

    lyrics = {i: text for i, cue in enumerate(source) if (text := lyric_text(cue.text))}
    starts = [cue.start for cue in source]
    renders: dict[int, list[str]] = {}
    for cue in target if lyrics else ():  # a translated cue renders the source cue it overlaps most
        best = _most_overlapped(source, starts, cue)
        if best in lyrics:
            renders.setdefault(best, []).append(strip_tags(cue.text).replace("\n", " "))  # as written
    learned: dict[str, Entry] = {}
    for i, parts in sorted(renders.items()):
        text, written = lyrics[i], " ".join(parts)
        if normalise_source(written) != normalise_source(text):
            where = f"{provenance} @{format_srt(source[i].start)}" if provenance else ""
            learned[normalise_source(text)] = Entry(text, written, origin=origin, pair=pair, provenance=where)
    return list(learned.values())


def _most_overlapped(cues: Sequence[Cue], starts: list[int], cue: Cue) -> int | None:
    """The index of the cue of *cues* (in time order, starting at *starts*) that overlaps *cue*
    most (the earlier of a tie), or None."""
    best, found = 0, None
    for i in range(bisect.bisect_left(starts, cue.end) - 1, -1, -1):
        overlap = min(cues[i].end, cue.end) - max(cues[i].start, cue.start)
        if overlap > 0 and overlap >= best:
            best, found = overlap, i
        if cues[i].end < cue.start - 60_000:  # nothing earlier can overlap (as in _overlaps)
            break
    return found


def read_pair(source_file: str, target_file: str, source_lang: str, target_lang: str, *,
              origin: str = "human", check: bool = True, encoding: str = "utf-8") -> Aligned:
    """Read and align a subtitle pair; a one-line :class:`SubkitError` when it is not one (unreadable,
    not SRT, cues that do not overlap; with *check*, other languages or time spans that differ)."""
    from pathlib import Path

    from subkit.formats import read_file
    from subkit.formats.markup import text_markup

    tracks = []
    for name, lang in ((source_file, source_lang), (target_file, target_lang)):
        # SRT or WebVTT; WebVTT's character references read as translate reads them (&nbsp; a no-break space)
        cues = list(text_markup(read_file(name, encoding)).cues)
        if check:
            _check_language(cues, lang, name)
        tracks.append(cues)
    if check:
        _check_spans(tracks[0], tracks[1], source_file, target_file)
    provenance = f"{Path(source_file).name} + {Path(target_file).name}"
    aligned = align_pair(tracks[0], tracks[1], source_lang, target_lang, origin, provenance)
    sung = lyric_entries(tracks[0], tracks[1], f"{source_lang}>{target_lang}", origin, provenance)
    aligned.entries += sung
    aligned.lyrics = len(sung)
    covered = aligned.sentences - aligned.uncovered
    if not aligned.sentences:
        raise SubkitError("no sentence to learn (no cue with words)", source_file)
    if covered < MIN_COVERED * aligned.sentences:
        raise SubkitError(f"only {covered} of {aligned.sentences} sentences overlap a cue of {target_file} "
                          "in time: not a translation of this file (nothing imported)", source_file)
    return aligned


def _check_spans(source: Sequence[Cue], target: Sequence[Cue], source_file: str, target_file: str) -> None:
    a0, a1 = min(c.start for c in source), max(c.end for c in source)
    b0, b1 = min(c.start for c in target), max(c.end for c in target)
    union = max(a1, b1) - min(a0, b0)
    if union > 0 and (min(a1, b1) - max(a0, b0)) < MIN_SPAN_OVERLAP * union:
        raise SubkitError(f"runs {format_srt(a0)}-{format_srt(a1)} but {target_file} runs {format_srt(b0)}-"
                          f"{format_srt(b1)}: not a translation of this file (nothing imported; --force "
                          "imports it anyway)", source_file)


def _check_language(cues: Sequence[Cue], lang: str, name: str) -> None:
    from subkit.language import refuse_other_language

    refuse_other_language([c.text for c in cues], lang, name, "nothing imported; --force imports it anyway")
