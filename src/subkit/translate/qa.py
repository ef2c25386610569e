"""Review flags: which translated cues a reviewer should read against the source.

Model-free checks of a (source, translation) pair, one function per flag id, and the low-confidence
flag from the model's own score. They run on whole sentences (what the model translated); a flag
that names words lands on the output cues that show them, the others on every cue of the sentence.
No translation stack is imported here, so ``subkit lint --source`` can run the same checks.

Thresholds were calibrated with ``bench/qa.py`` on the first half of FLORES dev (fr→en) and measured
on the second half (see README, "Review flags").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Callable, Iterable, Sequence

from subkit.language import lexicon, plain_word, rules
from subkit.translate.copied_words import copied_function_words
from subkit.translate.names import romanise_fr, strip_possessive
from subkit.translate.negation import says_no
from subkit.translate.number_words import DIGIT_SCALES, in_digits, spelled_numbers
from subkit.translate.verbatim import without_verbatim
from subkit.translate.words import is_known_word

__all__ = ["Flag", "FLAGS", "SEVERITY", "check_pair", "cue_flags", "is_known_word", "LOW_CONFIDENCE", "words",
           "OMISSION_RATIO", "review_threshold"]

# One line each: the message a flag id stands for (README "Review flags" lists the same).
FLAGS = {
    "non-word": "a word that is in no English word list and not copied from the source",
    "untranslated": "source-language words left in the translation",
    "number": "a number that differs between source and translation",
    "repetition": "a word or phrase repeated by the model",
    "omission": "the translation is far shorter than its source: words were probably dropped",
    "negation": "the source says no (ne … pas, jamais, rien…) and the translation has no negation",
    "offensive": "a swear word or slur that the source does not have",
    "low-confidence": "the model's own score for this sentence is among its worst",
    "glossary": "a glossary term is missing from the translation (the model dropped it, or a human entry lacks "
                "it), or the words around it may not fit it (repaired in place of the model's words, after "
                "an article the French lacks): check the grammar",
    "verbatim": "a cue copied as written (lyrics, cries) that holds source-language words: translate it, or keep "
                "it on purpose",
}
# Most serious first, for sorting a review list: a swear word the source lacks shames the publisher;
# a wrong number or a dropped clause changes the meaning; a low score only says the model was unsure.
SEVERITY = {"offensive": 6, "omission": 5, "number": 5, "negation": 5, "untranslated": 4, "non-word": 4,
            "glossary": 4, "repetition": 3, "verbatim": 3, "low-confidence": 2}

# English characters per French character below which a translation has dropped words: between the
# 1st and 3rd percentiles of the human references on FLORES dev (first half: 0.59, 0.68), and only
# for sources long enough for the ratio to mean something.
OMISSION_RATIO = 0.65
OMISSION_MIN_CHARS = 25
# Geometric-mean token probability under which a sentence counts as low-confidence, for a model
# that declares no threshold of its own (metadata.json "review": {"low_confidence": x}, written by
# tools/train_fr_en/calibrate.py as the model's worst fifth on FLORES dev's first half): each model
# scores itself on its own scale, so a fixed number would flag 5 times fewer cues for a model that
# is only slightly more sure of itself. 0.55 is that worst fifth for subkit-fr_en-1.4, where it
# caught 43 % of the worst quarter by chrF and 8 % of the best half.
LOW_CONFIDENCE = 0.55

_WORD_RE = re.compile(r"(?<![\w'’])[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Numbers: French "1 250 000" (spaces, no-break spaces), "2,5"; English "1,250,000", "2.5"; times
# "11 h 00", "11:00"; ordinals "1er", "2e", "3rd".
# The group separators are spelled as escapes: a space, a no-break space, a thin space and a narrow
# no-break space (FLORES uses all of the first three).
_FR_GROUP = "[ \u00a0\u2009\u202f]"
# A dotted number in French text ("Blender 4.1", "2.0.1") is no decimal (French writes "4,1"): a
# version or a code, taken whole as it is written, as the English copies it.
_FR_NUMBER_RE = re.compile(rf"\d{{1,3}}(?:{_FR_GROUP}\d{{3}})+(?!\d)|\d+(?:\.\d+)+|\d+(?:,\d+)?")
# Roman ordinals, as centuries are written: French "XVe", "XIXe", "Ier"; English "XVIth".
_ROMAN_RE = {"fr": re.compile(r"\b([IVX]+)(?:e|er|ème)\b"), "en": re.compile(r"\b([IVX]+)(?:st|nd|rd|th)\b")}
_ROMAN = {"I": 1, "V": 5, "X": 10}  # no L: "Le" is an article, and centuries stop at XXI
# "2.0.1" whole; "80 000" (SI style, the French grouping kept) is one number too
_EN_NUMBER_RE = re.compile(rf"\d{{1,3}}(?:,\d{{3}})+(?![\d])|\d{{1,3}}(?:{_FR_GROUP}\d{{3}})+(?!\d)|\d+(?:\.\d+)*")
# "8:30 p.m." is "20:30", "20 h 30" in French
_PM_RE = re.compile(r"(?<![:\d])(\d{1,2})(?=(?::\d\d)?\s?p\.?\s?m\b\.?)", re.IGNORECASE)


@dataclass(frozen=True)
class Flag:
    """One suspect thing in a translation: its id, a message, and the translation words it is about
    (empty: the whole sentence)."""

    id: str
    message: str
    words: tuple[str, ...] = field(default=())


def words(text: str) -> list[str]:
    """The words of *text*, as the checks see them (letters, with inner apostrophes and hyphens);
    addresses, handles and emoji are no words ("gmail" in an e-mail address is not French left in)."""
    return _WORD_RE.findall(without_verbatim(text))


def _tokens(text: str) -> set[str]:
    """Words and numbers of *text*."""
    return set(_WORD_RE.findall(text)) | set(re.findall(r"\d+(?:[.,]\d+)*", text))


@lru_cache(maxsize=1024)
def _copied(source: str, src: str) -> frozenset[str]:
    """Words of *source*, also split at elisions ("d'AOL") and hyphens, and their usual English
    romanisation ("Koursk" → "Kursk"). Cached: the engine checks up to a beam's worth of
    hypotheses against the same source."""
    copied = {plain_word(p) for w in words(source) for p in [w, *re.split(r"['’-]", w)]}
    return frozenset(copied | ({romanise_fr(w) for w in copied} if src == "fr" else set()))


def check_non_word(source: str, target: str, src: str, tgt: str) -> Flag | None:
    """``non-word``: a translation word in no word list of the target language and not in the source
    ("Russianavan", "accedated", "coor")."""
    if not lexicon(tgt):
        return None
    copied = _copied(source, src)
    bad = [w for w in words(without_loans(target, tgt))
           if len(w) > 1 and not is_known_word(w, tgt) and plain_word(strip_possessive(w)) not in copied]
    if not bad:
        return None
    return Flag("non-word", f"not an {_NAME.get(tgt, tgt)} word: " + ", ".join(dict.fromkeys(bad)), tuple(bad))


def check_untranslated(source: str, target: str, src: str, tgt: str, copied: bool = True) -> Flag | None:
    """``untranslated``: common source-language words ("parce", "épine") left in the translation:
    words of the source list (in their usual lowercase form), or lowercase words of the source
    itself (unless not *copied*), that the target list does not know."""
    source_lex = lexicon(src)
    if not source_lex or not lexicon(tgt):
        return None
    # a lowercase word of this source copied as it is, or without its accents ("désenclaver" ->
    # "desenclaver"), even when the list lacks it: lowercase, it is no name
    own = {plain_word(w) for w in words(source) if w.islower() and len(w) > 3} if copied else set()
    bad = []
    target_words = words(without_loans(target, tgt))
    for w in target_words:
        usual = source_lex.get(plain_word(w))
        if ((usual and usual.islower() and len(w) > 2 or plain_word(w) in own)
                and not is_known_word(w, tgt)):
            bad.append(w)
    if (src, tgt) == ("fr", "en"):  # "Quinze bullets": a French word English's list knows, copied
        bad += copied_function_words(words(without_loans(source, src)), target_words)
    if not bad:
        return None
    bad = list(dict.fromkeys(bad))
    return Flag("untranslated", f"{_NAME.get(src, src)} left in: " + ", ".join(bad), tuple(bad))


def without_loans(text: str, lang: str) -> str:
    """*text* without the phrases *lang* borrows whole ("déjà vu", "bon appétit" in English)."""
    pattern = _loans(lang)
    return pattern.sub(" ", text) if pattern else text


@lru_cache(maxsize=None)
def _loans(lang: str) -> re.Pattern | None:
    phrases = sorted(rules(lang).loan_phrases, key=len, reverse=True)
    if not phrases:
        return None
    alternatives = "|".join(re.escape(p).replace("'", "['’]") for p in phrases)
    return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w'’-])", re.IGNORECASE)


def numbers(text: str, lang: str) -> Counter[str]:
    """The numbers of *text* as plain digit strings ("1 250 000" → "1250000", "2,5" → "2.5"; "00" of
    "11 h 00" dropped; "1,5 million" → "1500000"; "8 p.m." → "20"), Roman ordinals ("XIXe siècle" →
    "19") and numbers spelled out ("vingt-trois" → "23", :mod:`subkit.translate.number_words`)."""
    pattern = _FR_NUMBER_RE if lang == "fr" else _EN_NUMBER_RE
    if lang == "en":
        text = _PM_RE.sub(lambda m: str(int(m.group(1)) % 12 + 12), text)  # 12 p.m. is noon: 12
    out: Counter[str] = Counter()
    scales = DIGIT_SCALES.get(lang, {})
    for m in pattern.finditer(text):
        raw = m.group(0)
        value = (re.sub(_FR_GROUP, "", raw).replace(",", ".") if lang == "fr"
                 else re.sub(_FR_GROUP, "", raw).replace(",", ""))
        value = value.lstrip("0") or "0"
        if set(value) <= {"0"} and len(raw) == 2:
            continue  # the minutes of "11 h 00", "11:00"
        scale = _SCALE_AFTER.match(text, m.end())
        if scale and scale.group(1).lower() in scales and value.count(".") <= 1:
            value = _plain(Decimal(value) * scales[scale.group(1).lower()])
        out[value] += 1
    for m in _ROMAN_RE[lang].finditer(text) if lang in _ROMAN_RE else ():
        out[str(_roman(m.group(1)))] += 1
    return out + spelled_numbers(text, lang)[0]


_SCALE_AFTER = re.compile(r"[ \u00a0\u202f]+([^\W\d_]+)")


def _plain(value: Decimal) -> str:
    """*value* as digits without an exponent or trailing zeros ("1500000", "2.5")."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _roman(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if v < nxt else v for v, nxt in zip(values, values[1:] + [0]))


def check_number(source: str, target: str, src: str, tgt: str) -> Flag | None:
    """``number``: a number of the source missing from the translation, or one the translation added
    ("la fin 2022" → "the end of 202"). Numbers may be spelled out on either side ("vingt ans" = "20
    years"). A lone small or round number word ("deux", "mille") is often not translated as a number
    ("les deux" = "both"): it counts only against another number in its place ("quatre enfants" →
    "five children"); "un", "one", "neuf" (new) only excuse the same number on the other side."""
    a, b = _number_sides(source, src), _number_sides(target, tgt)
    missing = [n for n in a[0] if n not in b[0] and n not in b[1] and n not in b[2]]
    added = [n for n in b[0] if n not in a[0] and n not in a[1] and n not in a[2]]
    soft_missing = [n for n in a[1] if n not in b[0] and n not in b[1] and n not in b[2]]
    soft_added = [n for n in b[1] if n not in a[0] and n not in a[1] and n not in a[2]]
    if missing or added:  # a lone word in place of another number counts too
        missing, added = missing + soft_missing, added + soft_added
    elif soft_missing and soft_added:
        missing, added = soft_missing, soft_added
    if not missing and not added:
        return None
    parts = ([f"{', '.join(missing)} missing"] if missing else []) + ([f"{', '.join(added)} added"] if added else [])
    return Flag("number", "numbers differ: " + "; ".join(parts), tuple(added))


def _number_sides(text: str, lang: str) -> tuple[Counter[str], Counter[str], set[str]]:
    """The numbers of *text* that count, the lone small or round number words, and the weak ones."""
    _, soft, weak = spelled_numbers(text, lang)
    return numbers(text, lang), soft, weak


def check_repetition(source: str, target: str, src: str, tgt: str) -> Flag | None:
    """``repetition``: a word or a phrase of up to 3 words said twice in a row ("entire entire"),
    unless the source repeats itself too ("non, non")."""
    if _adjacent_repeat([w.lower() for w in words(source)]):
        return None
    found = _adjacent_repeat([w.lower() for w in words(target)], rules(tgt).doubles)
    if not found:
        return None
    return Flag("repetition", f"repeated: {found!r}", tuple(found.split()))


def _adjacent_repeat(words: Sequence[str], doubles: frozenset[str] = frozenset()) -> str | None:
    for n in (1, 2, 3):
        for i in range(len(words) - 2 * n + 1):
            if words[i:i + n] == words[i + n:i + 2 * n] and not (n == 1 and words[i] in doubles):
                return " ".join(words[i:i + n])
    return None


def check_offensive(source: str, target: str, src: str, tgt: str) -> Flag | None:
    """``offensive``: a swear word or slur of *tgt*'s list (subkit.language, ``[offensive]``), whole or
    part of a hyphenated word ("Russian-fuck"), in a translation whose source has none."""
    found = _offensive_words(target, tgt)
    if not found or _offensive_words(source, src):
        return None
    return Flag("offensive", f"offensive word the source does not have: {found[0]}", tuple(found))


def _offensive_words(text: str, lang: str) -> list[str]:
    listed = rules(lang).offensive
    return [w for w in words(text) if any(part in listed for part in re.split(r"[-'’]", w.lower()))]


def check_omission(source: str, target: str, src: str, tgt: str) -> Flag | None:
    """``omission``: a translation under :data:`OMISSION_RATIO` of its source's length, numbers
    spelled out on either side counted as digits ("en deux mille vingt-trois" = "in 2023")."""
    if len(source) < OMISSION_MIN_CHARS:
        return None
    ratio = len(in_digits(target, tgt)) / max(1, len(in_digits(source, src)))
    if ratio >= OMISSION_RATIO:
        return None
    return Flag("omission", f"translation {ratio:.0%} as long as its source")


def check_negation(source: str, target: str, src: str, tgt: str) -> Flag | None:
    """``negation``: the source says no and the translation has no negation at all ("« Pas de
    problème » !" → "It's problem."): :mod:`subkit.translate.negation`."""
    if says_no(source, src) and not says_no(target, tgt) and tgt in ("en", "fr") and src in ("en", "fr"):
        return Flag("negation", "the source says no, the translation does not")
    return None


def check_verbatim(text: str, src: str, tgt: str) -> Flag | None:
    """``verbatim``: a cue ``translate`` copied as written (lyrics, cries) whose words are source-language
    ones, as ``untranslated`` reads them (what ``lint --source`` says of the same cue)."""
    from subkit.profiles import strip_tags
    from subkit.translate.lyrics import NOTES

    text = strip_tags(text)
    found = check_untranslated(text, text, src, tgt)
    if found is None:
        return None
    kind = " (lyrics)" if NOTES.intersection(text) else ""
    return Flag("verbatim", f"copied as written{kind}: {found.message}", found.words)


def review_threshold(declared: float | None) -> float:
    """The confidence under which a model's sentences are flagged: the one its package declares,
    else :data:`LOW_CONFIDENCE`."""
    return LOW_CONFIDENCE if declared is None else declared


def check_glossary(missing: Sequence[str], human: bool = False, grammar: Sequence[str] = ()) -> Flag | None:
    """``glossary``: terms of the glossary that the translation lacks (it needs the glossary, so
    ``lint --source`` has no such rule; a human entry from the memory wins over the glossary but
    is flagged), and *grammar* notes on terms the words around which may not fit them
    (:meth:`subkit.translate.glossary.Glossary.grammar_notes`: "repaired in: doubtful"); the flag
    then names the term's words, so that it goes to the cue showing them."""
    parts = []
    if missing:
        kept = " (human translation kept)" if human else ""
        parts.append("glossary term missing" + kept + ": " + ", ".join(missing))
    parts += [f"glossary term {note} — check the grammar" for note in grammar]
    if not parts:
        return None
    # a missing term is in no cue: a flag that names one goes to every cue of the sentence
    named = () if missing else tuple(w for note in grammar for w in words(note.split(": ", 1)[-1]))
    return Flag("glossary", "; ".join(parts), named)


def without_terms(flags: list[Flag], terms: Iterable[str]) -> list[Flag]:
    """*flags* without the words of glossary *terms* in their ``untranslated`` and ``non-word`` flags:
    a term the glossary forced ("baccalauréat") is no French left in."""
    forced = {w.lower() for term in terms for w in words(term)}
    if not forced:
        return flags
    out = []
    for flag in flags:
        if flag.id in ("untranslated", "non-word") and {w.lower() for w in flag.words} & forced:
            rest = tuple(w for w in flag.words if w.lower() not in forced)
            if not rest:
                continue
            flag = Flag(flag.id, flag.message.split(": ", 1)[0] + ": " + ", ".join(dict.fromkeys(rest)), rest)
        out.append(flag)
    return out


def check_confidence(confidence: float | None, threshold: float | None = None) -> Flag | None:
    """``low-confidence``: the model's confidence under *threshold* (see :func:`review_threshold`)."""
    threshold = review_threshold(threshold)
    if confidence is None or confidence >= threshold:
        return None
    digits = next((d for d in range(2, 6) if f"{confidence:.{d}f}" != f"{threshold:.{d}f}"), 6)
    return Flag("low-confidence", f"model confidence {confidence:.{digits}f} (under {threshold:.{digits}f})")


_NAME = {"en": "English", "fr": "French"}
CHECKS: tuple[Callable[[str, str, str, str], Flag | None], ...] = (
    check_non_word, check_untranslated, check_number, check_repetition, check_omission, check_offensive,
    check_negation)


def check_pair(source: str, target: str, src: str = "fr", tgt: str = "en",
               confidence: float | None = None, low_confidence: float | None = None) -> list[Flag]:
    """Every flag raised by the translation *target* of *source* (a sentence or a cue);
    *low_confidence* is the model's threshold (see :func:`check_confidence`)."""
    flags = [f for check in CHECKS if (f := check(source, target, src, tgt))]
    low = check_confidence(confidence, low_confidence)
    return flags + ([low] if low else [])


def cue_flags(cue_texts: Sequence[str], cue_sentences: Sequence[Iterable[int]],
              sentence_flags: Sequence[Sequence[Flag]]) -> list[list[Flag]]:
    """Each output cue's flags: a sentence's flag that names words goes to the cues showing one of
    them (to all of the sentence's cues when none does), any other to every cue of the sentence."""
    cues_of: dict[int, list[int]] = {}
    for n, sentences in enumerate(cue_sentences):
        for s in sentences:
            cues_of.setdefault(s, []).append(n)
    out: list[list[Flag]] = [[] for _ in cue_texts]
    for s, flags in enumerate(sentence_flags):
        cues = cues_of.get(s, [])
        for flag in flags:
            showing = [n for n in cues if flag.words and set(flag.words) & _tokens(cue_texts[n])] or cues
            for n in showing:
                if flag not in out[n]:
                    out[n].append(flag)
    return out


def review(cue_texts: Sequence[str], cue_sentences: Sequence[Sequence[int]], sources: Sequence[str],
           targets: Sequence[str], confidences: Sequence[float | None], src: str = "fr",
           tgt: str = "en", low_confidence: float | None = None,
           glossary: Sequence[tuple[Sequence[str], Sequence[str], bool, Sequence[str]]] = ()) -> list[dict]:
    """The ``--qa`` document: for every written cue (numbered from 1), its flags and its confidence
    (the lowest of its sentences'; None for a cue that carries none, e.g. music kept verbatim, which
    is flagged ``verbatim`` when it holds source-language words).
    *glossary* gives each sentence's glossary terms, those missing, whether a human entry was
    kept, and the notes on terms whose grammar to check (see :func:`check_glossary`)."""
    per_sentence = [check_pair(s, t, src, tgt, c, low_confidence) for s, t, c in zip(sources, targets, confidences)]
    for flags, (terms, missing, human, grammar) in zip(per_sentence, glossary):
        flags[:] = without_terms(flags, terms) + [f for f in [check_glossary(missing, human, grammar)] if f]
    flags = cue_flags(cue_texts, cue_sentences, per_sentence)
    for cue, sentences, text in zip(flags, cue_sentences, cue_texts):
        copied = None if sentences else check_verbatim(text, src, tgt)  # a cue of no sentence is the source's
        cue.extend([copied] if copied else [])
    out = []
    for n, (sentences, cue) in enumerate(zip(cue_sentences, flags), 1):
        scores = [confidences[s] for s in sentences if confidences[s] is not None]
        cue = _one_low_confidence(cue, min(scores, default=None), low_confidence)
        out.append({"cue": n, "flags": [{"id": f.id, "message": f.message} for f in cue],
                    "confidence": round(min(scores), 3) if scores else None})
    return out


def _one_low_confidence(flags: list[Flag], confidence: float | None, threshold: float | None) -> list[Flag]:
    """*flags* with one ``low-confidence`` flag, for the cue's own (lowest) confidence, in place of
    one per unsure sentence: two would count twice in :func:`review_list`'s order."""
    low = [k for k, f in enumerate(flags) if f.id == "low-confidence"]
    if len(low) < 2:
        return flags
    kept = [f for f in flags if f.id != "low-confidence"]
    kept.insert(low[0], check_confidence(confidence, threshold) or flags[low[0]])
    return kept


def check_writable(path: str) -> None:
    """Raise :class:`SubkitError` naming *path* when a file cannot be created there (checked before
    a long job, so that its result is not lost at the end)."""
    import os
    from pathlib import Path

    from subkit.errors import SubkitError

    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise SubkitError("is a directory", path)
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK) or (
            target.exists() and not os.access(target, os.W_OK)):
        raise SubkitError("cannot write the review flags here", path)


def partners(sources: Sequence, targets: Sequence) -> list[list[int]]:
    """For each target cue, the source cues (indexes) it translates, matched by time: each source cue
    goes to the target cue starting nearest it within :data:`PAIRING_TOLERANCE_MS` either way (a
    translator's timing a few frames off), else to the last one starting before it (cues merged for
    reading time); a target cue that no source cue went to, but that lies mostly inside one (the
    second part of a translation too long for one cue, split), translates that one. Cues carry
    ``start`` and ``end`` in ms."""
    out: list[list[int]] = [[] for _ in targets]
    starts = [t.start for t in targets]
    for i, cue in enumerate(sources):
        k = _nearest_start(starts, cue.start)
        if k is not None:
            out[k].append(i)
    for own, target in zip(out, targets):
        if not own:
            own.extend(_inside(sources, target))
    return out


# How far a translated cue may start from the source cue it renders, either way: a few frames of
# a translator's own timing (400-600 ms seen in freelancers' files), under the gap between most cues.
PAIRING_TOLERANCE_MS = 500


def _nearest_start(starts: Sequence[int], start: int) -> int | None:
    near = [n for n in range(len(starts)) if abs(starts[n] - start) <= PAIRING_TOLERANCE_MS]
    if near:
        return min(near, key=lambda n: abs(starts[n] - start))
    return next((n for n in range(len(starts) - 1, -1, -1) if starts[n] <= start + 40), None)


def _inside(sources: Sequence, target) -> list[int]:
    """[the source cue that covers most of *target*, if it covers at least half of it], else []."""
    overlap = [min(s.end, target.end) - max(s.start, target.start) for s in sources]
    best = max(range(len(sources)), key=overlap.__getitem__, default=None)
    return [best] if best is not None and 2 * overlap[best] >= target.end - target.start > 0 else []


def review_list(entries: Sequence[dict], sources: Sequence, targets: Sequence) -> list[dict]:
    """The flagged cues of a ``--qa`` document, most serious first (then least confident), each with
    its text and the source text beside it (for the episode report)."""
    pairs = partners(sources, targets)
    out = []
    for entry in entries:
        if not entry["flags"]:
            continue
        n = entry["cue"] - 1
        severity = max(SEVERITY.get(f["id"], 1) for f in entry["flags"])
        out.append({**entry, "severity": severity, "start_ms": targets[n].start, "text": targets[n].text,
                    "source": "\n".join(sources[i].text for i in pairs[n])})
    conf = lambda e: 1.0 if e["confidence"] is None else e["confidence"]  # noqa: E731
    return sorted(out, key=lambda e: (-e["severity"], -len(e["flags"]), conf(e), e["cue"]))
