"""The steps of one episode, in order: read, segment, translate, lint, report.

Each step is one function returning a small dataclass (what the next steps and the report need,
and how long it took); :func:`run_steps` chains them. A step that cannot go on raises
:class:`SubkitError`. Nothing here prints: one-line progress goes to *log*, and the translation's
progress to a :class:`subkit.translate.job.Progress` the caller may give.
"""

from __future__ import annotations

import contextlib
import platform
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, ContextManager

from subkit.episode.manifest import note_written, now, sha256_bytes
from subkit.episode.media import episode_input
from subkit.episode.options import EpisodeOptions
from subkit.errors import SubkitError

__all__ = ["EpisodePaths", "ProgressFor", "run_steps", "read_step", "segment_step", "translate_step",
           "lint_step", "report_step"]

Log = Callable[[str], None]
# Given an episode's name, a context manager giving the Progress its translation reports to.
ProgressFor = Callable[[str], ContextManager[Any]]


@dataclass(frozen=True)
class EpisodePaths:
    """Where one episode's outputs go: ``OUT/NAME/NAME.{fr,en}.srt``, ``NAME.report.{json,html}``."""

    name: str
    folder: Path
    source_srt: Path
    target_srt: Path
    report_json: Path
    report_html: Path
    # the tracks in the other formats of --formats: (format, source track, target track)
    copies: tuple[tuple[str, Path, Path], ...] = ()

    @classmethod
    def of(cls, out_dir: Path, name: str, options: EpisodeOptions) -> EpisodePaths:
        folder = out_dir / name
        first, *others = options.formats
        copies = tuple((fmt, folder / f"{name}.{options.source}.{fmt}", folder / f"{name}.{options.target}.{fmt}")
                       for fmt in others)
        return cls(name, folder, folder / f"{name}.{options.source}.{first}",
                   folder / f"{name}.{options.target}.{first}", folder / f"{name}.report.json",
                   folder / f"{name}.report.html", copies)


@dataclass
class Transcript:
    text: str
    sha256: str  # the manifest's input hash: the transcript's, and the recording's if there is one
    size: int  # bytes
    seconds: float
    media: Path | None = None  # the recording that times the source track
    subtitles: Any = None  # subkit.formats.Subtitles when the input is a subtitle file (laid out again)
    page: Any = None  # subkit.html_text.Page when it is a web page (what was left out of it, where)


@dataclass
class Segmented:
    result: Any  # subkit.segment.SegmentResult
    srt_text: str
    seconds: float


@dataclass
class Translated:
    report: Any  # subkit.translate.pipeline.TranslationReport
    srt_text: str
    seconds: float


@dataclass
class Linted:
    tracks: dict[str, dict[str, Any]]  # language code -> the report's track
    seconds: float


@dataclass
class Reported:
    json_text: str
    html_text: str


# --------------------------------------------------------------------------- read


def read_step(path: Path, options: EpisodeOptions) -> Transcript:
    """The transcript's text (or a subtitle file's cues), checked to hold words to segment and to
    be in the source language (unless ``force_language``): what can fail before anything is written."""
    from subkit.formats import Subtitles
    from subkit.html_text import Page
    from subkit.inputs import read_input
    from subkit.language import detect_language
    from subkit.profiles import strip_tags
    from subkit.segment import text_to_segment
    from subkit.srtio import read_bytes

    t = time.perf_counter()
    data = read_bytes(path)
    given = read_input(path, data, options.segment.encoding)
    text_to_segment(given, str(path))
    subtitles = given if isinstance(given, Subtitles) else None
    page = given if isinstance(given, Page) else None
    text = (given if page is None else page.text) if subtitles is None else "\n".join(
        strip_tags(c.text) for c in subtitles.cues)
    lang = detect_language(text[:4000])
    if lang and lang != options.source and not options.force_language:
        raise SubkitError(f"looks like '{lang}', not '{options.source}' "
                          "(--force-language processes it anyway)", str(path))
    digest, media = episode_input(path, sha256_bytes(data), options.media_dir)  # the recording times the track
    return Transcript(text, digest, len(data), time.perf_counter() - t, media, subtitles, page)


# --------------------------------------------------------------------------- segment


def write_output(path: Path, text: str) -> None:
    """Write one of the episode's outputs atomically, and note what was written (an edit by hand
    is then told from a file an interrupted run left)."""
    from subkit.srtio import atomic_write_text

    atomic_write_text(path, text)
    note_written(path, text)


def segment_step(path: Path, transcript: Transcript, paths: EpisodePaths, options: EpisodeOptions,
                 log: Log) -> Segmented:
    """Segment the transcript and write the source track (creating the episode's folder)."""
    from subkit.segment import segment_transcript

    t = time.perf_counter()
    media = transcript.media
    seg_options = replace(options.segment, audio=str(media)) if media is not None else options.segment
    if media is not None:
        where = "beside the transcript" if media.parent == path.parent else "from --media"
        log(f"{paths.name}: segment: timing from {media} ({where})")
    if transcript.subtitles is not None:
        from subkit.segment import segment_subtitles

        seg = segment_subtitles(transcript.subtitles, name=str(path), lang=seg_options.lang,
                                profile=seg_options.chosen_profile(), fps=seg_options.fps, audio=seg_options.audio,
                                audio_track=seg_options.audio_track)
    else:
        seg = segment_transcript(transcript.page or transcript.text, name=str(path), **seg_options.segment_arguments())
    try:
        paths.folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SubkitError(f"cannot create the output folder: {exc.strerror or exc}", str(paths.folder)) from None
    _clean_stale_temporaries(paths.folder, paths.name)
    srt_text = seg.to_format(options.formats[0])
    write_output(paths.source_srt, srt_text)
    done = Segmented(seg, srt_text, time.perf_counter() - t)
    log(f"{paths.name}: segment: {len(seg.cues)} cues -> {paths.source_srt} ({done.seconds:.1f} s)"
        f"{_segment_notes(seg)}")
    return done


def _segment_notes(seg) -> str:
    extra = ""
    if seg.dropped:
        reasons = sorted({reason for _, _, reason in seg.dropped})
        extra += (f", dropped {len(seg.dropped)} non-speech line(s) ({', '.join(reasons)}; lines "
                  f"{', '.join(str(n) for n, _, _ in seg.dropped)})")
    if seg.warnings:
        extra += f", {len(seg.warnings)} timing warning(s) (see the report)"
    return extra


def _clean_stale_temporaries(directory: Path, name: str) -> None:
    """Remove ``.NAME.*.tmp`` files left by a killed run (atomic writes in progress)."""
    try:
        for leftover in directory.glob(f".{name}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()
    except OSError:
        pass


# --------------------------------------------------------------------------- translate


def translate_step(paths: EpisodePaths, options: EpisodeOptions, progress: ProgressFor | None,
                   log: Log) -> Translated:
    """Translate the source track into the target track (translation memory first)."""
    from subkit.translate.job import translate_file

    t = time.perf_counter()
    log(f"{paths.name}: translate: started")
    bar = progress(paths.name) if progress else contextlib.nullcontext(None)
    with bar as reporter:
        report, _ = translate_file(str(paths.source_srt), str(paths.target_srt),
                                   options.translate_track_options(), progress=reporter, review=True)
    done = Translated(report, paths.target_srt.read_text(encoding="utf-8"), time.perf_counter() - t)
    note_written(paths.target_srt, done.srt_text)
    log(f"{paths.name}: translate: {report.cues} cues, {report.sentences} sentences "
        f"({report.translated} new, {report.remembered} from memory, {report.human} of them human) "
        f"-> {paths.target_srt} "
        f"({done.seconds:.1f} s)"
        + (f", {len(report.warnings)} warning(s) (see the report)" if report.warnings else ""))
    return done


def copy_step(paths: EpisodePaths, segmented: Segmented, translated: Translated, log: Log) -> dict[Path, str]:
    """Both tracks written in the other formats of ``--formats`` (same cues): {path: text}."""
    from subkit.formats import format_for, parse
    from subkit.translate.job import compose_translation

    written: dict[Path, str] = {}
    for fmt, source_copy, target_copy in paths.copies:
        # from the layout and the translation themselves, so that WebVTT gets the speakers' voices
        written[source_copy] = segmented.result.to_format(fmt)
        voiced = parse(segmented.result.to_format("vtt"), source_copy.name, "vtt").cues
        target = parse(translated.srt_text, paths.target_srt.name, format_for(paths.target_srt))
        written[target_copy] = compose_translation(target, fmt, voiced)
        for copy in (source_copy, target_copy):
            write_output(copy, written[copy])
        log(f"{paths.name}: {fmt}: -> {source_copy.name}, {target_copy.name}")
    return written


# --------------------------------------------------------------------------- lint


def lint_step(paths: EpisodePaths, segmented: Segmented, translated: Translated, options: EpisodeOptions,
              log: Log) -> Linted:
    """Lint both tracks with their profiles: the report's ``tracks``."""
    t = time.perf_counter()
    config = options.lint_configuration()
    tracks = {
        options.source: _track(paths.source_srt, segmented.srt_text, options.source, options.source_profile(),
                               config),
        options.target: _track(paths.target_srt, translated.srt_text, options.target, options.target_profile(),
                               config),
    }
    origins = translated.report.cue_origins
    if len(origins) == len(tracks[options.target]["cues"]):  # where each English cue came from
        for cue, origin in zip(tracks[options.target]["cues"], origins):
            if origin:
                cue["origin"] = origin
    _add_confidence(tracks[options.source]["cues"], segmented.result.audio)
    done = Linted(tracks, time.perf_counter() - t)
    log(f"{paths.name}: lint: " + ", ".join(
        f"{code} {tr['counts'].get('error', 0)} errors {tr['counts'].get('warning', 0)} warnings"
        for code, tr in tracks.items()) + f" ({done.seconds:.1f} s)")
    return done


def _add_confidence(cues: list[dict[str, Any]], audio) -> None:
    """Each source cue's alignment confidence (null when no recording timed the track)."""
    confidence = audio.confidence if audio is not None and len(audio.confidence) == len(cues) else None
    for k, cue in enumerate(cues):
        cue["alignment_confidence"] = None if confidence is None else confidence[k]


def _track(path: Path, srt_text: str, code: str, profile, config) -> dict[str, Any]:
    from subkit.profiles import count_chars
    from subkit.report import cps_summary, cue_rows
    from subkit.formats import format_for, parse

    linted = _lint_track(path, profile, config)
    cues = cue_rows(list(parse(srt_text, path.name, format_for(path)).cues), count_chars)
    return {
        "file": path.name,
        "lang": code,
        "profile": _profile_json(profile),
        "cues": cues,
        "problems": linted["problems"],
        "counts": linted["counts"],
        "statistics": linted["statistics"],
        "summary": cps_summary(cues, profile.hard_max_cps),
    }


def lint_file(path: Path, profile, config) -> tuple[int, dict[str, int]]:
    """(cues, counts by level) of a track file as it is now (one edited by hand, say)."""
    linted = _lint_track(path, profile, config)
    return linted["cues"], linted["counts"]


def _lint_track(path: Path, profile, config) -> dict[str, Any]:
    from subkit.lint.core import lint_path
    from subkit.lint.formats import statistics as lint_statistics

    rep = lint_path(str(path), config=config, profile_name=profile.name, statistics=True)
    if rep.fatal:
        raise SubkitError(f"cannot lint: {rep.fatal}", str(path))
    problems = [p.as_dict(path.name) for p in rep.problems]
    counts: dict[str, int] = {"error": 0, "warning": 0}
    for p in problems:
        counts[p["level"]] = counts.get(p["level"], 0) + 1
    statistics = lint_statistics([rep])  # the data of `subkit lint --statistics`
    return {"problems": problems, "counts": counts, "statistics": statistics, "cues": rep.cues,
            "lint_profile": rep.profile, "lint_lang": rep.lang}


def _profile_json(profile) -> dict[str, Any]:
    return {
        "name": profile.name, "lang": profile.lang,
        "max_chars_per_line": profile.max_chars_per_line, "max_lines": profile.max_lines,
        "max_cps": profile.max_cps, "hard_max_cps": round(profile.hard_max_cps, 3),
        "min_duration": round(profile.min_duration, 4), "max_duration": profile.max_duration,
        "min_gap_frames": profile.min_gap_frames, "fps": profile.fps,
    }


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Steps:
    """What the steps gave, for the report."""

    path: Path
    transcript: Transcript
    segmented: Segmented
    translated: Translated
    linted: Linted


def report_step(paths: EpisodePaths, steps: Steps, options: EpisodeOptions, model: dict[str, Any],
                timings: dict[str, float], log: Log) -> Reported:
    """Write the JSON and HTML reports."""
    from subkit.report import render_html, render_json

    seg, report = steps.segmented.result, steps.translated.report
    doc = {
        "schema": "subkit.episode-report/1",
        "episode": paths.name,
        "input": {"path": str(steps.path), "sha256": steps.transcript.sha256, "bytes": steps.transcript.size},
        "created": now(),
        "versions": _versions(),
        "model": model,
        "options": options.report_json(),
        "timings": {k: round(v, 3) for k, v in timings.items()},
        "segment": {
            "dropped": [{"line": ln, "text": tx, "reason": rs} for ln, tx, rs in seg.dropped],
            "warnings": list(seg.warnings),
            "notes": list(seg.notes),
        },
        "translation": {
            "cues": report.cues, "sentences": report.sentences, "remembered": report.remembered,
            "translated": report.translated, "human": report.human, "merged": report.merged,
            "split": report.split,
            "names_restored": report.names_restored, "numbers_restored": report.numbers_restored,
            "warnings": list(report.warnings),
            "flagged": report.flagged,
        },
        "review": _review(steps, paths.target_srt),
        "audio": _audio(seg.audio),
        "tracks": steps.linted.tracks,
    }
    done = Reported(render_json(doc), render_html(doc))
    write_output(paths.report_json, done.json_text)
    write_output(paths.report_html, done.html_text)
    log(f"{paths.name}: report: {paths.report_html}")
    return done


def _audio(audio) -> dict[str, Any] | None:
    """The report's ``audio`` block (:func:`subkit.report.audio_summary`), or None without a recording."""
    from subkit.report import audio_summary

    if audio is None:
        return None
    return audio_summary(Path(audio.media).name, audio.duration_ms, audio.pauses, audio.confidence)


def _review(steps: Steps, target: Path) -> list[dict[str, Any]]:
    """The cues whose translation a reviewer should check, most serious first, French beside English."""
    from subkit.formats import format_for, parse
    from subkit.translate.qa import review_list

    entries = steps.translated.report.review or []
    # The French cues are the segmenter's own; the English is read back in the format it was written in.
    english = parse(steps.translated.srt_text, target.name, format_for(target)).cues
    return review_list(entries, steps.segmented.result.cues, list(english))


def _versions() -> dict[str, str]:
    from importlib import metadata

    from subkit import __version__

    out = {"subkit": __version__, "python": platform.python_version()}
    for dist in ("srt", "click", "langdetect", "ctranslate2", "sentencepiece", "argostranslate"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return out


# --------------------------------------------------------------------------- all of them


@dataclass
class EpisodeOutcome:
    """What one episode's run gives its result: the counts, and the sha256 of every output."""

    input_hash: str
    cues: dict[str, int]
    problems: dict[str, dict[str, int]]  # track -> level -> count
    sentences_new: int
    sentences_remembered: int
    outputs: dict[str, str]  # file name -> sha256


def run_steps(path: Path, paths: EpisodePaths, options: EpisodeOptions, model: dict[str, Any],
              progress: ProgressFor | None, log: Log, read: Transcript | None = None) -> EpisodeOutcome:
    """Every step on one transcript (*read*: already read); raises :class:`SubkitError` when one
    cannot go on."""
    t_total = time.perf_counter()
    transcript = read or read_step(path, options)
    segmented = segment_step(path, transcript, paths, options, log)
    translated = translate_step(paths, options, progress, log)
    linted = lint_step(paths, segmented, translated, options, log)
    timings = {"read": transcript.seconds, "segment": segmented.seconds, "translate": translated.seconds,
               "lint": linted.seconds, "total": time.perf_counter() - t_total}
    steps = Steps(path, transcript, segmented, translated, linted)
    reported = report_step(paths, steps, options, model, timings, log)
    texts = {paths.source_srt: segmented.srt_text, paths.target_srt: translated.srt_text,
             paths.report_json: reported.json_text, paths.report_html: reported.html_text}
    texts.update(copy_step(paths, segmented, translated, log))
    tracks = linted.tracks
    return EpisodeOutcome(
        input_hash=transcript.sha256,
        cues={code: len(track["cues"]) for code, track in tracks.items()},
        problems={code: dict(track["counts"]) for code, track in tracks.items()},
        sentences_new=translated.report.translated,
        sentences_remembered=translated.report.remembered,
        outputs={p.name: sha256_bytes(text.encode("utf-8")) for p, text in texts.items()},
    )
