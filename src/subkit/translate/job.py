"""Translate one subtitle file (SRT or WebVTT) to another: the library call behind ``subkit translate``
and ``subkit episode``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Protocol

from subkit.errors import SubkitError
from subkit.options import TranslateOptions
from subkit.srtio import same_file
from subkit.translate.pipeline import TranslationReport

__all__ = ["Progress", "check_paths", "compose_translation", "default_output", "translate_file"]


def default_output(path: str, source: str, target: str, fmt: str | None = None) -> str:
    """``ep.fr.srt`` → ``ep.en.srt``; ``ep.srt`` → ``ep.en.srt``; ``ep.fr.vtt`` → ``ep.en.vtt``;
    another subtitle format, ``ep.fr.dfxp`` or ``ep.stl``, → ``ep.en.srt`` (*fmt* ``srt``/``vtt``
    chooses the extension; default: the input's when it is SRT or WebVTT, else SRT)."""
    from subkit.formats import SUBTITLE_EXTENSIONS

    p = Path(path)
    suffix = p.suffix.lower()
    ext = suffix if suffix in (".srt", ".vtt") else ".srt"
    stem = p.name[: -len(suffix)] if suffix in SUBTITLE_EXTENSIONS else p.name
    if stem.endswith(f".{source}"):
        stem = stem[: -len(source) - 1]
    return str(p.with_name(f"{stem}.{target}.{fmt or ext[1:]}"))


class Progress(Protocol):
    """What a translation reports its progress to (a progress bar, say): sentences in all, then done."""

    def on_total(self, total: int) -> None: ...

    def advance(self, done: int) -> None: ...


def translate_file(
    srt_file: str,
    output: str | None = None,
    options: TranslateOptions = TranslateOptions(),
    progress: Progress | None = None,
    fmt: str | None = None,
    review: bool = False,
) -> tuple[TranslationReport, str]:
    """Translate *srt_file* (SRT or WebVTT) and write the result atomically in *fmt* (default: the
    output's extension, else the input's format); return the report and output path. WebVTT cue
    settings, identifiers and NOTE/STYLE/REGION blocks are kept. With *review* (or ``options.qa``)
    the report's ``review`` holds the review flags of every cue."""
    from subkit.formats import check_writable, format_for, read_file
    from subkit.formats.markup import text_markup
    from subkit.language import detect_language, mostly_known
    from subkit.srtio import atomic_write_text
    from subkit.translate.engine import DecodeOptions, load_engine
    from subkit.translate.glossary import load_glossary
    from subkit.translate.pipeline import translate_subtitles

    source, target = options.source, options.target
    document = read_file(srt_file, options.encoding)
    out = output or default_output(srt_file, source, target, fmt)
    fmt = format_for(out, fmt, default=document.format)
    check_writable(fmt, out)  # before minutes of translation, not after
    voiced_source = document.cues  # its WebVTT voices go back on the translation (text_markup drops them)
    unkept = unkept_markup(document.cues, clock_for(fmt)) if document.format == "vtt" else []
    document = text_markup(document)  # WebVTT's &amp; read as &, as the words are translated
    check_paths(srt_file, out, options)
    if output is None and Path(out).exists():  # it may hold a reviewer's corrections: replaced only when named
        raise SubkitError(f"already exists (perhaps corrected by hand); to replace it, name it: -o {out}", out)
    prof = options.target_profile()
    if options.qa:
        from subkit.translate.qa import check_writable

        check_writable(options.qa)
    subs = list(document.cues)
    if not options.force:
        from subkit.captions import refuse_rolling

        refuse_rolling(subs, srt_file, "'subkit segment'", "pass --force")
        sample = " ".join(s.text.replace("\n", " ") for s in subs[:200])
        lang = source if mostly_known(sample, source) else detect_language(sample)
        if lang and lang != source:
            raise SubkitError(f"looks like '{lang}', not '{source}'; use --from or --force", srt_file)
    gloss = load_glossary(options.glossary) if options.glossary else None
    engine = load_engine(source, target, options.model, options.device, options.threads,
                         DecodeOptions(beam_size=options.beam_size, retry_beam=options.retry_beam,
                                       invented_retries=options.invented_retries,
                                       repair_names=options.keep_names))
    memory = _open_memory(options, engine)
    try:
        translated, report = translate_subtitles(
            subs, engine, source_lang=source, target_lang=target, profile=prof, memory=memory,
            glossary=gloss, keep_names=options.keep_names, progress=progress.advance if progress else None,
            on_total=progress.on_total if progress else None, clock=clock_for(fmt))
    finally:
        if memory:
            memory.close()
    if options.qa or review:
        _attach_review(report, translated, engine, source, target)
    dropped: list[int] = []
    text = compose_translation(document.with_cues(translated).in_language(target), fmt, voiced_source, dropped)
    report.warnings += unkept + [f"cue at {clock_for(fmt)(start)}: the speakers' voices (<v>) of its source could "
                                 "not be placed on the translation and were dropped" for start in dropped]
    atomic_write_text(out, text)
    if options.qa:
        atomic_write_text(options.qa, json.dumps(report.review, ensure_ascii=False, indent=1) + "\n")
    return report, out


def check_paths(srt_file: str, out: str, options: TranslateOptions) -> None:
    """Refuse, before any work, a file the job writes (the translation, ``--qa``, the memory) that is
    the input, the glossary, or another of them: the input would be lost, or one output the other."""
    written = [(out, "the output (-o)"), (options.qa, "--qa"), (options.memory_path if options.memory_on else None,
                                                                "--memory")]
    read = [(srt_file, "the input"), (options.glossary, "--glossary")]
    for n, (path, what) in enumerate(written):
        for other, name in read + written[:n]:
            if same_file(path, other):
                raise SubkitError(f"{what} would overwrite {name}; choose another file", path)


def compose_translation(subs, fmt: str, sources, dropped: list[int] | None = None) -> str:
    """The translation written as *fmt*; in WebVTT each cue keeps the voice of the source cues it
    overlaps (``<v Marie>``), and a dialogue line the voice of its source line, which the
    translation's markup does not carry (*dropped*: see :func:`subkit.cue_words.carry_voices`)."""
    from subkit.cue_words import carry_voices, cue_voice, line_voices
    from subkit.formats import compose
    from subkit.formats.markup import family

    if family(fmt) != "vtt" or not any(cue_voice(c.text) or line_voices(c.text) for c in sources):
        return compose(subs, fmt)
    return compose(subs, fmt, lambda cues: carry_voices(sources, cues, dropped))


def clock_for(fmt: str):
    """How a warning writes a time for a file of format *fmt*: ``00:00:10.000`` in WebVTT, else SRT's."""
    from subkit.cues import format_srt, format_vtt

    return format_vtt if fmt == "vtt" else format_srt


# WebVTT markup the translation cannot carry: a language span, ruby text, a karaoke timestamp, a
# class that is not a colour (the file's STYLE block may style it; colour classes are carried).
_UNKEPT = {"language tags": re.compile(r"<lang\b[^>]*>"), "ruby text": re.compile(r"<ruby\b[^>]*>"),
           "timestamp tags": re.compile(r"<\d[\d:.]*>")}
_CLASS_TAG = re.compile(r"<c((?:\.[^\s.>]+)+)[^>]*>")


def _uncoloured(text: str) -> list[str]:
    """The class tags of *text* with a class that is no colour (``<c.jaune>``, ``<c.yellow.bold>``)."""
    from subkit.formats.markup import is_colour_class

    return [m.group(0) for m in _CLASS_TAG.finditer(text)
            if not all(is_colour_class(c) for c in m.group(1).split(".")[1:])]


def unkept_markup(cues, clock) -> list[str]:
    """A warning for each WebVTT cue whose language, ruby or timestamp tags the translation drops
    (its words are translated; the tags could not be placed on the English), naming the cue's own tags."""
    out = []
    for cue in cues:
        kinds = []
        found_by_kind = {kind: pattern.findall(cue.text) for kind, pattern in _UNKEPT.items()}
        found_by_kind["class tags"] = _uncoloured(cue.text)
        for kind, found in found_by_kind.items():
            if found:
                kinds.append(f"{kind} ({', '.join(dict.fromkeys(found))})")
        if kinds:
            out.append(f"cue at {clock(cue.start)}: {', '.join(kinds)} could not be placed on the translation "
                       "and were dropped")
    return out


def _open_memory(options: TranslateOptions, engine):
    """The translation memory for this engine and pair, or None when it is off."""
    from subkit.translate.memory import TranslationMemory, default_memory_path

    if not options.memory_on:
        return None
    source, target = options.source, options.target
    # The glossary is not part of the key: the sentences it applies to are not remembered.
    return TranslationMemory(options.memory_path or default_memory_path(), engine.identity,
                             f"{source}>{target}|{engine.options.key()}", rebuild=options.rebuild_memory,
                             pair=f"{source}>{target}", mode=options.memory_mode)


def _attach_review(report: TranslationReport, translated, engine, source: str, target: str) -> None:
    """The review flags of every written cue, into ``report.review`` and ``report.flagged``."""
    from subkit.translate.memory import normalise_source
    from subkit.translate.qa import review as build_review

    # Most sentences come scored (as decoded, or as remembered with their translation); the rest
    # (memory entries older than their scores) are scored here, as normalised sentences, the way the
    # engine saw them. A person's translation (a human entry, a reviewer's edit) is no model output:
    # its score would flag every corrected cue as low-confidence, week after week.
    confidences = list(report.confidences) or [None] * len(report.sentence_sources)
    machine = [n for n, origin in enumerate(report.origins)
               if origin not in ("human", "edit") and confidences[n] is None]
    scores = engine.confidences([(normalise_source(report.sentence_sources[n]), report.model_outputs[n])
                                 for n in machine])
    for n, score in zip(machine, scores):
        confidences[n] = score
    report.review = build_review([c.text for c in translated], report.cue_sentences,
                                 report.sentence_sources, report.sentence_targets, confidences, source, target,
                                 engine.low_confidence,
                                 list(zip(report.glossary_terms, report.glossary_missing,
                                          [origin != "machine" for origin in report.origins],
                                          report.glossary_grammar)))
    report.flagged = sum(1 for entry in report.review if entry["flags"])
