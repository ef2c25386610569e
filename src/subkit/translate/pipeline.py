"""The translation job: cues → sentences → translations → cues (redistributed, wrapped, retimed)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, Protocol, Sequence

from subkit.cues import Cue, format_srt, ms_to_seconds
from subkit.language import KNOWN_SHARE, detect_language, dialogue_dash, known_share
from subkit.profiles import Profile, count_chars
from subkit.translate.glossary import Glossary
from subkit.translate.memory import TranslationMemory, normalise_source
from subkit.translate.names import NameKeeper
from subkit.translate.number_repair import repair_numbers
from subkit.translate.redistribute import split_translation
from subkit.translate.refit import limit_problems, refit
from subkit.text import tokenize
from subkit.translate.sentences import CueText, Piece, analyse_cue, group_sentences, labelled, unclosed
from subkit.tags import Stack, Tail, continued, wrap_tagged, write_lines
from subkit.translate.tag_spans import Part, place_tags

__all__ = ["Translator", "TranslationReport", "translate_subtitles"]

# A translation this many times longer than its source (in characters) has run away. English runs
# about as long as French, and on FLORES dev none of subkit-fr_en-1.2's sane outputs came near it.
RUNAWAY_RATIO = 1.4
CLAUSE_SIZE = 100
_CLAUSE_END_RE = re.compile(r"(?<=[,;:])\s+")


class Translator(Protocol):
    def translate(self, sentences: Sequence[str],
                  progress: Callable[[int], None] | None = None) -> list[str]: ...


@dataclass
class TranslationReport:
    cues: int = 0
    sentences: int = 0
    remembered: int = 0
    translated: int = 0
    merged: int = 0
    split: int = 0  # cues split in two because their translation did not fit two lines
    human: int = 0  # sentences taken from human entries (counted in remembered too)
    origins: list[str] = field(default_factory=list)  # per sentence: human | edit | machine
    cue_origins: list[str] = field(default_factory=list)  # per output cue: an origin, "mixed", or "" (verbatim)
    names_restored: int = 0
    numbers_restored: int = 0
    runaway_split: int = 0
    retimed: int = 0  # written cues whose times are no source cue's (reading speed, gaps, frames, merges)
    flagged: int | None = None  # cues with review flags, when they were checked
    review: list[dict] | None = None  # the review flags of every written cue (subkit.translate.qa.review)
    warnings: list[str] = field(default_factory=list)
    # For review flags (subkit.translate.qa): each sentence's source as translated, the model's own
    # output, the final translation, and the sentences each written cue carries.
    sentence_sources: list[str] = field(default_factory=list)
    model_outputs: list[str] = field(default_factory=list)
    confidences: list[float | None] = field(default_factory=list)  # per sentence, None: not scored
    sentence_targets: list[str] = field(default_factory=list)
    cue_sentences: list[list[int]] = field(default_factory=list)
    # Per sentence: the glossary's English terms it must hold, and those the translation lacks.
    glossary_terms: list[list[str]] = field(default_factory=list)
    glossary_missing: list[list[str]] = field(default_factory=list)
    # ... and what to check the grammar of around them (Glossary.grammar_notes).
    glossary_grammar: list[list[str]] = field(default_factory=list)


def translate_subtitles(
    subs: Sequence[Cue],
    translator: Translator,
    *,
    source_lang: str,
    target_lang: str,
    profile: Profile,
    memory: TranslationMemory | None = None,
    glossary: Glossary | None = None,
    keep_names: bool = True,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    clock: Callable[[int], str] = format_srt,
) -> tuple[list[Cue], TranslationReport]:
    """Translate the cues *subs* on the same cues, retimed for the target profile (refit.py);
    the result is numbered from 1. Warnings give times as *clock* writes them (the file's format)."""
    from subkit.breaking import wrap_lines
    from subkit.translate.lyrics import with_sung_lyrics

    report = TranslationReport()
    subs = list(subs)
    # a tag left open at a cue's end and closed in the next goes on over the next one's words
    contents = continued([s.text for s in subs])
    cues = [analyse_cue(i, text) for i, text in enumerate(contents)]
    pieces: list[Piece] = [p for c in cues for p in c.pieces]
    sentences = group_sentences(pieces, source_lang)
    # lyrics are copied as written, unless a person's translation of the cue is in the memory
    cues, pieces, sentences = with_sung_lyrics(contents, cues, sentences, memory)
    report.sentences = len(sentences)

    names = NameKeeper(source_lang, target_lang) if keep_names else None
    repairs = _Repairs(source_lang, target_lang, names if names and names.usable else None)
    targets = _translations([s.text for s in sentences], translator, memory, glossary, repairs, report,
                            progress, on_total)
    targets = [labelled(s, unclosed(t) if s.closed else t) for s, t in zip(sentences, targets)]

    subs_by_start = {s.start: s for s in subs}
    # Each sentence's translation goes back on its fragments' cues.
    piece_text = [""] * len(pieces)
    piece_sentences: list[set[int]] = [set() for _ in pieces]
    piece_parts: list[list[Part]] = [[] for _ in pieces]  # what each sentence wrote there, for the tags
    rooms = _rooms(subs, cues, pieces, profile)
    for number, (sentence, target) in enumerate(zip(sentences, targets)):
        weights = [max(1, len(f.text)) for f in sentence.fragments]
        caps = [rooms[f.piece] * len(f.text) / max(1, len(pieces[f.piece].text)) for f in sentence.fragments]
        parts = split_translation(target, weights, caps, target_lang)
        for frag, part in zip(sentence.fragments, parts):
            part = f"{frag.lead}{part}{frag.trail}" if part else part  # continuation marks go back
            piece_text[frag.piece] = " ".join(x for x in (piece_text[frag.piece], part) if x)
            piece_sentences[frag.piece].add(number)
            piece_parts[frag.piece].append(Part(frag.words, len(tokenize(part))))
    piece_tags, piece_tails = place_tags(subs, pieces, piece_text, piece_parts,
                                         lambda texts: _lookup_or_translate(texts, translator, None).texts,
                                         report.warnings, clock)

    out: list[Cue] = []
    links: list[set[int]] = []  # sentences each output cue carries, to know what may merge
    offset = 0
    for sub, cue in zip(subs, cues):
        own = range(offset, offset + len(cue.pieces))
        offset += len(cue.pieces)
        if not cue.pieces:
            out.append(sub)
            links.append(set())
            continue
        texts = [piece_text[i] for i in own]
        tags = [piece_tags[i] for i in own]
        tails = [piece_tails[i] for i in own]
        content = _compose(cue, texts, tags, tails, target_lang, profile, wrap_lines) if any(texts) else ""
        out.append(sub.with_text(content))
        links.append(set().union(*(piece_sentences[i] for i in own)))
    out, links, absorbed = _absorb_empty(out, links)
    report.merged += absorbed
    for n, sub in enumerate(out):
        if not sub.text:
            # The model returned nothing for this cue's sentence: keep the source, and say so.
            out[n] = sub.with_text(subs_by_start[sub.start].text)
            report.warnings.append(f"cue at {clock(sub.start)}: "
                                   "no translation; the source text was kept")

    # Timing: use free time around each cue and inside each sentence, then merge or split what
    # still does not fit.
    out, links, merged, split = refit(out, links, profile, target_lang)
    report.merged += merged
    report.split += split
    out = [replace(sub, index=n) for n, sub in enumerate(out, 1)]
    report.cues = len(out)  # as written: merges and splits change the count
    source_times = {(s.start, s.end) for s in subs}
    report.retimed = sum(1 for sub in out if (sub.start, sub.end) not in source_times)
    report.sentence_targets = list(targets)
    report.cue_sentences = [sorted(link) for link in links]
    if glossary:
        _glossary_warnings(glossary, [s.text for s in sentences], out, report, clock)
    for n, sub in enumerate(out, 1):
        report.warnings.extend(f"cue {n} ({clock(sub.start)}): {problem}" for problem in limit_problems(sub, profile))
    # Whole sentences, not cues: a cue's few words often read as Dutch or Danish to langdetect,
    # and one call per sentence instead of per cue keeps the check cheap.
    foreign = {k for k, target in enumerate(targets) if _may_be_foreign(target, target_lang, source_lang)
               and (lang := detect_language(target, min_chars=30)) and lang != target_lang}
    off = [n for n, link in enumerate(links, 1) if link & foreign]
    if off:
        listed = ", ".join(map(str, off[:10])) + (" ..." if len(off) > 10 else "")
        report.warnings.append(f"cue {listed} is in a sentence not detected as '{target_lang}'" if len(off) == 1
                               else f"{len(off)} cues are in sentences not detected as '{target_lang}': {listed}")
    kinds = [{report.origins[k] for k in link} for link in links]
    report.cue_origins = [kind.pop() if len(kind) == 1 else ("mixed" if kind else "") for kind in kinds]
    return out, report


def _glossary_warnings(glossary: Glossary, texts: list[str], out: list[Cue], report: TranslationReport,
                       clock: Callable[[int], str] = format_srt) -> None:
    """Warnings naming the first cue of each sentence (number and time) and its French: glossary
    terms missing from the translation, and terms not applied because another overlapped them."""
    first_cue: dict[int, int] = {}
    for n, link in enumerate(report.cue_sentences, 1):
        for k in link:
            first_cue.setdefault(k, n)
    for k, text in enumerate(texts):
        n = first_cue.get(k)
        where = f"cue {n} ({clock(out[n - 1].start)})" if n else "a sentence"
        for term, applied in glossary.overlapped(text):
            report.warnings.append(f"{where}: glossary term {term!r} not applied, it overlaps {applied!r} "
                                   f"(the leftmost, then longest, term wins): {text}")
        for term in report.glossary_missing[k]:
            kept = " (a human translation from the memory, kept)" if report.origins[k] != "machine" else ""
            report.warnings.append(f"{where}: glossary term {term!r} missing from the translation{kept} of: {text}")
        for note in report.glossary_grammar[k]:
            report.warnings.append(f"{where}: glossary term {note}; check the grammar of: {report.sentence_targets[k]}")


def _may_be_foreign(text: str, target: str, source: str) -> bool:
    """Whether langdetect must read this translation: not when the target word list knows most of
    its words, nor when it knows at least as many as the source list (a garbled or name-heavy
    English sentence, not source text left in; on 481 news sentences langdetect took all 48 such
    for English or gave no answer). Without word lists, always."""
    share = known_share(text, target)
    if share is None:
        return True
    source_share = known_share(text, source)
    return share < KNOWN_SHARE and (source_share is None or share < source_share)


@dataclass(frozen=True)
class _Repairs:
    """What is mended in the model's output: garbled names (when kept) and damaged numbers."""

    source: str
    target: str
    names: NameKeeper | None

    def apply(self, sentence: str, target: str, report: TranslationReport) -> str:
        if self.names:
            target, fixes = self.names.repair(sentence, target)
            report.names_restored += len(fixes)
        target, fixes = repair_numbers(sentence, target, self.source, self.target)
        report.numbers_restored += len(fixes)
        return target


def _translations(texts: list[str], translator: Translator, memory: TranslationMemory | None,
                  glossary: Glossary | None, repairs: _Repairs, report: TranslationReport,
                  progress: Callable[[int], None] | None,
                  on_total: Callable[[int], None] | None) -> list[str]:
    """Translate sentences: a human entry as the person wrote it, else the machine's translation
    (:func:`_machine_translations`)."""
    human = memory.lookup_human(texts) if memory else {}
    found = [human.get(normalise_source(t)) for t in texts]
    rest = [i for i, entry in enumerate(found) if entry is None]
    machine = _machine_translations([texts[i] for i in rest], translator, memory, glossary, repairs, report,
                                    progress, on_total)
    targets = [entry[0] if entry else "" for entry in found]
    for i, target in zip(rest, machine):
        targets[i] = target
    if human:  # the review checks read one source and one output per sentence: a human entry's own
        sources, outputs, scores = list(texts), list(targets), [None] * len(texts)
        for k, i in enumerate(rest):
            sources[i], outputs[i], scores[i] = (report.sentence_sources[k], report.model_outputs[k],
                                                 report.confidences[k])
        report.sentence_sources, report.model_outputs, report.confidences = sources, outputs, scores
    _glossary_account(texts, targets, found, rest, glossary, report)
    report.origins = [entry[1] if entry else "machine" for entry in found]
    report.human = len(texts) - len(rest)
    report.remembered += report.human
    return targets


def _glossary_account(texts: list[str], targets: list[str], found: list, rest: list[int],
                      glossary: Glossary | None, report: TranslationReport) -> None:
    """Every sentence's glossary terms and missing ones: the machine's as enforced, a human entry's
    as the person wrote it (it wins over the glossary, but its misses are reported)."""
    terms: list[list[str]] = [[] for _ in texts]
    missing: list[list[str]] = [[] for _ in texts]
    grammar: list[list[str]] = [[] for _ in texts]
    for k, i in enumerate(rest):
        terms[i], missing[i] = report.glossary_terms[k], report.glossary_missing[k]
        grammar[i] = report.glossary_grammar[k]
    for i, entry in enumerate(found):
        if entry and glossary:
            terms[i] = glossary.prepare(texts[i])[1]
            missing[i] = glossary.missing(targets[i], terms[i])
    report.glossary_terms, report.glossary_missing, report.glossary_grammar = terms, missing, grammar


def _machine_translations(texts: list[str], translator: Translator, memory: TranslationMemory | None,
                          glossary: Glossary | None, repairs: _Repairs, report: TranslationReport,
                          progress: Callable[[int], None] | None,
                          on_total: Callable[[int], None] | None) -> list[str]:
    """Glossary terms substituted, machine memory first, the engine for what is new (each distinct
    sentence once), glossary terms enforced and garbled names and damaged numbers restored in the
    result, which the memory then keeps as written. A sentence the glossary touches is neither
    looked up nor remembered: the memory holds the user's sentences, and a changed glossary must
    not be served stale."""
    required: list[list[str]] = []
    sources: list[str] = []
    for text in texts:
        text, terms = glossary.prepare(text) if glossary else (text, [])
        sources.append(text)
        required.append(terms)
    kept = {normalise_source(s) for s, req in zip(sources, required) if not req}
    known = _lookup_or_translate(sources, translator, memory, report, progress, on_total, remember=kept)
    targets = [known.texts[normalise_source(s)] for s in sources]
    # A small model can run away on a long run-on sentence, repeating and inventing words until the
    # cues overflow; such a sentence is translated again clause by clause, sizes the model handles
    # (the clauses are not remembered: only the whole sentence's translation is).
    split = {i: parts for i, (s, t) in enumerate(zip(sources, targets))
             if len(t) > RUNAWAY_RATIO * len(s) + 10 and len(parts := _clauses(s)) > 1}
    if split:
        clauses = _lookup_or_translate([c for parts in split.values() for c in parts], translator, None)
        for i, parts in split.items():
            targets[i] = " ".join(clauses.texts[normalise_source(c)] for c in parts)
        report.runaway_split = len(split)
    report.sentence_sources, report.model_outputs = list(sources), list(targets)
    report.confidences = _scores(sources, targets, known, split, translator)
    enforced = [glossary.enforced(t, req) if glossary else (t, []) for t, req in zip(targets, required)]
    targets = [t for t, _ in enforced]
    report.glossary_grammar = [glossary.grammar_notes(text, t, repaired) if glossary else []
                               for text, t, (_, repaired) in zip(texts, targets, enforced)]
    targets = [repairs.apply(sentence, target, report) for sentence, target in zip(sources, targets)]
    report.glossary_terms = required  # and those missing from the translation as it is written:
    report.glossary_missing = [glossary.missing(t, req) if glossary else [] for t, req in zip(targets, required)]
    if memory:
        _remember(memory, sources, targets, report.confidences,
                  kept & (known.fresh | {normalise_source(sources[i]) for i in split}))
    return targets


def _remember(memory: TranslationMemory, sources: list[str], targets: list[str], scores: list[float | None],
              new: set[str]) -> None:
    """Store the *new* sentences (normalised sources) with the English written for them and the
    confidence the model's output was scored with."""
    rows = {k: i for i, k in enumerate(map(normalise_source, sources)) if k in new}
    memory.store([(k, targets[i]) for k, i in rows.items()], {k: scores[i] for k, i in rows.items()})


@dataclass
class _Known:
    """Translations by normalised source, their remembered confidences, and the sources just translated."""

    texts: dict[str, str]
    scores: dict[str, float | None]
    fresh: set[str]


def _lookup_or_translate(sources: list[str], translator: Translator, memory: TranslationMemory | None,
                         report: TranslationReport | None = None,
                         progress: Callable[[int], None] | None = None,
                         on_total: Callable[[int], None] | None = None,
                         remember: set[str] | None = None) -> _Known:
    """Translations keyed by normalised source: memory first (for the sources in *remember*, if
    given), each distinct new source once. Nothing is stored: the caller remembers what it writes."""
    wanted = [s for s in sources if remember is None or normalise_source(s) in remember]
    remembered = memory.lookup_scored(wanted) if memory else {}
    todo = sorted({normalise_source(s) for s in sources} - remembered.keys())
    if report:
        report.remembered = sum(1 for s in sources if normalise_source(s) in remembered)
        report.translated = len(todo)
    if on_total:
        on_total(len(todo))
    texts = {s: target for s, (target, _) in remembered.items()}
    texts.update(zip(todo, translator.translate(todo, progress)) if todo else ())
    return _Known(texts, {s: score for s, (_, score) in remembered.items()}, set(todo))


def _scores(sources: list[str], outputs: list[str], known: _Known, split: dict[int, list[str]],
            translator: Translator) -> list[float | None]:
    """Each sentence's confidence in the model's output: as remembered, else the translator's (when
    it gives one: the engine's, free for what it has just decoded), scored once so that the memory
    keeps it and a rerun shows a reviewer the same account."""
    keys = [normalise_source(s) for s in sources]
    out = [None if i in split else known.scores.get(k) for i, k in enumerate(keys)]
    score = getattr(translator, "confidences", None)
    todo = [i for i, k in enumerate(keys) if out[i] is None and (i in split or k in known.fresh)]
    if score and todo:
        for i, value in zip(todo, score([(keys[i], outputs[i]) for i in todo])):
            out[i] = value
    return out


def _clauses(sentence: str, size: int = CLAUSE_SIZE) -> list[str]:
    """*sentence* cut after , ; : into runs of clauses of up to *size* characters (a longer clause
    stays whole)."""
    out: list[str] = []
    for clause in _CLAUSE_END_RE.split(sentence):
        if out and len(out[-1]) + 1 + len(clause) <= size:
            out[-1] += " " + clause
        else:
            out.append(clause)
    return [c for c in out if c]


def _absorb_empty(subs: list[Cue], links: list[set[int]]) -> tuple[list[Cue], list[set[int]], int]:
    """A cue left without words (its sentence's translation landed on its neighbours) gives its
    time to a neighbour carrying the same sentence: the previous one, else the next."""
    out: list[Cue] = []
    kept: list[set[int]] = []
    absorbed = 0
    start_from = None  # start time handed on by empty cues to the next cue of their sentence
    for i, (sub, link) in enumerate(zip(subs, links)):
        if start_from is not None:
            sub = sub.with_times(start_from, sub.end)
            start_from = None
        if sub.text or not link:
            out.append(sub)
            kept.append(link)
            continue
        if out and out[-1].text and kept[-1] & link:
            out[-1] = out[-1].with_times(out[-1].start, sub.end)
            absorbed += 1
            continue
        j = i + 1
        while j < len(subs) and not subs[j].text and links[j] & link:
            j += 1
        if j < len(subs) and subs[j].text and links[j] & link:
            start_from = sub.start
            absorbed += 1
            continue
        out.append(sub)
        kept.append(link)
    return out, kept, absorbed

def _rooms(subs: Sequence[Cue], cues: Sequence[CueText], pieces: Sequence[Piece],
           profile: Profile) -> list[float]:
    """Characters each piece's cue can show: lines x width, and reading speed over the time the
    cue may use (up to the next cue, within the profile's maximum duration)."""
    rooms = [0.0] * len(pieces)
    offset = 0
    for i, (sub, cue) in enumerate(zip(subs, cues)):
        start = ms_to_seconds(sub.start)
        limit = (ms_to_seconds(subs[i + 1].start) - profile.min_gap if i + 1 < len(subs)
                 else start + profile.max_duration)
        seconds = max(ms_to_seconds(sub.end), min(limit, start + profile.max_duration)) - start
        by_speed = profile.hard_max_cps * max(seconds, profile.min_duration)
        n = len(cue.pieces)
        for k in range(n):
            # a dialogue line, or a line formatted apart from the rest, wants a line of its own
            width = profile.max_chars_per_line if cue.dialogue or n > 1 else profile.max_chars_per_cue
            rooms[offset + k] = min(width, by_speed / n)
        offset += n
    return rooms


def _compose(cue: CueText, texts: list[str], tags: list[list[Stack]], tails: list[list[Tail | None]], lang: str,
             profile: Profile, wrap_lines) -> str:
    def one_line(text: str, stacks: list[Stack], ends: list[Tail | None]) -> str:
        return write_lines(tokenize(text), stacks, [], ends)[0]

    if cue.dialogue:
        dash = dialogue_dash(lang)
        body = "\n".join(dash + one_line(t, s, e) for t, s, e in zip(texts, tags, tails) if t)
    elif 1 < len(texts) <= profile.max_lines and all(count_chars(t) <= profile.max_chars_per_line for t in texts):
        # Lines formatted differently in the source keep a line each when they fit.
        body = "\n".join(one_line(t, s, e) for t, s, e in zip(texts, tags, tails) if t)
    else:
        words = [w for text in texts for w in tokenize(text)]
        body = "\n".join(wrap_tagged(words, [x for s in tags for x in s],
                                     lambda text: wrap_lines(text, lang, profile), [x for e in tails for x in e]))
    return f"{cue.prefix}{body}{cue.suffix}"
