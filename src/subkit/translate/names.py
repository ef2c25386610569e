"""Names the model garbled: the source spelling goes back into the translation.

A small model has seen few rare names and spells them from fragments ("Pokrovsk" -> "Pokrovskovs",
"Volodymyr" -> "Volomyr"). A capitalised source word that the source lexicon does not know as a
common lowercase word is taken for a name. When the translation lacks it but holds a capitalised
word of close spelling, that word is replaced by the name as the source writes it, unless it is a
known target-language word ("Russia", "Putin"), the name's usual romanisation ("Kursk" for
"Koursk"), a demonym ("Ukrainians"), or the spelling of another name of the same sentence. A name
the source writes twice is looked for twice. The English adjective of a French one of a people or
place ("ukrainienne" -> "Ukrainian") replaces a word of close spelling in no English word list
("ukrainic").

Measured with bench/translate_quality.py (see README); the lexicons come from
tools/build_wordlists.py.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from subkit.language import lexicon, plain_word as _plain
from subkit.translate.verbatim import without_verbatim

__all__ = ["NameKeeper", "romanise_fr", "strip_possessive"]

# How close a translation word must be to a name to be taken for a garbled copy of it, and how
# close to the name's romanisation to be taken for a deliberate English spelling.
MIN_SIMILARITY = 0.7
ROMANISED_SIMILARITY = 0.9
MIN_NAME_LENGTH = 4

# Source words split at apostrophes (elisions: "l’Ukraine", "d’Avdiivka"), joined by hyphens.
_SOURCE_WORD_RE = re.compile(r"(?<![\w-])[^\W\d_]+(?:-[^\W\d_]+)*")
_WORD_RE = re.compile(r"(?<!\w)[^\W\d_]+(?:['’-][^\W\d_]+)*")
_POSSESSIVE_RE = re.compile(r"['’]s$")
# French spellings of (mostly Slavic) names and their English romanisation, one pass, longest first.
_FR_ROMANISE = {"tch": "ch", "ch": "sh", "dj": "dzh", "ou": "u", "j": "zh"}
_FR_ROMANISE_RE = re.compile("|".join(sorted(_FR_ROMANISE, key=len, reverse=True)))
_FR_ROMANISE_END = ((r"ine$", "in"), (r"ie$", "ia"))  # Poutine -> Putin, Russie -> Russia
# "Rassurez-vous", "Dites-moi": a verb and its pronoun, capitalised at the start of a sentence.
_FR_CLITICS = frozenset("vous nous moi toi le la les lui leur leurs y en il elle on ils elles je tu ce".split())
_DEMONYM = {"fr": ("ien", "iens", "ienne", "iennes", "ain", "ains", "aine", "aines", "ais", "aise", "aises",
                   "ois", "oise", "oises")}
_DEMONYM_TARGET = {"en": ("ian", "ians", "an", "ans", "ese", "ish")}
# A lowercase French adjective of a people or place and the ending of its English form, from a stem
# of at least so many letters: "ukrainienne" -> "Ukrainian", "chinoise" -> "Chinese", "pakistanais" ->
# "Pakistani", "russe" -> "Russian" (English capitalises them; the word lists confirm each form).
_FR_ADJ_STEMS = (
    (("iennes", "ienne", "iens", "ien"), "ian", 3),
    (("aines", "aine", "ains", "ain"), "an", 3),
    (("aises", "aise", "ais", "oises", "oise", "ois"), "ese", 3),
    (("aises", "aise", "ais", "oises", "oise", "ois"), "ish", 3),
    (("oises", "oise", "ois"), "ian", 3),
    (("aises", "aise", "ais"), "i", 5),
    (("es", "e"), "ian", 4),
)


# A (mostly Slavic) name transliterated the French way, whose English romanisation differs: a French
# spelling (ou, tch, dj, j) and a Slavic ending or "kh" ("Koursk", "Bakhmout", "Dzerjinsk",
# "Khrouchtchev"); "Kouns", "Jonny", "Ovechkin", "Nikolakopoulos" are left alone.
_FRENCH_SPELLING_RE = re.compile(r"ou|tch|dj|j", re.IGNORECASE)
_SLAVIC_RE = re.compile(r"kh|(?:sk|ski|sky|iy|ov|ev|iv|ivka|in|ine|ets|grad)$", re.IGNORECASE)


def _transliterated(name: str) -> bool:
    return bool(_FRENCH_SPELLING_RE.search(name) and _SLAVIC_RE.search(name))


def strip_possessive(word: str) -> str:
    """*word* without an English possessive ending ("Kursk's" → "Kursk")."""
    return _POSSESSIVE_RE.sub("", word)


def romanise_fr(plain: str) -> str:
    out = _FR_ROMANISE_RE.sub(lambda m: _FR_ROMANISE[m.group(0)], plain)
    for pattern, repl in _FR_ROMANISE_END:
        out = re.sub(pattern, repl, out)
    return out


def _cased_like(plain: str, name: str) -> str:
    """*plain* (lowercase) with the capitals of *name*'s hyphen-separated parts."""
    return "-".join(p.capitalize() if n[:1].isupper() else p
                    for p, n in zip(plain.split("-"), name.split("-") + [""] * plain.count("-")))


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


@dataclass(frozen=True)
class NameKeeper:
    """Repairs garbled names in translations from *source* to *target* (needs both lexicons)."""

    source: str
    target: str

    @property
    def usable(self) -> bool:
        return bool(lexicon(self.source)) and bool(lexicon(self.target))

    def names(self, sentence: str) -> list[str]:
        """The words of *sentence* taken for names, in order, without repeats."""
        common = lexicon(self.source)
        found: list[str] = []
        for m in _SOURCE_WORD_RE.finditer(without_verbatim(sentence)):  # "#Koursk" is no name to mend
            name = m.group(0)
            if not (name[0].isupper() and any(c.islower() for c in name)):
                continue  # lowercase words, and acronyms (OTAN) which models copy well
            known = common.get(_plain(name))
            if (len(name) < MIN_NAME_LENGTH or (known is not None and not known[0].isupper())
                    or name in found or (self.source == "fr" and name.rsplit("-", 1)[-1] in _FR_CLITICS)):
                continue
            found.append(name)
        return found

    def _romanised(self, name: str) -> str:
        plain = _plain(name)
        return romanise_fr(plain) if self.source == "fr" else plain

    def _deliberate(self, word: str, name: str) -> bool:
        """Is *word* (close to *name*) a real target-language rendering rather than a garbled copy?"""
        from subkit.translate.words import is_known_word  # words imports this module

        if _plain(word) in lexicon(self.target) or is_known_word(word, self.target):
            return True
        romanised = self._romanised(name)
        # close to a romanisation that differs from the name: a deliberate spelling (Kursk for Koursk);
        # close to the name itself only, a garble (Vivacisimo for Vivacissimo)
        if romanised != _plain(name) and _similarity(_plain(word), romanised) >= ROMANISED_SIMILARITY:
            return True
        return (name.lower().endswith(_DEMONYM.get(self.source, ()))
                and word.lower().endswith(_DEMONYM_TARGET.get(self.target, ())))

    def target_form(self, name: str) -> str | None:
        """How *name* is written in the target language, or None when that is unknown: never a source
        form where the target has its own (Islande, Inde: English has Iceland, India)."""
        from subkit.translate.words import is_known_word  # words imports this module

        plain, target = _plain(name), lexicon(self.target)
        if plain in target:
            form = target[plain]  # Haïti -> Haiti, Donetsk -> Donetsk; "Stark" stays capitalised
            return form if form[:1].isupper() else name
        if plain in lexicon(self.source):
            return None  # a name the source language writes its own way, the target's unknown here
        if self.source == "fr" and _transliterated(name):
            return _cased_like(self._romanised(name), name)  # Koursk -> Kursk, Bakhmout -> Bakhmut
        if any(ord(c) > 127 for c in name) or (
                plain.endswith("e") and is_known_word(plain[:-1], self.target)):
            return None  # accents, or a French ending on an English word (Holocauste): a source form
        return name  # spelled the same in both languages (Pokrovsk, Volodymyr)

    def repair(self, sentence: str, translation: str) -> tuple[str, list[tuple[str, str]]]:
        """*translation* with garbled names of *sentence* restored, and the (garbled, name) pairs."""
        names = self.names(sentence)
        # Words spelling any name of the sentence (or its romanisation) are right where they are.
        spelled = {_plain(n) for n in names} | {self._romanised(n) for n in names}
        fixes: list[tuple[str, str]] = []
        for name in names:
            copied = re.compile(rf"(?<![\w#@]){re.escape(name)}(?!\w)")  # not in a hashtag
            kept = len(copied.findall(translation))
            if kept:
                form = self.target_form(name) if self.source == "fr" and _transliterated(name) else name
                if form and form != name:  # the model copied a French transliteration: Koursk -> Kursk
                    translation = copied.sub(lambda _: form, translation)
                    fixes.append((name, form))
            # A name the source writes twice may be copied once and garbled once ("Pokrovsk's work
            # ... the Ukrainians Pokrandovsk").
            missing = len(copied.findall(sentence)) - kept
            form = self.target_form(name) if missing > 0 else None
            while form and missing > 0 and (garbled := self._garbled(name, translation, spelled)):
                start, core = garbled
                translation = translation[:start] + form + translation[start + len(core):]
                fixes.append((core, form))
                missing -= 1
        return self._repair_adjectives(sentence, translation, fixes)

    def target_adjective(self, word: str) -> str | None:
        """The English form of a lowercase French adjective of a people or place ("ukrainienne" ->
        "Ukrainian"), when the target word list knows it capitalised; else None."""
        if (self.source, self.target) != ("fr", "en") or not word.islower():
            return None
        plain, target = _plain(word), lexicon(self.target)
        for endings, ending, min_stem in _FR_ADJ_STEMS:
            end = next((e for e in endings if plain.endswith(e) and len(plain) - len(e) >= min_stem), None)
            form = target.get(plain[: -len(end)] + ending) if end else None
            if form and form[:1].isupper():
                return form
        return None

    def _repair_adjectives(self, sentence: str, translation: str,
                           fixes: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]]]:
        """*translation* with words in no target word list that are garbled copies of the English
        form of a French adjective of the sentence ("fabrication ukrainienne" -> "ukrainic
        manufacturer" -> "Ukrainian manufacturer"), and *fixes* with those added."""
        from subkit.translate.words import is_known_word  # words imports this module

        for word in dict.fromkeys(_SOURCE_WORD_RE.findall(sentence)):
            adjective = self.target_adjective(word)
            if adjective is None:
                continue
            plain = _plain(adjective)
            for m in reversed(list(_WORD_RE.finditer(translation))):
                core = strip_possessive(m.group(0))
                # a word holding the whole adjective and more fuses it with a garbled other word
                # ("Russianavan" for "Russian advance"): putting the adjective back would drop that word
                if (is_known_word(core, self.target) or plain in _plain(core)
                        or _similarity(_plain(core), plain) < MIN_SIMILARITY):
                    continue
                translation = translation[:m.start()] + adjective + translation[m.start() + len(core):]
                fixes.append((core, adjective))
        return translation, fixes

    def _garbled(self, name: str, translation: str, spelled: set[str]) -> tuple[int, str] | None:
        """The capitalised word of *translation* (position, word) that is a garbled copy of *name*:
        the closest in spelling, close enough, not a spelling of a name of the sentence (*spelled*)
        and not a deliberate rendering; None when there is none."""
        best: tuple[float, int, str] | None = None
        for m in _WORD_RE.finditer(translation):
            core = strip_possessive(m.group(0))
            if not core[:1].isupper() or _plain(core) in spelled:
                continue
            score = _similarity(_plain(core), _plain(name))
            if best is None or score > best[0]:
                best = (score, m.start(), core)
        if best is None or best[0] < MIN_SIMILARITY or self._deliberate(best[2], name):
            return None
        return best[1], best[2]
