"""Glossary: names and recurring terms that must come out the same way every time.

A TSV file (UTF-8), one ``French term<TAB>English term`` per line (``#`` starts a comment). Terms
match whole words and case-sensitively, so that an entry ``Russes<TAB>Russians`` leaves "résultats
russes" alone; a term written in lowercase also matches with a capital first letter ("mairie" in
"Mairie et école…", whose English then starts with a capital too), and a third column
``ignore-case`` makes one entry match in any case. The apostrophes ' ’ ʼ match one another. Where
terms overlap in a sentence, the leftmost match wins, then the longest, then the entry spelled as
the text, then an ``ignore-case`` one; a term left out so is reported (:meth:`Glossary.overlapped`).

Before translation the French term is replaced by the English one in the source (names pass
through the model mostly unchanged); after translation, a term the model still mangled is repaired
by finding the closest word span in the output, keeping an English determiner ("The") that the term
does not have and the sentence's initial capital.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from subkit.errors import SubkitError

__all__ = ["Glossary", "Term", "load_glossary"]

# How similar an output span must be to a term to be taken for a mangled copy of it.
MIN_SIMILARITY = 0.6

IGNORE_CASE = "ignore-case"
_APOSTROPHES = "'’ʼ"
# English words that open a noun phrase: the model's "The hallway" for "La town hall" keeps its
# "The" when the term is put back ("The town hall"), unless the term has a determiner of its own.
_DETERMINERS = frozenset("the a an this that these those its his her their our my your".split())
_PUNCTUATION = ".,;:!?\"'()«»“”’"


@dataclass(frozen=True)
class Term:
    source: str
    target: str
    ignore_case: bool = False
    line: int = 0  # in the glossary file, for messages


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    term: Term


def _open_edge(c: str) -> bool:
    return c.isalnum() or c in "_.,;:!?…"


@lru_cache(maxsize=4096)  # every term is looked for in every sentence, several times
def term_pattern(term: str, ignore_case: bool = False) -> re.Pattern[str]:
    """Where *term* occurs as a whole token: not inside a longer word, nor followed or preceded by
    the same symbol it starts or ends with ("C++" is not in "C+++"); ' ’ ʼ alike; a lowercase
    first letter may be a capital."""
    body = "".join(f"[{_APOSTROPHES}]" if c in _APOSTROPHES else re.escape(c) for c in term)
    if term[:1].islower() and not ignore_case:
        body = f"[{term[0]}{term[0].upper()}]" + body[len(re.escape(term[0])):]
    # a word character, or the symbol the term starts (ends) with; not a full stop ("S.N.C.F.." ends a sentence)
    before = r"\w" + ("" if _open_edge(term[0]) else re.escape(term[0]))
    after = r"\w" + ("" if _open_edge(term[-1]) else re.escape(term[-1]))
    return re.compile(rf"(?<![{before}]){body}(?![{after}])", re.IGNORECASE if ignore_case else 0)


def _capitalised_like(target: str, found: str, source: str) -> str:
    """*target* with a capital first letter where its lowercase *source* was found capitalised."""
    if found[:1].isupper() and source[:1].islower() and target[:1].islower():
        return target[0].upper() + target[1:]
    return target


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]

    @property
    def entries(self) -> tuple[tuple[str, str], ...]:
        return tuple((t.source, t.target) for t in self.terms)

    def _pattern(self, text: str, term: Term) -> re.Pattern[str]:
        return term_pattern(text, term.ignore_case)

    def _matches(self, sentence: str) -> tuple[list[_Match], list[_Match]]:
        """The terms applied to *sentence* (leftmost, then longest, then closest case) and those left
        out because they overlap an applied one without lying inside it."""
        found = [_Match(m.start(), m.end(), t) for t in self.terms
                 for m in self._pattern(t.source, t).finditer(sentence)]
        # the exact spelling first ("Mairie → City Hall" over "mairie → town hall" on "Mairie"), then
        # a lowercase term found capitalised, then an ignore-case entry: never the order of the lines
        found.sort(key=lambda m: (m.start, m.start - m.end, 2 if m.term.ignore_case else
                                  int(sentence[m.start:m.end] != m.term.source)))
        chosen: list[_Match] = []
        left_out: list[_Match] = []
        for match in found:
            if chosen and match.start < chosen[-1].end:
                if match.end > chosen[-1].end:
                    left_out.append(match)
                continue
            chosen.append(match)
        return chosen, left_out

    def prepare(self, sentence: str) -> tuple[str, list[str]]:
        """Replace French terms in *sentence*; return it and the English terms it must contain."""
        chosen, _ = self._matches(sentence)
        required = [m.term.target for m in chosen]
        out = sentence
        for m in reversed(chosen):
            out = out[:m.start] + _capitalised_like(m.term.target, sentence[m.start:m.end], m.term.source) + out[m.end:]
        required += [t.target for t in self.terms if self._pattern(t.target, t).search(sentence)]
        return out, list(dict.fromkeys(required))

    def overlapped(self, sentence: str) -> list[tuple[str, str]]:
        """(term left out, the term applied in its place) for each overlap in *sentence*."""
        chosen, left_out = self._matches(sentence)
        return [(m.term.source, next(c.term.source for c in chosen if c.start < m.end and m.start < c.end))
                for m in left_out]

    def _term(self, target: str) -> Term:
        return next((t for t in self.terms if t.target == target), Term(target, target))

    def enforce(self, translation: str, required: list[str]) -> str:
        """Make sure every required English term appears in *translation* (see :meth:`missing`)."""
        return self.enforced(translation, required)[0]

    def enforced(self, translation: str, required: list[str]) -> tuple[str, list[str]]:
        """:meth:`enforce`, and the terms put in place of the model's own words (the closest span):
        the words around them were written for another word, so the grammar may be wrong ("remain a
        doubtful") and the sentence needs a look. A French copy swapped for its term is not listed."""
        repaired: list[str] = []
        for target in required:
            term = self._term(target)
            if self._pattern(target, term).search(translation):
                continue
            source = term.source if term.source != target else ""
            if source and self._pattern(source, term).search(translation):  # the model copied the French
                translation = self._pattern(source, term).sub(
                    lambda m: _capitalised_like(target, m.group(0), source), translation)
                continue
            fixed = _replace_closest(translation, target, source)
            if fixed != translation:
                repaired.append(target)
            translation = fixed
        return translation, repaired

    def grammar_notes(self, french: str, english: str, repaired: list[str]) -> list[str]:
        """What to check the grammar of in the translation *english* of *french*: terms repaired
        in place of the model's words (:meth:`enforced`), and a term the model put after "a"/"an"
        where the French has no "un"/"une" before it: given an English word inside a French
        sentence, the model may build the wrong phrase around it ("restent doubtful" → "remain a
        doubtful")."""
        notes = [f"repaired in: {term}" for term in repaired]
        for match in self._matches(french)[0]:
            before = re.findall(r"\w+", french[:match.start])
            if before and before[-1].lower() in ("un", "une"):
                continue
            for found in self._pattern(match.term.target, match.term).finditer(english):
                article = re.search(r"(?<!\w)(an?)\s+$", english[:found.start()], re.IGNORECASE)
                if article and match.term.target not in repaired:
                    notes.append(f"after an article the French lacks: {article.group(1)} {found.group(0)}")
        return list(dict.fromkeys(notes))

    def missing(self, translation: str, required: list[str]) -> list[str]:
        """Required terms absent from *translation* (the model dropped them altogether)."""
        return [t for t in required if not self._pattern(t, self._term(t)).search(translation)]


def _replace_closest(text: str, target: str, source: str) -> str:
    """*text* with the word span most like *target* (or *source*) replaced by *target*, when one is
    close enough; a leading determiner the target lacks, and a sentence-initial capital, stay."""
    words = text.split(" ")
    span = len(target.split())
    best, best_at = 0.0, None
    for i in range(len(words) - span + 1):
        core = " ".join(words[i:i + span]).strip(_PUNCTUATION)
        score = max(difflib.SequenceMatcher(None, core.lower(), t.lower()).ratio()
                    for t in (target, source) if t)
        if score > best:
            best, best_at = score, i
    if best_at is None or best < MIN_SIMILARITY:
        return text
    first = best_at
    if (span > 1 and words[first].strip(_PUNCTUATION).lower() in _DETERMINERS
            and target.split()[0].lower() not in _DETERMINERS):
        first += 1  # "The hallway" → "The town hall": the span's last word goes with it
    old = " ".join(words[first:best_at + span])
    core = old.strip(_PUNCTUATION)
    lead = old[: old.find(core)] if core else ""
    tail = old[old.find(core) + len(core):] if core else old
    if first == 0 and core[:1].isupper():
        target = target[0].upper() + target[1:]
    words[first:best_at + span] = [lead + target + tail]
    return " ".join(words)


def _read(path: str) -> str:
    """The glossary's text; one not in UTF-8 (nor UTF-16) gets advice that works for a glossary."""
    from subkit.srtio import decode_text, display_name, read_bytes, utf16_codec

    data = read_bytes(path)
    if utf16_codec(data) is None:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            from subkit.lint.charset import guess_encoding

            line = data.count(b"\n", 0, exc.start) + 1
            guess = guess_encoding(data) or "CODEPAGE"  # cannot tell: no wrong one named
            raise SubkitError(f"not UTF-8 (byte 0x{data[exc.start]:02x}); a glossary is read as UTF-8: convert it, "
                              f"e.g. iconv -f {guess} -t utf-8 {display_name(path)} > glossary.utf8.tsv",
                              display_name(path), line) from None
    return decode_text(data, display_name(path))


def _parse_line(line: str, path: str, number: int) -> Term | None:
    if not line.strip() or line.lstrip().startswith("#"):
        return None
    parts = [p.strip() for p in line.split("\t")]
    if (len(parts) not in (2, 3) or not parts[0] or not parts[1]
            or (len(parts) == 3 and parts[2] not in ("", IGNORE_CASE))):
        shown = line.strip() if len(line.strip()) <= 40 else line.strip()[:40] + "…"
        raise SubkitError(f"expected 'French term<TAB>English term' (and optionally <TAB>{IGNORE_CASE}), "
                          f"found {shown!r}" + ("" if "\t" in line else " (no tab)"), path, number)
    return Term(parts[0], parts[1], len(parts) == 3 and parts[2] == IGNORE_CASE, number)


def load_glossary(path: str) -> Glossary:
    """Read a TSV glossary; a malformed line, or a term given two English forms, is an error naming
    the file and line."""
    terms: dict[tuple[str, bool], Term] = {}
    for number, line in enumerate(_read(path).splitlines(), 1):
        term = _parse_line(line, path, number)
        if term is None:
            continue
        key = (term.source.lower() if term.ignore_case else term.source, term.ignore_case)
        seen = terms.get(key)
        if seen and seen.target != term.target:
            raise SubkitError(f"{term.source!r} is given twice: {seen.target!r} on line {seen.line}, "
                              f"{term.target!r} here; keep one", path, number)
        terms.setdefault(key, term)
    return Glossary(tuple(terms.values()))
