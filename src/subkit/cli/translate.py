"""``subkit translate``: translate an SRT or WebVTT file offline, sentence by sentence."""

from __future__ import annotations

import click

from subkit.cli import FRAME_RATE, ProgressBar, engine_options, memory_options, names_options, plural, reports_errors


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("srt_file", metavar="IN.srt|IN.vtt", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-o", "--output", metavar="OUT.srt",
              help="Output file ('-' for stdout). Default: IN with the target language, e.g. ep.en.srt, "
                   "which is not replaced if it exists (it may hold corrections): name it with -o to replace it.")
@click.option("--format", "fmt", type=click.Choice(["srt", "vtt"]), default=None,
              help="Output format. Default: from the output's extension, else the input's format.")
@click.option("--from", "source", default="fr", show_default=True,
              help="Source language code (FR, fr-FR, fr_CA read as fr).")
@click.option("--to", "target", default="en", show_default=True,
              help="Target language code (en-GB read as en); not the source's.")
@click.option("--profile", help="Target style profile. Default: the target language's (netflix-en).")
@engine_options
@click.option("--threads", default=0, type=click.IntRange(0, 256), help="CPU threads (0: all cores).")
@click.option("--device", default="auto", show_default=True, type=click.Choice(["auto", "cpu", "cuda"]))
@memory_options
@click.option("--rebuild-memory", is_flag=True, help="Start the translation memory afresh (e.g. if corrupt).")
@names_options
@click.option("--force", is_flag=True, help="Translate even if the input does not look like the source language, "
              "or is rolling or karaoke captions (lay those out first with 'subkit segment').")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the input file.")
@click.option("--fps", default=25.0, show_default=True, type=FRAME_RATE,
              help="Frame rate: cue times are snapped to its frames.")
@click.option("--qa", metavar="FILE.json",
              help="Write review flags for every output cue (non-word, untranslated, number, repetition, offensive, "
                   "omission, negation, glossary, verbatim, low-confidence) to FILE.json (not the input nor -o).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@reports_errors()
def translate(srt_file, output, fmt, quiet, **options):
    """Translate IN.srt or IN.vtt offline with sentence context, on the same cues.

    WebVTT cue settings, identifiers and NOTE/STYLE/REGION blocks are kept.

    Cues are joined into sentences, each sentence is translated whole (translation memory first),
    and the translation is cut back onto the same cues at good line-break points, wrapped and
    checked against the target profile. Install a model first: subkit models install fr en.

    Timing is adjusted for the target profile (--profile): times are snapped to frames (--fps); a
    cue too short for its English at the profile's reading speed or minimum duration is lengthened
    into the free time after it (the last cue too); the profile's minimum gap between cues is kept
    and short gaps are closed to it; a cue that still cannot fit is merged with a neighbour of its
    sentence or split. The summary line counts the cues retimed.
    """
    from subkit.options import TranslateOptions
    from subkit.translate.job import translate_file

    # The options are named as TranslateOptions' fields: they go across whole.
    with ProgressBar("translating", enabled=not quiet) as bar:
        report, out = translate_file(srt_file, output, TranslateOptions(**options), progress=bar,
                                     fmt=fmt)
    if not quiet:
        for warning in report.warnings:
            click.echo(f"{out}: warning: {warning}", err=True)
        click.echo(f"{out}: {_n(report.cues, 'cue')}, {_n(report.sentences, 'sentence')} "
                   f"({report.remembered} from memory, {report.human} of them from human entries, "
                   f"{report.translated} translated)"
                   + (f", {_n(report.retimed, 'cue')} retimed (reading speed, gaps, frames)" if report.retimed else "")
                   + (f", {_n(report.merged, 'cue')} merged" if report.merged else "")
                   + (f", {_n(report.split, 'overlong cue')} split" if report.split else "")
                   + (f", {_n(report.names_restored, 'garbled name')} restored" if report.names_restored else "")
                   + (f", {_n(report.numbers_restored, 'damaged number')} restored" if report.numbers_restored else "")
                   + (f", {_n(report.runaway_split, 'runaway sentence')} re-translated by clause"
                      if report.runaway_split else "")
                   + (f", {_n(report.flagged, 'cue')} flagged for review" if report.flagged is not None else ""),
                   err=True)


def _n(count: int, noun: str) -> str:
    """"1 cue", "2 cues"."""
    return f"{count} {plural(count, noun)}"
