"""Translate one SRT file to another: the library call behind ``subkit translate`` and
``subkit episode``."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from subkit.errors import SubkitError
from subkit.translate.pipeline import TranslationReport

__all__ = ["default_output", "translate_file"]


def default_output(path: str, source: str, target: str) -> str:
    """``ep.fr.srt`` → ``ep.en.srt``; ``ep.srt`` → ``ep.en.srt``."""
    p = Path(path)
    stem = p.name[: -len(".srt")] if p.name.lower().endswith(".srt") else p.name
    if stem.endswith(f".{source}"):
        stem = stem[: -len(source) - 1]
    return str(p.with_name(f"{stem}.{target}.srt"))


def translate_file(
    srt_file: str,
    output: str | None = None,
    *,
    source: str = "fr",
    target: str = "en",
    profile: str | None = None,
    model: str | None = None,
    beam_size: int = 4,
    threads: int = 0,
    device: str = "auto",
    memory_path: str | None = None,
    use_memory: bool = True,
    rebuild_memory: bool = False,
    glossary: str | None = None,
    keep_names: bool = True,
    force: bool = False,
    encoding: str = "utf-8",
    fps: float = 25.0,
    on_total: Callable[[int], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[TranslationReport, str]:
    """Translate *srt_file* and write the result atomically; return the report and output path."""
    from subkit.cues import compose_srt
    from subkit.language import detect_language
    from subkit.profiles import default_profile, get_profile
    from subkit.srtio import atomic_write_text, parse_srt, read_text
    from subkit.translate.engine import DecodeOptions, load_engine
    from subkit.translate.glossary import load_glossary
    from subkit.translate.memory import TranslationMemory, default_memory_path
    from subkit.translate.pipeline import translate_subtitles

    out = output or default_output(srt_file, source, target)
    if srt_file != "-" and out != "-" and Path(out).resolve() == Path(srt_file).resolve():
        raise SubkitError("output would overwrite the input; choose another -o", out)
    try:
        prof = get_profile(profile) if profile else default_profile(target)
    except KeyError as exc:
        raise SubkitError(str(exc.args[0])) from None
    prof = prof.with_fps(fps)
    subs = parse_srt(read_text(srt_file, encoding), srt_file)
    if not force:
        sample = " ".join(s.text.replace("\n", " ") for s in subs[:200])
        lang = detect_language(sample)
        if lang and lang != source:
            raise SubkitError(f"looks like '{lang}', not '{source}'; use --from or --force", srt_file)
    gloss = load_glossary(glossary) if glossary else None
    engine = load_engine(source, target, model, device, threads, DecodeOptions(beam_size=beam_size))
    memory = None
    if use_memory:
        # The glossary is not part of the key: it changes the source sentences it applies to
        # (so those get their own entries) and is enforced after the lookup.
        memory = TranslationMemory(memory_path or default_memory_path(), engine.identity,
                                   f"{source}>{target}|{engine.options.key()}", rebuild=rebuild_memory)
    try:
        translated, report = translate_subtitles(
            subs, engine, source_lang=source, target_lang=target, profile=prof, memory=memory,
            glossary=gloss, keep_names=keep_names, progress=progress, on_total=on_total)
    finally:
        if memory:
            memory.close()
    atomic_write_text(out, compose_srt(translated))
    return report, out
