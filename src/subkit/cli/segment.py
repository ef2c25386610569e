"""``subkit segment``: a plain transcript in, timed SRT subtitles out."""

from __future__ import annotations

import os
import sys

import click

from subkit.errors import SubkitError


def _fail(message: str) -> None:
    click.echo(f"subkit segment: error: {message}", err=True)
    sys.exit(2)


def _same_file(a: str, b: str) -> bool:
    if a == "-" or b == "-":
        return False
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


@click.command("segment")
@click.argument("transcript", metavar="TRANSCRIPT", type=str)
@click.option("-o", "--output", "output", metavar="OUT.srt", default="-", show_default=True,
              help="Output SRT file ('-' = stdout). Written atomically; never the input file.")
@click.option("--lang", type=click.Choice(["auto", "fr", "en"]), default="auto", show_default=True,
              help="Language rules; auto detects (langdetect, seeded) and picks the default profile.")
@click.option("--profile", "profile_name", metavar="NAME", default=None,
              help="Style profile (netflix-fr, netflix-en, arcom-fr, ...). Default: from the language.")
@click.option("--rate", type=float, default=None,
              help="Speech rate in syllables per second (default 4.0: a calm delivery, about 140 words/min).")
@click.option("--start", "start", default="0", show_default=True,
              help="Time of the first cue (seconds or HH:MM:SS,mmm).")
@click.option("--duration", "duration", default=None,
              help="Video length: fit the whole transcript into it (seconds or HH:MM:SS,mmm).")
@click.option("--fps", type=float, default=25.0, show_default=True, help="Frame rate for snapping cue times.")
@click.option("--title", type=click.Choice(["keep", "drop"]), default="keep", show_default=True,
              help="Keep or drop the first line when it looks like a title.")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the transcript.")
def segment(transcript, output, lang, profile_name, rate, start, duration, fps, title, encoding):
    """Turn a plain transcript (TRANSCRIPT, or '-' for stdin) into timed SRT subtitles.

    Cue and line breaks are chosen by dynamic programming with the language's break costs; times
    come from a speech-rate model and are fitted to the style profile. What is dropped (web-page
    navigation, the title with --title drop) and any limit that could not be met are reported on
    stderr.
    """
    from subkit.cues import parse_time
    from subkit.profiles import get_profile
    from subkit.segment import segment_transcript
    from subkit.srtio import atomic_write_text, display_name, read_text

    name = display_name(transcript)
    try:
        if output != "-" and transcript != "-" and _same_file(transcript, output):
            raise SubkitError("refusing to overwrite the input transcript; choose another -o", output)
        try:
            start_ms = parse_time(start)
            duration_ms = parse_time(duration) if duration is not None else None
        except ValueError as exc:
            raise SubkitError(f"bad time: {exc}") from None
        if rate is not None and not (0 < rate < 50):
            raise SubkitError(f"--rate {rate:g} is not a plausible speech rate (syllables per second)")
        if not (0 < fps <= 240):
            raise SubkitError(f"--fps {fps:g} is not a frame rate")
        profile = None
        if profile_name is not None:
            try:
                profile = get_profile(profile_name)
            except KeyError as exc:
                raise SubkitError(str(exc.args[0])) from None
        text = read_text(transcript, encoding)
        result = segment_transcript(
            text, name=name, lang=lang, profile=profile, rate=rate, start_ms=start_ms,
            duration_ms=duration_ms, fps=fps, title=title,
        )
        for line_no, dropped, reason in result.dropped:
            click.echo(f"{name}:{line_no}: dropped ({reason}): {dropped}", err=True)
        for note in result.notes:
            click.echo(f"{name}: {note}", err=True)
        for warning in result.warnings:
            click.echo(f"{name}: warning: {warning}", err=True)
        atomic_write_text(output, result.to_srt())
    except SubkitError as exc:
        _fail(str(exc))
