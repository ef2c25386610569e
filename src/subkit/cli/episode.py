"""``subkit episode``: the whole job, from transcripts to checked French and English subtitles."""

from __future__ import annotations

import sys

import click

from subkit.cli import (FRAME_RATE, ProgressBar, engine_options, memory_options, names_options, parse_times,
                        reports_errors)

@click.command("episode", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True, type=str)
@click.option("-o", "--out", "out_dir", metavar="DIR", default="out", show_default=True,
              help="Output folder: one sub-folder per episode, and the manifest.")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Episodes processed at once, each in its own process.")
@click.option("--force", is_flag=True,
              help="Redo episodes even when the manifest says they are up to date, and replace one that "
                   "another transcript of the same name made (another folder's).")
@click.option("--discard-edits", is_flag=True,
              help="Overwrite hand-edited outputs of redone episodes (default: learn the edited English into "
                   "the memory and keep the files as NAME.LANG.edited-DATE.srt).")
@click.option("--from", "source", default="fr", show_default=True, help="Language of the transcripts.")
@click.option("--to", "target", default="en", show_default=True, help="Language of the translation.")
@click.option("--profile", "profile", metavar="NAME",
              help="Style profile of the transcript's language (default: netflix-fr).")
@click.option("--profile-en", "--profile-target", "profile_target", metavar="NAME",
              help="Style profile of the translation (default: netflix-en).")
@click.option("--rate", type=float, default=None,
              help="Speech rate in syllables per second (segment's default: 4.0).")
@click.option("--start", "start", default="0", show_default=True,
              help="Time of the first cue (seconds or HH:MM:SS,mmm); a transcript's timestamps win, as in segment.")
@click.option("--duration", "duration", default=None,
              help="Video length: fit each transcript into it (seconds or HH:MM:SS,mmm); a transcript "
                   "timestamp at or after it is an error, as in segment.")
@click.option("--fps", type=FRAME_RATE, default=25.0, show_default=True,
              help="Frame rate for timing and the min-gap rule.")
@click.option("--title", type=click.Choice(["keep", "drop"]), default="keep", show_default=True,
              help="Keep or drop the first line of a transcript when it looks like a title.")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the transcripts.")
@names_options
@engine_options
@click.option("--threads", default=0, type=click.IntRange(0, 256),
              help="CPU threads per translation (0: the cores shared between the jobs).")
@click.option("--device", default="auto", show_default=True, type=click.Choice(["auto", "cpu", "cuda"]))
@memory_options
@click.option("--lint-config", metavar="FILE",
              help="Lint configuration (TOML). Default: what `subkit lint` finds (subkit.toml, pyproject.toml).")
@click.option("--formats", "formats", default="srt", show_default=True, metavar="LIST",
              help="Subtitle formats to write, comma-separated (srt, vtt, sbv, ttml; ass, ssa... with pysubs2): "
                   "'srt,vtt' writes both.")
@click.option("--media", "media_dir", metavar="DIR", type=click.Path(exists=True, file_okay=False),
              help="Folder of the recordings (NAME.wav, .mp4...) for transcripts that have none beside them "
                   "(one beside the transcript wins).")
@click.option("--force-language", is_flag=True,
              help="Process transcripts even if they do not look like the --from language.")
@reports_errors(interrupted="finished episodes are recorded, re-run to complete")
def episode(inputs, out_dir, jobs, force, discard_edits, source, target, profile, profile_target, rate, start,
            duration, fps, title, encoding, glossary, keep_names, model, beam_size, retry_beam, invented_retries,
            threads,
            device, memory_path, use_memory, memory_mode, lint_config, formats, media_dir, force_language):
    """Turn transcripts into checked French and English subtitles, in one command.

    INPUT is a transcript (NAME.txt, or a saved web page NAME.html) or a folder of them, or
    subtitles another tool made (NAME.srt, NAME.vtt...: laid out again, as 'subkit segment' does;
    a folder's only when it holds no .txt). For each episode, DIR/NAME/ receives
    NAME.fr.srt (segmented), NAME.en.srt (translated), NAME.report.json and NAME.report.html
    (lint results of both tracks, reading speed, timings). A recording beside the transcript
    (NAME.wav, .mp3, .m4a, .mp4, .mkv...; needs the audio extra), or one in --media DIR, times the
    French track from its speech; the English track keeps the French timing, and the report shows
    how sure the alignment is per cue. Episodes whose transcript, recording, options
    and model did not change since the last run are skipped. Exit status: 0 when all is clean, 1 when
    an episode has an error-level problem, 2 when an episode failed.
    """
    from subkit.episode import EpisodeOptions, exit_code, run_episodes, summary_table
    from subkit.options import SegmentOptions, TranslateOptions

    # Each flag goes to the one job it belongs to; --from (as the translation reads it: FR, fr-FR -> fr)
    # and --fps to both.
    translate = TranslateOptions(source=source, target=target, profile=profile_target, model=model,
                                 beam_size=beam_size, retry_beam=retry_beam, invented_retries=invented_retries,
                                 threads=threads, device=device, memory_path=memory_path,
                                 use_memory=use_memory, memory_mode=memory_mode, glossary=glossary,
                                 keep_names=keep_names, fps=fps)
    source, target = translate.source, translate.target
    options = EpisodeOptions(
        segment=SegmentOptions(lang=source, profile=profile, rate=rate, fps=fps, title=title, encoding=encoding,
                               **parse_times(start, duration)),
        translate=translate,
        lint_config=lint_config, force_language=force_language, media_dir=media_dir,
        formats=tuple(f.strip().lower() for f in formats.split(",") if f.strip()))
    # A bar (on a terminal) while one episode translates; episodes in parallel only log lines.
    progress = (lambda name: ProgressBar(f"{name}: translating")) if jobs == 1 else None
    results = run_episodes(inputs, out_dir, options, jobs=jobs, force=force, log=_log, progress=progress,
                           discard_edits=discard_edits)
    click.echo(summary_table(results, source, target))
    sys.exit(exit_code(results))


def _log(line: str) -> None:
    click.echo(line, err=True)
