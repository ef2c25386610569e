"""Cues → sentences: find the translatable text of each cue and join it into whole sentences.

A sentence may span several cues, and one cue may end a sentence and start the next. Each
sentence keeps its *fragments* (which piece of which cue each part of its text came from) so
that the translation can be put back on the same cues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from subkit.tags import Span, Stack, Word, closing, common_tags, read_words, spans_of
from subkit.text import SOUND_LINE

__all__ = ["CueText", "Piece", "Fragment", "Sentence", "analyse_cue", "group_sentences", "labelled", "unclosed"]

_DASH = re.compile(r"^[-–—]")
_MUSIC = set("♪♫♬♩")
_WORD = re.compile(r"[^\W\d_]+")
_DRAWN_OUT = re.compile(r"([^\W\d_])\1\1", re.IGNORECASE)  # "Whoaaa", "RAAAAH", "Nooooon"
# A sentence without punctuation is cut once it grows past this many characters, at a clause
# boundary (the segmenter's cheapest break) into parts of at least MIN_PART_CHARS, so that
# unpunctuated input still translates in sentence-sized units.
MAX_SENTENCE_CHARS = 300
MIN_PART_CHARS = 60
_LEAD_MARK = re.compile(r"^(?:\.\.\.|…)\s*")
_TRAIL_MARK = re.compile(r"\s*(?:\.\.\.|…)$")
_ADDED_STOP = re.compile(r"(?<!\.)\.{1,2}$")  # "very." or "very..", not an ellipsis
_APOS = "'’"
_PUNCT_AHEAD = r"(?=\s*(?:[.,;:!?…»]|$))"
# Spoken or hurried spellings of French subtitles, and the written form the model knows
# (bench/film_quality.py on Tears of Steel; each checked on FLORES too): (pattern, replacement, words
# one of which the lowercase text must hold for the pattern to be tried).
_SPOKEN = [
    # "est ce que" / "est ce qu'il", not "c'est ce que"
    (re.compile(r"(?<![\w" + _APOS + r"])([Ee])st ce qu(e\b|[" + _APOS + "])"), r"\1st-ce qu\2", ("st ce qu",)),
    (re.compile(r"\b([Pp])eut être qu(e\b|[" + _APOS + "])"), r"\1eut-être qu\2", ("être qu",)),  # "peut être qu'on"
    (re.compile(r"\b([Cc]e(?:lui|lle|ux|lles)) (?:la|là)\b"), r"\1-là", (" la", " là")),  # "celui la"
    (re.compile(r"\b([Cc]e(?:lui|lle|ux|lles)) ci\b"), r"\1-ci", (" ci",)),
    (re.compile(r"\b((?:[Cc]es?|[Cc]ett?e) [^\W\d_]+) ci\b"), r"\1-ci", (" ci",)),  # "cette fois ci"
    (re.compile(r"\b((?:[Cc]es?|[Cc]ett?e) [^\W\d_]+) (?:la|là)" + _PUNCT_AHEAD), r"\1-là", (" la", " là")),
    # "vas y !", not "va y aller"
    (re.compile(r"\b([Vv]as|[Vv]a|[Aa]llez|[Aa]llons) y" + _PUNCT_AHEAD), r"\1-y", (" y",)),
    # "t'as" -> "tu as" where a subject starts: first, after punctuation or a conjunction; not "je
    # t'avais dit", "tu t'es trompé", "elle t'as vu", "t'es-tu" (t' = te)
    (re.compile(r"(^|[.,;:!?…«\"(–—-]\s*|\b(?:[Qq]ue|[Ss]i|[Qq]uand|[Mm]ais|[Ee]t|[Oo]u|[Pp]ourquoi|[Cc]omment|"
                r"[Oo]ù|[Tt]oi|[Oo]ui|[Nn]on|[Aa]lors|[Dd]onc|[Pp]uis|[Cc]ar)\s+)([Tt])[" + _APOS
                + r"](as|es|avais|étais|auras|aurais|seras|serais)(?![\w-])"), r"\1\2u \3", ("t'", "t’")),
    (re.compile(r"\bEt bien(?=,|\s+(?:c[" + _APOS + r"]|j[" + _APOS + r"]|je|tu|on|il|elle|nous|vous)\b)"),
     "Eh bien", ("et bien",)),
]
_CAPITAL_E = re.compile(r"(?<![\w" + _APOS + r"])E[^\W\d_]+")
_OE = re.compile(r"[^\W\d_]*[oO]e[^\W\d_]*")


@dataclass
class Piece:
    """A translatable unit of one cue: its whole text, or one of its lines (a dialogue line, or a
    line formatted differently from the others)."""

    cue: int
    text: str
    dash: bool = False
    tags: Stack = ()  # formatting over the whole piece, beyond the cue's
    spans: list[Span] = field(default_factory=list)  # formatting over some of its words
    sound: bool = False  # a sound label ("[Applaudissements]", "(rires)"): translated alone, never joined


@dataclass
class CueText:
    """What a cue holds: tags around the text, and its translatable pieces (none = keep as is)."""

    prefix: str
    suffix: str
    pieces: list[Piece]
    dialogue: bool = False


@dataclass
class Fragment:
    piece: int  # index into the flat list of pieces
    text: str
    lead: str = ""  # a continuation mark taken off its start ("... mais"), to put back on the translation
    trail: str = ""  # and off its end ("là...")
    # How many of its piece's words it holds, as str.split() counts them (a no-break space cuts):
    # None, all those after the piece's earlier fragments. Tags are placed within a fragment.
    words: int | None = None


@dataclass
class Sentence:
    fragments: list[Fragment] = field(default_factory=list)
    closed: bool = False  # given a full stop for the model that its source has not (unclosed())
    label: bool = False  # a sound label's own sentence ("[Applaudissements]")

    @property
    def text(self) -> str:
        return " ".join(f.text for f in self.fragments)


def analyse_cue(index: int, content: str) -> CueText:
    """Split a cue's content into outer tags and translatable pieces.

    Tags over the whole cue (``<i>…</i>``, ``{\\an8}``) are kept aside and put back around the
    translation; tags over some lines make those lines pieces of their own, and tags over some
    words are kept as spans of their piece. Cues with no letters, with music notes, or of drawn-out
    cries only are kept verbatim; a line that is only a sound label (``[Applaudissements]``,
    ``(rires)``: :data:`subkit.text.SOUND_LINE`) in a cue of such lines is a sound piece.
    """
    overrides, words = read_words(content)
    from subkit.translate.lyrics import sung_label  # "♪ [Musique] ♪": the label is translated, the notes kept

    words, lead, trail = sung_label(words)
    plain = " ".join(w.text for w in words)
    if not any(ch.isalpha() for ch in plain) or _MUSIC.intersection(plain) or _cries(plain):
        return CueText("", "", [])
    outer = common_tags([w.tags for w in words])
    prefix = overrides + "".join(outer) + lead
    suffix = trail + "".join(closing(t) for t in reversed(outer))
    lines: list[list[Word]] = []
    for word in words:
        if lines and lines[-1][-1].line == word.line:
            lines[-1].append(word)
        else:
            lines.append([word])
    if all(SOUND_LINE.match(" ".join(w.text for w in line)) for line in lines):
        return CueText(prefix, suffix, [replace(_piece(index, line, outer), sound=True) for line in lines])
    if all(_DASH.match(line[0].text) for line in lines):
        lines = [_undashed(line) for line in lines]
        return CueText(prefix, suffix, [_piece(index, line, outer, dash=True) for line in lines if line],
                       dialogue=True)
    line_tags = [common_tags([w.tags for w in line]) for line in lines]
    if len(set(line_tags)) > 1:  # lines formatted differently: each line keeps its own tags
        return CueText(prefix, suffix, [_piece(index, line, outer) for line in lines])
    return CueText(prefix, suffix, [_piece(index, [w for line in lines for w in line], outer)])


def _cries(text: str) -> bool:
    """Only drawn-out cries ("Whoaaa !", "RAAAAH !"): no translation, and the model garbles them."""
    return all(_DRAWN_OUT.search(word) for word in _WORD.findall(text))


def _undashed(line: list[Word]) -> list[Word]:
    first = line[0]
    rest = _DASH.sub("", first.text)
    return ([Word(rest, first.tags, first.line)] if rest else []) + line[1:]


def _piece(cue: int, words: list[Word], outer: Stack, dash: bool = False) -> Piece:
    own = common_tags([w.tags for w in words])
    return Piece(cue, " ".join(w.text for w in words), dash=dash, tags=own[len(outer):],
                 spans=spans_of(words, own))


def group_sentences(pieces: list[Piece], lang: str) -> list[Sentence]:
    """Join consecutive pieces into sentences, cutting at sentence ends inside or between pieces.

    Sentence ends are the segmenter's (abbreviations, initials, "?" inside a sentence...).
    Dialogue lines and cues kept verbatim always end a sentence: a new speaker starts anew. A sound
    label is a sentence of its own, and the sentence around it goes on over it: joined, the label
    took the sentence's words ("to [Applauds]").
    """
    from subkit.breaking import sentence_ends

    sentences: list[Sentence] = []
    run: list[tuple[int, str]] = []  # (piece, token) up to the next hard boundary
    following = _next_spoken(pieces)
    labels = {p.cue for p in pieces if p.sound}
    for n, piece in enumerate(pieces):
        if piece.sound:
            sentences.append(_label(n, piece, lang))
            continue
        run.extend((n, token) for token in piece.text.split())
        nxt = following[n]
        if piece.dash or nxt is None or nxt.dash or any(c not in labels for c in range(piece.cue + 1, nxt.cue)):
            sentences.extend(_sentences_of(run, lang, sentence_ends))
            run = []
    return sorted(sentences, key=lambda s: s.fragments[0].piece)


def _next_spoken(pieces: list[Piece]) -> list[Piece | None]:
    """For each piece, the next piece that is no sound label."""
    out: list[Piece | None] = [None] * len(pieces)
    nxt = None
    for n in range(len(pieces) - 1, -1, -1):
        out[n] = nxt
        nxt = nxt if pieces[n].sound else pieces[n]
    return out


def _label(n: int, piece: Piece, lang: str) -> Sentence:
    """A sound label's sentence, brackets and all: the model knows "[Musique]" ("[Music]"), not
    "Musique" alone ("Musics"), nor "Applaudissements" ("Let's call out")."""
    return Sentence([Fragment(n, _normalise(piece.text.strip(), lang))], label=True)


def labelled(sentence: Sentence, translation: str) -> str:
    """*translation* in its source's brackets when the source is a sound label that the model
    wrote without them."""
    text = sentence.text
    if not sentence.label or not translation or (translation[0] == text[0] and translation[-1] == text[-1]):
        return translation
    # "Applause." for "[Applaudissements]": the full stop the model added stays out of the brackets
    inside = translation.strip(text[0] + text[-1] + " ")
    return text[0] + (inside if text[-2:-1] in ".…" else inside.rstrip(".…")) + text[-1]


def _sentences_of(run: list[tuple[int, str]], lang: str, sentence_ends) -> list[Sentence]:
    tokens = [token for _, token in run]
    ends = sentence_ends(tokens, lang)
    closed = _subtitle_ends(run, tokens, ends, lang)
    _cut_long(tokens, ends, lang)
    out: list[Sentence] = []
    current = Sentence()
    words: list[str] = []
    lead = ""
    taken = 0  # the piece's words the fragment holds, marks alone included
    for k, ((piece, token), end) in enumerate(zip(run, ends)):
        piece_ends = k + 1 == len(run) or run[k + 1][0] != piece
        taken += 1
        if not words and (k == 0 or run[k - 1][0] != piece):
            # a continuation mark opening a cue ("... mais") goes back on the English cue; opening a
            # sentence too ("...et, action !"): the model garbles a leading mark (".F.pects")
            token, mark = _strip_mark(token, leading=True)
            lead = lead or mark
        trail = ""
        if piece_ends and not end and k + 1 < len(run):
            token, trail = _strip_mark(token, leading=False)  # "là..." continued in the next cue
        if token:
            words.append(token)
        if end or piece_ends:
            current.fragments.append(Fragment(piece, _normalise(" ".join(words), lang), lead, trail, taken))
            words, lead, taken = [], "", 0
        if end:
            current.closed = k in closed
            out.append(current)
            current = Sentence()
    if current.fragments:
        out.append(current)
    return out


def _subtitle_ends(run: list[tuple[int, str]], tokens: list[str], ends: list[bool], lang: str) -> set[int]:
    """Sentence ends by subtitle conventions, where a cue ends: marked in *ends*, with a full stop
    added in *run* where the model needs one; the tokens that got one."""
    closed: set[int] = set()
    for k in range(len(run) - 1):
        at_cue_end = run[k + 1][0] != run[k][0]
        if ends[k] and _continues(tokens[k], tokens[k + 1]):
            ends[k] = False
        elif not ends[k] and at_cue_end and _new_sentence(tokens[k], tokens[k + 1], lang):
            # "T'as brisé mon coeur" + "Je sais.": a cue without final punctuation followed by a
            # capitalised common word is two sentences; joined, the model drops or garbles one.
            # It gets a full stop: the model reads "Je sais" as unfinished ("I know I can").
            ends[k] = True
            if tokens[k][-1].isalnum():
                run[k] = (run[k][0], tokens[k] + ".")
                closed.add(k)
        elif not ends[k] and at_cue_end and tokens[k].endswith(";"):
            ends[k] = True  # two clauses a cue apart: joined, the model garbled "Celia" ("Thislia")
    return closed


def unclosed(translation: str) -> str:
    """*translation* without the full stop that closing its source for the model brought (the
    source ends without punctuation: "Toujours" → "Still", not "Still.")."""
    return _ADDED_STOP.sub("", translation).rstrip()


def _strip_mark(token: str, leading: bool) -> tuple[str, str]:
    """*token* without a leading or trailing continuation mark ("..." or "…"), and the mark."""
    m = (_LEAD_MARK if leading else _TRAIL_MARK).search(token)
    if not m:
        return token, ""
    return token[:m.start()] + token[m.end():], m.group(0).strip()


def _normalise(text: str, lang: str) -> str:
    """Spoken spellings the model knows better written: "est ce que" -> "est-ce que", "celui la" ->
    "celui-là", "vas y !" -> "vas-y !", "t'as" -> "tu as", "coeur" -> "cœur"..."""
    if lang != "fr":
        return text
    lower = text.lower()
    for pattern, written, needles in _SPOKEN:
        if any(n in lower for n in needles):
            text = pattern.sub(written, text)
    text = _CAPITAL_E.sub(_accented, text) if "E" in text else text
    return _OE.sub(_ligature, text) if "oe" in text.lower() else text


def _accented(match: re.Match) -> str:
    return _accented_word(match.group(0))


@lru_cache(maxsize=4096)
def _accented_word(word: str) -> str:
    """"Ecrasement" -> "Écrasement": capitals often lose their accent in French subtitles. "É" when the
    French word list writes the word so, or, for a word it lacks, every listed word of the same first
    five letters ("écraser", "écrasé"...); names, English words and "Est", "Elle", "Evans" keep their E."""
    from subkit.language import lexicon, plain_word

    if not word[1:].islower() or plain_word(word) in lexicon("en"):
        return word  # ECHO, EPI: acronyms and shouting; "Modern Education", "Economy": English
    known = lexicon("fr")
    usual = known.get(plain_word(word))
    if usual is None and len(word) >= 6:
        stem = plain_word(word[:5])
        kin = [v for k, v in known.items() if k.startswith(stem)]
        usual = kin[0] if len(kin) >= 2 and all(v[:1] in "éÉ" for v in kin) else None
    return "É" + word[1:] if usual is not None and usual[:1] in "éÉ" else word


def _ligature(match: re.Match) -> str:
    """"coeur" -> "cœur" when the French word list knows the word with œ ("coefficient" keeps oe)."""
    from subkit.language import lexicon, plain_word

    word = match.group(0)
    tied = word.replace("oe", "œ").replace("Oe", "Œ")
    return tied if tied != word and plain_word(tied) in lexicon("fr") else word


def _new_sentence(token: str, following: str, lang: str) -> bool:
    """Does *following*, opening the next cue, start a new sentence after *token* (no final
    punctuation)? Yes when it is a capitalised common word ("Je", "Mais", "Bonsoir"), not a name."""
    from subkit.language import lexicon, plain_word, rules

    word = following.lstrip("«“\"'(")
    # a word cut off ("Je-") is an interruption, like a final mark; a dash alone is not
    cut_off = len(token) > 1 and token[-2].isalpha() and token.endswith("-")
    if not word[:1].isupper() or token.endswith((",", ";", ":", "–", "—")) or word.isupper():
        return False
    if token.endswith("-") and not cut_off:
        return False
    plain = plain_word(word.rstrip(".,;:!?…»”\"')"))
    usual = lexicon(lang).get(plain)
    return usual is not None and (usual.islower() or plain in rules(lang).greetings)


def _cut_long(tokens: list[str], ends: list[bool], lang: str) -> None:
    """Mark extra sentence ends in runs longer than :data:`MAX_SENTENCE_CHARS` without punctuation,
    at the cheapest break point of the segmenter (a clause boundary), the nearest the middle."""
    while (cut := _one_cut(tokens, ends, lang)) is not None:
        ends[cut] = True


def _one_cut(tokens: list[str], ends: list[bool], lang: str) -> int | None:
    from subkit.breaking import break_cost

    start = 0
    for k in range(len(tokens)):
        if not ends[k] and k + 1 < len(tokens):
            continue
        segment = range(start, k + 1)
        start = k + 1
        length = sum(len(tokens[i]) + 1 for i in segment)
        if length <= MAX_SENTENCE_CHARS:
            continue
        best, at, done = None, None, 0
        for i in segment[:-1]:
            done += len(tokens[i]) + 1
            if done < MIN_PART_CHARS or length - done < MIN_PART_CHARS:
                continue
            key = (break_cost(tokens[i], tokens[i + 1], lang, tokens[i - 1] if i else None), abs(length / 2 - done))
            if best is None or key < best:
                best, at = key, i
        if at is not None:
            return at
    return None


def _continues(token: str, following: str) -> bool:
    """Subtitle convention: an ellipsis followed by another ellipsis ("là..." / "... mais") or by
    a lowercase word continues the same sentence across cues."""
    if not token.endswith(("...", "…")) or not following:
        return False
    return following.startswith(("...", "…")) or following[0].islower()
