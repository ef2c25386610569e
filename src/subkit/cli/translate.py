"""``subkit translate``: translate an SRT file offline, sentence by sentence."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from subkit.errors import SubkitError


def default_output(path: str, source: str, target: str) -> str:
    """``ep.fr.srt`` → ``ep.en.srt``; ``ep.srt`` → ``ep.en.srt``."""
    p = Path(path)
    stem = p.name[: -len(".srt")] if p.name.lower().endswith(".srt") else p.name
    if stem.endswith(f".{source}"):
        stem = stem[: -len(source) - 1]
    return str(p.with_name(f"{stem}.{target}.srt"))


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("srt_file", metavar="IN.srt", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-o", "--output", metavar="OUT.srt",
              help="Output file ('-' for stdout). Default: IN with the target language, e.g. ep.en.srt.")
@click.option("--from", "source", default="fr", show_default=True, help="Source language code.")
@click.option("--to", "target", default="en", show_default=True, help="Target language code.")
@click.option("--profile", help="Target style profile. Default: the target language's (netflix-en).")
@click.option("--model", metavar="DIR", help="Use this Argos package directory instead of the installed one.")
@click.option("--beam-size", default=4, show_default=True, type=click.IntRange(1, 16))
@click.option("--threads", default=0, type=click.IntRange(0, 256), help="CPU threads (0: all cores).")
@click.option("--device", default="auto", show_default=True, type=click.Choice(["auto", "cpu", "cuda"]))
@click.option("--memory", "memory_path", metavar="PATH",
              help="Translation memory database. Default: ~/.cache/subkit/memory.sqlite3.")
@click.option("--no-memory", is_flag=True, help="Neither read nor write the translation memory.")
@click.option("--rebuild-memory", is_flag=True, help="Start the translation memory afresh (e.g. if corrupt).")
@click.option("--glossary", metavar="FILE.tsv", help="'French term<TAB>English term' lines to enforce.")
@click.option("--force", is_flag=True, help="Translate even if the input does not look like the source language.")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of IN.srt.")
@click.option("--fps", default=25.0, show_default=True, type=click.FloatRange(1, 240), help="Frame rate for timing.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def translate(srt_file, output, source, target, profile, model, beam_size, threads, device,
              memory_path, no_memory, rebuild_memory, glossary, force, encoding, fps, quiet):
    """Translate IN.srt offline with sentence context, keeping the timing.

    Cues are joined into sentences, each sentence is translated whole (translation memory first),
    and the translation is cut back onto the same cues at good line-break points, wrapped and
    checked against the target profile. Install a model first: subkit models install fr en.
    """
    try:
        report, out = run_translate(
            srt_file, output, source, target, profile, model, beam_size, threads, device,
            memory_path, no_memory, rebuild_memory, glossary, force, encoding, fps, quiet)
    except SubkitError as exc:
        click.echo(f"subkit translate: error: {exc}", err=True)
        sys.exit(2)
    if not quiet:
        for warning in report.warnings:
            click.echo(f"{out}: warning: {warning}", err=True)
        click.echo(f"{out}: {report.cues} cues, {report.sentences} sentences "
                   f"({report.remembered} from memory, {report.translated} translated)"
                   + (f", {report.merged} cues merged" if report.merged else ""), err=True)


def run_translate(srt_file, output, source, target, profile_name, model, beam_size, threads, device,
                  memory_path, no_memory, rebuild_memory, glossary_path, force, encoding, fps, quiet):
    """Library-level body of the command, shared with ``subkit episode``."""
    from subkit.language import detect_language
    from subkit.profiles import default_profile, get_profile
    from subkit.srtio import atomic_write_text, parse_srt, read_text
    from subkit.translate.engine import DecodeOptions, load_engine
    from subkit.translate.glossary import load_glossary
    from subkit.translate.memory import TranslationMemory, default_memory_path
    from subkit.translate.pipeline import translate_subtitles

    import srt

    out = output or default_output(srt_file, source, target)
    if srt_file != "-" and out != "-" and Path(out).resolve() == Path(srt_file).resolve():
        raise SubkitError("output would overwrite the input; choose another -o", out)
    try:
        prof = get_profile(profile_name) if profile_name else default_profile(target)
    except KeyError as exc:
        raise SubkitError(str(exc.args[0])) from None
    prof = prof.with_fps(fps)
    subs = parse_srt(read_text(srt_file, encoding), srt_file)
    if not force:
        sample = " ".join(s.content.replace("\n", " ") for s in subs[:200])
        lang = detect_language(sample)
        if lang and lang != source:
            raise SubkitError(f"looks like '{lang}', not '{source}'; use --from or --force", srt_file)
    gloss = load_glossary(glossary_path) if glossary_path else None
    engine = load_engine(source, target, model, device, threads, DecodeOptions(beam_size=beam_size))
    memory = None
    if not no_memory:
        options = engine.options.key() + (("\x1e" + gloss.key()) if gloss else "")
        memory = TranslationMemory(memory_path or default_memory_path(), engine.identity,
                                   f"{source}>{target}|{options}", rebuild=rebuild_memory)
    show_bar = not quiet and sys.stderr.isatty()
    state: dict = {}

    def on_total(total: int) -> None:
        if show_bar and total:
            state["bar"] = click.progressbar(length=total, label="translating", file=sys.stderr)
            state["bar"].__enter__()

    def progress(n: int) -> None:
        if state.get("bar"):
            state["bar"].update(n)

    try:
        translated, report = translate_subtitles(
            subs, engine, source_lang=source, target_lang=target, profile=prof, memory=memory,
            glossary=gloss, progress=progress, on_total=on_total)
    finally:
        bar = state.get("bar")
        if bar:
            bar.__exit__(None, None, None)
        if memory:
            memory.close()
    atomic_write_text(out, srt.compose(translated, reindex=False))
    return report, out
