"""``subkit sync``: re-time an existing SRT or WebVTT file to the episode's recording."""

from __future__ import annotations

import click

from subkit.cli import FRAME_RATE, RULES_LANGUAGE, reports_errors
from subkit.errors import SubkitError


@click.command("sync")
@click.argument("subs", metavar="SUBS", type=str)
@click.option("--audio", "media", metavar="MEDIA", required=True,
              help="The recording: any audio or video file (wav, mp3, m4a, ogg, flac, mp4, mkv, webm, mov...).")
@click.option("-o", "--output", "output", metavar="OUT", default="-", show_default=True,
              help="Output file ('-' = stdout). Written atomically; never the input file.")
@click.option("--format", "fmt", type=click.Choice(["srt", "vtt"]), default=None,
              help="Output format. Default: the output's extension, else the input's format.")
@click.option("--lang", type=RULES_LANGUAGE, default="auto", show_default=True,
              help="Language spoken (the synthesis voice); auto detects it from the subtitles' text.")
@click.option("--profile", "profile", metavar="NAME", default=None,
              help="Style profile enforced after timing (default: the language's).")
@click.option("--fps", type=FRAME_RATE, default=25.0, show_default=True, help="Frame rate for snapping cue times.")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of SUBS.")
@click.option("--audio-track", "track", metavar="N", type=click.IntRange(0), default=None,
              help="Which audio stream of MEDIA, from 0 as FFmpeg counts them (a:N). Default: the first tagged "
                   "in the subtitles' language (fra, eng), else the first.")
@reports_errors()
def sync(subs, media, output, fmt, lang, profile, fps, encoding, track):
    """Re-time SUBS (SRT or WebVTT) to the speech in MEDIA without touching its text, cue count or
    order (WebVTT cue settings, identifiers and NOTE/STYLE/REGION blocks are kept).

    Needs the audio extra (pip install 'subkit[audio]'). Each cue is aligned to the recording
    (espeak-ng speaks the text, dynamic time warping matches it to the speech; intro and outro
    music are passed over), then the style profile is enforced as in `subkit segment`. A cue that
    is only a sound description ([MUSIQUE], ♪ ... ♪), or empty, keeps its time (moved, and counted
    so, where it no longer fits between its neighbours' new times); no cue overlaps another. A cue matched poorly, or
    squeezed into less speech than its words take to say (a line not spoken), is named as
    doubtful. A text that does not match the speech at all is an error.
    """
    from subkit.srtio import same_file
    from subkit.options import profile_named
    from subkit.segment import resolve_language
    from subkit.formats import check_writable, compose, format_for, read_file
    from subkit.srtio import atomic_write_text, display_name
    from subkit.captions import refuse_rolling
    from subkit.sync import spoken_text, sync_cues

    name = display_name(subs)
    if output != "-" and (same_file(subs, output) or same_file(media, output)):
        raise SubkitError("refusing to overwrite an input; choose another -o", output)
    document = read_file(subs, encoding)
    written = format_for(None if output == "-" else output, fmt, default=document.format)
    check_writable(written, output)  # before the alignment, not after
    cues = list(document.cues)
    refuse_rolling(cues, name, "'subkit segment SUBS --audio MEDIA', which times its new cues from the speech")
    code, note = resolve_language(" ".join(spoken_text(c) for c in cues), lang)
    if note:
        click.echo(f"{name}: {note}", err=True)
    chosen = profile_named(profile, code).with_fps(fps)
    result = sync_cues(cues, media, code, chosen, name=name, track=track)
    doubtful = result.doubtful
    listed = ", ".join(map(str, doubtful[:20])) + (", ..." if len(doubtful) > 20 else "")
    said = f"{len(doubtful)} doubtful: cue{'s' if len(doubtful) > 1 else ''} {listed}" if doubtful else "none doubtful"
    click.echo(f"{name}: {len(result.cues)} cue(s) timed from {display_name(media)} (alignment cost "
               f"{result.cost:.2f}; {said}{_sounds_said(result)})", err=True)
    for warning in result.warnings:
        click.echo(f"{name}: warning: {warning}", err=True)
    atomic_write_text(output, compose(document.with_cues(result.cues), written))


def _sounds_said(result) -> str:
    """How many sound cues (not aligned) kept their time (the profile may lengthen them, as any cue),
    and how many moved with their neighbours."""
    moved = len(result.moved)
    kept = sum(c is None for c in result.confidence) - moved
    return ((f"; {kept} sound cue(s) kept on their own time" if kept else "")
            + (f"; {moved} sound cue(s) moved to fit between the new times of their neighbours" if moved else ""))
