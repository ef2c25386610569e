"""``subkit segment``: a plain transcript in, timed SRT or WebVTT subtitles out."""

from __future__ import annotations


import click

from subkit.cli import FRAME_RATE, RULES_LANGUAGE, parse_times, reports_errors
from subkit.errors import SubkitError


@click.command("segment")
@click.argument("transcript", metavar="TRANSCRIPT", type=str)
@click.option("-o", "--output", "output", metavar="OUT.srt", default="-", show_default=True,
              help="Output file, SRT or WebVTT ('-' = stdout). Written atomically; never the input file.")
@click.option("--format", "fmt", type=click.Choice(["srt", "vtt"]), default=None,
              help="Output format. Default: from the output's extension (.vtt: WebVTT), else SRT; "
                   "an extension that names the other format is refused.")
@click.option("--lang", type=RULES_LANGUAGE, default="auto", show_default=True,
              help="Language rules; auto detects (langdetect, seeded) and picks the default profile.")
@click.option("--profile", "profile", metavar="NAME", default=None,
              help="Style profile (netflix-fr, netflix-en, arcom-fr, ...). Default: from the language.")
@click.option("--rate", type=float, default=None,
              help="Speech rate in syllables per second (default 4.0: a calm delivery, about 140 words/min).")
@click.option("--start", "start", default="0", show_default=True,
              help="Time of the first cue (seconds or HH:MM:SS,mmm; minutes and seconds under 60). The "
                   "transcript's timestamps win: it times only the words before the first (else a warning "
                   "says it is not used).")
@click.option("--duration", "duration", default=None,
              help="Video length: fit the whole transcript into it (seconds or HH:MM:SS,mmm). A transcript "
                   "timestamp at or after it is an error.")
@click.option("--fps", type=FRAME_RATE, default=25.0, show_default=True, help="Frame rate for snapping cue times.")
@click.option("--title", type=click.Choice(["keep", "drop"]), default="keep", show_default=True,
              help="Keep or drop the first line when it looks like a title.")
@click.option("--encoding", default="utf-8", show_default=True,
              help="Encoding of the transcript (a file that is valid UTF-8 is read as UTF-8 whatever it says).")
@click.option("--audio", "audio", metavar="MEDIA", default=None,
              help="Time the cues from this recording (any audio or video file; needs the audio extra); "
                   "a cue the speech outruns takes time from its neighbours, else merges with one; "
                   "--start is then where the recording starts in the programme's time (every cue is "
                   "shifted by it: 10:00:00,000 for a broadcast timecode); --rate and --duration are not used "
                   "(stderr says so).")
@click.option("--audio-track", "audio_track", metavar="N", type=click.IntRange(0), default=None,
              help="Which audio stream of MEDIA, from 0 as FFmpeg counts them (a:N). Default: the first tagged "
                   "in the transcript's language (fra, eng), else the first.")
@reports_errors()
def segment(transcript, output, fmt, start, duration, **options):
    """Turn a plain transcript (TRANSCRIPT, or '-' for stdin) into timed SRT or WebVTT subtitles.
    A saved web page (.html) is read as its article's paragraphs, without page furniture.

    Cue and line breaks are chosen by dynamic programming with the language's break costs; times
    come from a speech-rate model and are fitted to the style profile. Speaker labels (MARIE : ...)
    and timestamps ([00:01:23] ...) at the start of a line, and timestamps in brackets inside it, are
    taken out: a new speaker starts a new cue, and words are not shown before their timestamp (one
    that goes back is a warning, with its line). What is dropped (web-page navigation,
    figures, tables, the title with --title drop) and any limit that could not be met are reported on stderr.
    A word longer than a line is an error, but a web or e-mail address (which cannot be cut) gets a
    line of its own, over the width, with a warning.

    Given subtitles instead (any format subkit reads: Whisper's SRT, YouTube's automatic captions,
    cues made for another profile), their words are laid out again to the profile and timed from
    their own times: karaoke captions are merged and rolling ones unrolled, word timestamps kept,
    italics stay on their words, and dialogue dashes and WebVTT voices start a new cue (a cue of two
    turns that each fit a line stays a dialogue, dashed in the language's style).
    """
    from subkit.formats import Subtitles, check_writable, format_for
    from subkit.options import SegmentOptions
    from subkit.inputs import read_input
    from subkit.srtio import atomic_write_text, display_name, read_bytes, same_file

    name = display_name(transcript)
    if output != "-" and transcript != "-" and same_file(transcript, output):
        raise SubkitError("refusing to overwrite the input transcript; choose another -o", output)
    if output != "-" and options["audio"] is not None and same_file(options["audio"], output):
        raise SubkitError("refusing to overwrite the recording; choose another -o", output)
    # The other options are named as SegmentOptions' fields: they go across whole.
    opts = SegmentOptions(**options, **parse_times(start, duration))
    opts.check()
    fmt = format_for(output, fmt)
    check_writable(fmt, output)
    subtitles = read_input(transcript, read_bytes(transcript), opts.encoding)
    if not isinstance(subtitles, Subtitles):  # a transcript: plain text or a web page's
        from subkit.segment import segment_transcript

        result = segment_transcript(subtitles, name=name, **opts.segment_arguments())
    else:
        from subkit.segment import segment_subtitles

        _check_subtitle_options(opts, start, name)
        result = segment_subtitles(subtitles, name=name, lang=opts.lang, profile=opts.chosen_profile(),
                                   fps=opts.fps, audio=opts.audio, audio_track=opts.audio_track)
    for line_no, dropped, reason in result.dropped:
        click.echo(f"{name}:{line_no}: dropped ({reason}): {dropped}", err=True)
    for note in result.notes:
        click.echo(f"{name}: {note}", err=True)
    for warning in result.warnings:
        click.echo(f"{name}: warning: {warning}", err=True)
    atomic_write_text(output, result.to_format(fmt))


def _check_subtitle_options(opts, start: str, name: str) -> None:
    """--rate, --start, --duration and --title shape a plain transcript; subtitles keep their times."""
    given = [flag for flag, used in (("--rate", opts.rate is not None), ("--start", start != "0"),
                                     ("--duration", opts.duration_ms is not None), ("--title", opts.title != "keep"))
             if used]
    if given:
        raise SubkitError(f"{', '.join(given)}: not used with subtitles, which keep their own times "
                          "(this is a subtitle file)", name)
