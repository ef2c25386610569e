"""Glossary: names and recurring terms that must come out the same way every time.

A TSV file, one ``French term<TAB>English term`` per line (``#`` starts a comment). Terms match
whole words and case-sensitively, so that an entry ``Russes<TAB>Russians`` leaves "résultats russes"
alone; a third column ``ignore-case`` makes one entry match in any case. Before
translation the French term is replaced by the English one in the source (names pass through the
model mostly unchanged); after translation, a term the model still mangled is repaired by finding
the closest word span in the output.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from subkit.errors import SubkitError
from subkit.srtio import read_text

__all__ = ["Glossary", "load_glossary"]

# How similar an output span must be to a term to be taken for a mangled copy of it.
MIN_SIMILARITY = 0.6


IGNORE_CASE = "ignore-case"


@dataclass(frozen=True)
class Glossary:
    entries: tuple[tuple[str, str], ...]
    ignore_case: frozenset[str] = frozenset()  # source and target terms of ``ignore-case`` entries

    def _pattern(self, term: str) -> re.Pattern[str]:
        flags = re.IGNORECASE if term in self.ignore_case else 0
        return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", flags)

    def prepare(self, sentence: str) -> tuple[str, list[str]]:
        """Replace French terms in *sentence*; return it and the English terms it must contain."""
        required = []
        for source, target in self.entries:
            new = self._pattern(source).sub(lambda _: target, sentence)
            if new != sentence or self._pattern(target).search(sentence):
                required.append(target)
            sentence = new
        return sentence, required

    def enforce(self, translation: str, required: list[str], sources: dict[str, str]) -> str:
        """Make sure every required English term appears in *translation* (see :meth:`missing`)."""
        for target in required:
            if self._pattern(target).search(translation):
                continue
            source = sources.get(target, "")
            if source and self._pattern(source).search(translation):
                translation = self._pattern(source).sub(lambda _: target, translation)
                continue
            translation = _replace_closest(translation, target, source)
        return translation

    def missing(self, translation: str, required: list[str]) -> list[str]:
        """Required terms absent from *translation* (the model dropped them altogether)."""
        return [t for t in required if not self._pattern(t).search(translation)]

    def sources_by_target(self) -> dict[str, str]:
        return {t: s for s, t in self.entries}


def _replace_closest(text: str, target: str, source: str) -> str:
    words = text.split(" ")
    span = len(target.split())
    best, best_at = 0.0, None
    for i in range(len(words) - span + 1):
        candidate = " ".join(words[i:i + span])
        core = candidate.strip(".,;:!?\"'()«»")
        score = max(difflib.SequenceMatcher(None, core.lower(), t.lower()).ratio()
                    for t in (target, source) if t)
        if score > best:
            best, best_at = score, i
    if best_at is None or best < MIN_SIMILARITY:
        return text
    old = " ".join(words[best_at:best_at + span])
    core = old.strip(".,;:!?\"'()«»")
    lead = old[: old.find(core)] if core else ""
    tail = old[old.find(core) + len(core):] if core else old
    words[best_at:best_at + span] = [lead + target + tail]
    return " ".join(words)


def load_glossary(path: str) -> Glossary:
    """Read a TSV glossary; a malformed line is an error naming the file and line."""
    entries, ignore_case = [], set()
    for number, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        if (len(parts) not in (2, 3) or not parts[0] or not parts[1]
                or (len(parts) == 3 and parts[2] not in ("", IGNORE_CASE))):
            raise SubkitError(f"expected 'French term<TAB>English term' (and optionally <TAB>{IGNORE_CASE})",
                              path, number)
        entries.append((parts[0], parts[1]))
        if len(parts) == 3 and parts[2] == IGNORE_CASE:
            ignore_case.update(parts[:2])
    # Longest terms first, so "Tchasiv Yar" is replaced before a shorter term inside it.
    entries.sort(key=lambda e: -len(e[0]))
    return Glossary(tuple(entries), frozenset(ignore_case))
