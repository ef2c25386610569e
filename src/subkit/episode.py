"""The whole job, one episode at a time: transcript → French SRT → English SRT → lint → report.

For each transcript ``NAME.txt`` the job writes into ``OUT/NAME/``:

* ``NAME.fr.srt`` — :func:`subkit.segment.segment_transcript`;
* ``NAME.en.srt`` — :func:`subkit.translate.job.translate_file` (translation memory on by default);
* ``NAME.report.json`` and ``NAME.report.html`` — :mod:`subkit.report`, with the results of
  :func:`subkit.lint.core.lint_path` on both tracks.

**Incremental.** ``OUT/subkit-episodes.json`` (the manifest) records, per episode, the sha256 of the
input, a key of the options that shape the outputs, the model identity and the sha256 of every
output. An episode whose transcript, options and model did not change, and whose outputs are all
still there, is skipped (outputs edited by hand since are kept, and reported); ``force=True``
redoes it. The manifest is rewritten (atomically, under a lock) only after
all of an episode's outputs are written, so a killed run never records an unfinished episode and a
re-run completes the job.

**Atomic.** Every output goes through :func:`subkit.srtio.atomic_write_text` (temporary file and
rename): a reader, or a run that is killed, never sees half a file. Temporary files left behind by a
killed run are removed when the episode runs again.

**Parallel and robust.** ``jobs > 1`` runs episodes in separate processes (spawned, so nothing of
the parent's state is shared; the translation memory is SQLite in WAL mode with a busy timeout). One
episode's failure (a binary transcript, say) is reported on one line and does not stop the others.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Sequence

from subkit.errors import SubkitError
from subkit.srtio import locked

__all__ = [
    "EpisodeOptions",
    "EpisodeResult",
    "MANIFEST_NAME",
    "discover",
    "model_info",
    "run_episodes",
    "process_episode",
    "exit_code",
]

MANIFEST_NAME = "subkit-episodes.json"
_MANIFEST_SCHEMA = "subkit.episodes-manifest/1"
_LOCK_NAME = ".subkit-episodes.lock"

Log = Callable[[str], None]


@dataclass(frozen=True)
class EpisodeOptions:
    """Options of the whole job; they pass through to segment, translate and lint."""

    source: str = "fr"
    target: str = "en"
    profile: str | None = None  # source-language profile (default: netflix-fr)
    profile_target: str | None = None  # target-language profile (default: netflix-en)
    rate: float | None = None
    start: float = 0.0
    duration: float | None = None
    fps: float = 25.0
    title: str = "keep"
    encoding: str = "utf-8"
    glossary: str | None = None
    keep_names: bool = True
    model: str | None = None
    beam_size: int = 4
    threads: int = 0
    device: str = "auto"
    memory_path: str | None = None
    use_memory: bool = True
    lint_config: str | None = None
    force_language: bool = False

    def source_profile(self):
        return _profile(self.profile, self.source)

    def target_profile(self):
        return _profile(self.profile_target, self.target)

    def key(self, glossary_hash: str | None, lint_key: str) -> str:
        """What the outputs depend on (memory location, threads and device do not change them)."""
        from subkit import __version__

        shaping = {
            "subkit": __version__,
            "source": self.source,
            "target": self.target,
            "profile": self.source_profile().name,
            "profile_target": self.target_profile().name,
            "rate": self.rate,
            "start": self.start,
            "duration": self.duration,
            "fps": self.fps,
            "title": self.title,
            "encoding": self.encoding,
            "glossary": glossary_hash,
            "keep_names": self.keep_names,
            "beam_size": self.beam_size,
            "lint": lint_key,
        }
        return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()[:32]


def _profile(name: str | None, lang: str):
    from subkit.profiles import default_profile, get_profile

    if name is None:
        return default_profile(lang)
    try:
        return get_profile(name)
    except KeyError as exc:
        raise SubkitError(str(exc.args[0])) from None


@dataclass
class EpisodeResult:
    """What happened to one episode (picklable: it comes back from worker processes)."""

    name: str
    input: str
    status: str = "done"  # done | skipped | failed
    error: str | None = None
    cues: dict[str, int] = field(default_factory=dict)
    problems: dict[str, dict[str, int]] = field(default_factory=dict)  # track -> level -> count
    sentences_new: int = 0
    sentences_remembered: int = 0
    seconds: float = 0.0
    input_hash: str | None = None
    outputs: dict[str, str] = field(default_factory=dict)  # file name -> sha256

    @property
    def errors(self) -> int:
        return sum(c.get("error", 0) for c in self.problems.values())

    @property
    def warnings(self) -> int:
        return sum(c.get("warning", 0) for c in self.problems.values())

    def summary(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k not in ("status", "error", "input")}


# --------------------------------------------------------------------------- inputs


def discover(inputs: Sequence[str]) -> list[Path]:
    """Transcript files from *inputs*: files as given, directories' ``*.txt`` files (sorted).

    Two transcripts with the same name would write into the same folder: that is an error.
    """
    found: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            txt = sorted(f for f in p.iterdir() if f.suffix.lower() == ".txt" and f.is_file()
                         and not f.name.startswith("."))
            if not txt:
                raise SubkitError("directory holds no transcript (*.txt)", item)
            found.extend(txt)
        elif p.exists():
            found.append(p)
        else:
            raise SubkitError("no such file or directory", item)
    seen: dict[str, Path] = {}
    unique: list[Path] = []
    for f in found:
        name = episode_name(f)
        other = seen.get(name)
        if other is not None:
            if other.resolve() == f.resolve():
                continue
            raise SubkitError(f"two transcripts are both episode {name!r}: {other} and {f}", str(f))
        seen[name] = f
        unique.append(f)
    return unique


def episode_name(path: Path) -> str:
    name = path.name
    return name[: -len(".txt")] if name.lower().endswith(".txt") else name


def _sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sha256_file(path: Path) -> str | None:
    try:
        return _sha256_bytes(path.read_bytes())
    except OSError:
        return None


# --------------------------------------------------------------------------- model and lint set-up


def model_info(options: EpisodeOptions) -> dict[str, str]:
    """The translation package the job will use: identity, name and path (raises if none)."""
    from subkit import models

    if options.model:
        path = Path(options.model)
        if not path.is_dir():
            raise SubkitError("--model must be an installed package directory", options.model)
        pkg = models.package_from_dir(path)
    else:
        pkg = models.find_package(options.source, options.target)
        if pkg is None:
            raise SubkitError(
                f"no {options.source}->{options.target} translation model installed; "
                f"run: subkit models install {options.source} {options.target}")
    return {"identity": pkg.identity, "name": pkg.name, "path": str(pkg.path),
            "version": pkg.package_version}


def _lint_config(options: EpisodeOptions):
    """The lint configuration (``--lint-config``, else what ``subkit lint`` would find), with the
    job's frame rate for the ``min-gap`` rule unless the configuration sets one."""
    from subkit.lint.config import LintConfig, load_config

    config = load_config(options.lint_config)
    rules = {k: dict(v) for k, v in config.rules.items()}
    gap = rules.setdefault("min-gap", {})
    gap.setdefault("fps", options.fps)
    return LintConfig(profile=config.profile, rules=rules, source=config.source)


def _lint_key(config) -> str:
    return json.dumps({"rules": config.rules}, sort_keys=True, default=str)


# --------------------------------------------------------------------------- manifest


def read_manifest(out_dir: Path) -> tuple[dict[str, Any], str | None]:
    """(episodes table, a warning when the manifest was unreadable and is ignored)."""
    path = out_dir / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, None
    except (OSError, ValueError) as exc:
        return {}, f"{path}: unreadable manifest ignored ({exc}); every episode will be redone"
    if not isinstance(data, dict) or not isinstance(data.get("episodes"), dict):
        return {}, f"{path}: unexpected manifest layout ignored; every episode will be redone"
    return data["episodes"], None


def _record(out_dir: Path, name: str, entry: dict[str, Any] | None) -> None:
    """Set (or, with None, drop) one episode's record; read-modify-write under a lock."""
    from subkit.srtio import atomic_write_text

    out_dir.mkdir(parents=True, exist_ok=True)
    with locked(out_dir / _LOCK_NAME):
        episodes, _ = read_manifest(out_dir)
        if entry is None:
            episodes.pop(name, None)
        else:
            episodes[name] = entry
        doc = {"schema": _MANIFEST_SCHEMA, "episodes": dict(sorted(episodes.items()))}
        atomic_write_text(out_dir / MANIFEST_NAME, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def _up_to_date(entry: dict[str, Any] | None, input_hash: str, options_key: str, identity: str,
                episode_dir: Path) -> tuple[bool, list[str]]:
    """(the episode can be skipped, the outputs edited by hand since the last run).

    Inputs decide: the transcript, the options and the model. A missing output means the episode
    must be redone; an output whose contents changed since it was written was edited by someone
    (a subtitler fixing a cue): it is kept, and reported, rather than overwritten.
    """
    if not isinstance(entry, dict):
        return False, []
    if (entry.get("input_sha256"), entry.get("options"), entry.get("model")) != (input_hash, options_key, identity):
        return False, []
    outputs = entry.get("outputs")
    if not isinstance(outputs, dict) or not outputs:
        return False, []
    edited = []
    for fname, digest in outputs.items():
        current = _sha256_file(episode_dir / fname)
        if current is None:
            return False, []
        if current != digest:
            edited.append(fname)
    return True, edited


# --------------------------------------------------------------------------- one episode


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


def _clean_stale_temporaries(directory: Path, name: str) -> None:
    """Remove ``.NAME.*.tmp`` files left by a killed run (atomic writes in progress)."""
    try:
        for leftover in directory.glob(f".{name}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()
    except OSError:
        pass


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
    return {"problems": problems, "counts": counts, "statistics": statistics,
            "lint_profile": rep.profile, "lint_lang": rep.lang}


def _profile_json(profile) -> dict[str, Any]:
    return {
        "name": profile.name, "lang": profile.lang,
        "max_chars_per_line": profile.max_chars_per_line, "max_lines": profile.max_lines,
        "max_cps": profile.max_cps, "hard_max_cps": round(profile.hard_max_cps, 3),
        "min_duration": round(profile.min_duration, 4), "max_duration": profile.max_duration,
        "min_gap_frames": profile.min_gap_frames, "fps": profile.fps,
    }


def process_episode(transcript: str, out_dir: str, options: EpisodeOptions, model: dict[str, str],
                    options_key: str, show_bar: bool = False, log: Log | None = None) -> EpisodeResult:
    """Run the whole job on one transcript; never raises for a bad input (the result says why).

    This is the function worker processes run. It writes the outputs (atomically) and returns what
    the manifest and the summary need; the caller records the manifest entry.
    """
    log = log or _stderr
    path = Path(transcript)
    name = episode_name(path)
    result = EpisodeResult(name=name, input=str(path))
    t_start = time.perf_counter()
    try:
        _run_steps(path, name, Path(out_dir), options, model, show_bar, log, result)
        result.status = "done"
    except SubkitError as exc:
        result.status, result.error = "failed", str(exc)
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # a bug must not stop the other episodes; say what and where
        result.status, result.error = "failed", f"{path}: internal error: {type(exc).__name__}: {exc}"
    result.seconds = round(time.perf_counter() - t_start, 2)
    return result


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _run_steps(path: Path, name: str, out_dir: Path, options: EpisodeOptions, model: dict[str, str],
               show_bar: bool, log: Log, result: EpisodeResult) -> None:
    import srt

    from subkit.cues import seconds_to_ms
    from subkit.language import detect_language
    from subkit.profiles import count_chars
    from subkit.report import cps_summary, cue_rows, render_html, render_json
    from subkit.segment import segment_transcript
    from subkit.srtio import atomic_write_text, decode_text, read_bytes
    from subkit.translate.job import translate_file

    timings: dict[str, float] = {}
    t_total = time.perf_counter()
    src_profile = options.source_profile().with_fps(options.fps)
    tgt_profile = options.target_profile().with_fps(options.fps)
    episode_dir = out_dir / name
    fr_path = episode_dir / f"{name}.{options.source}.srt"
    en_path = episode_dir / f"{name}.{options.target}.srt"
    json_path = episode_dir / f"{name}.report.json"
    html_path = episode_dir / f"{name}.report.html"

    # read
    t = time.perf_counter()
    data = read_bytes(path)
    result.input_hash = _sha256_bytes(data)
    text = decode_text(data, str(path), options.encoding)
    lang = detect_language(text[:4000])
    if lang and lang != options.source and not options.force_language:
        raise SubkitError(f"looks like '{lang}', not '{options.source}' "
                          "(--force-language processes it anyway)", str(path))
    timings["read"] = time.perf_counter() - t

    # segment
    t = time.perf_counter()
    seg = segment_transcript(text, name=str(path), lang=options.source, profile=options.source_profile(),
                             rate=options.rate, start_ms=seconds_to_ms(options.start),
                             duration_ms=None if options.duration is None else seconds_to_ms(options.duration),
                             fps=options.fps, title=options.title)
    try:
        episode_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SubkitError(f"cannot create the output folder: {exc.strerror or exc}", str(episode_dir)) from None
    _clean_stale_temporaries(episode_dir, name)
    fr_text = seg.to_srt()
    atomic_write_text(fr_path, fr_text)
    timings["segment"] = time.perf_counter() - t
    extra = ""
    if seg.dropped:
        reasons = sorted({reason for _, _, reason in seg.dropped})
        extra += (f", dropped {len(seg.dropped)} non-speech line(s) ({', '.join(reasons)}; lines "
                  f"{', '.join(str(n) for n, _, _ in seg.dropped)})")
    if seg.warnings:
        extra += f", {len(seg.warnings)} timing warning(s) (see the report)"
    log(f"{name}: segment: {len(seg.cues)} cues -> {fr_path} ({timings['segment']:.1f} s){extra}")

    # translate
    t = time.perf_counter()
    log(f"{name}: translate: started")
    bar_state: dict[str, Any] = {}

    def on_total(total: int) -> None:
        if show_bar and total:
            import click

            bar_state["bar"] = click.progressbar(length=total, label=f"{name}: translating",
                                                 file=sys.stderr)
            bar_state["bar"].__enter__()

    def progress(n: int) -> None:
        if bar_state.get("bar"):
            bar_state["bar"].update(n)

    try:
        report, _ = translate_file(
            str(fr_path), str(en_path), source=options.source, target=options.target,
            profile=tgt_profile.name, model=options.model, beam_size=options.beam_size,
            threads=options.threads, device=options.device, memory_path=options.memory_path,
            use_memory=options.use_memory, glossary=options.glossary, keep_names=options.keep_names,
            force=True,
            fps=options.fps, on_total=on_total, progress=progress)
    finally:
        if bar_state.get("bar"):
            bar_state["bar"].__exit__(None, None, None)
    timings["translate"] = time.perf_counter() - t
    result.sentences_new = report.translated
    result.sentences_remembered = report.remembered
    log(f"{name}: translate: {report.cues} cues, {report.sentences} sentences "
        f"({report.translated} new, {report.remembered} from memory) -> {en_path} "
        f"({timings['translate']:.1f} s)"
        + (f", {len(report.warnings)} warning(s) (see the report)" if report.warnings else ""))

    # lint
    t = time.perf_counter()
    config = _lint_config(options)
    en_text = en_path.read_text(encoding="utf-8")
    tracks: dict[str, dict[str, Any]] = {}
    for code, srt_path, srt_text, profile in ((options.source, fr_path, fr_text, src_profile),
                                              (options.target, en_path, en_text, tgt_profile)):
        linted = _lint_track(srt_path, profile, config)
        cues = cue_rows(srt.parse(srt_text), count_chars)
        tracks[code] = {
            "file": srt_path.name,
            "lang": code,
            "profile": _profile_json(profile),
            "cues": cues,
            "problems": linted["problems"],
            "counts": linted["counts"],
            "statistics": linted["statistics"],
            "summary": cps_summary(cues, profile.hard_max_cps),
        }
        result.cues[code] = len(cues)
        result.problems[code] = dict(linted["counts"])
    timings["lint"] = time.perf_counter() - t
    log(f"{name}: lint: " + ", ".join(
        f"{code} {tr['counts'].get('error', 0)} errors {tr['counts'].get('warning', 0)} warnings"
        for code, tr in tracks.items()) + f" ({timings['lint']:.1f} s)")

    # report
    timings["total"] = time.perf_counter() - t_total
    doc = {
        "schema": "subkit.episode-report/1",
        "episode": name,
        "input": {"path": str(path), "sha256": result.input_hash, "bytes": len(data)},
        "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "versions": _versions(),
        "model": model,
        "options": _options_json(options, src_profile, tgt_profile),
        "timings": {k: round(v, 3) for k, v in timings.items()},
        "segment": {
            "dropped": [{"line": ln, "text": tx, "reason": rs} for ln, tx, rs in seg.dropped],
            "warnings": list(seg.warnings),
            "notes": list(seg.notes),
        },
        "translation": {
            "cues": report.cues, "sentences": report.sentences, "remembered": report.remembered,
            "translated": report.translated, "merged": report.merged,
            "names_restored": report.names_restored, "warnings": list(report.warnings),
        },
        "tracks": tracks,
    }
    json_text = render_json(doc)
    html_text = render_html(doc)
    atomic_write_text(json_path, json_text)
    atomic_write_text(html_path, html_text)
    log(f"{name}: report: {html_path}")
    result.outputs = {
        fr_path.name: _sha256_bytes(fr_text.encode("utf-8")),
        en_path.name: _sha256_bytes(en_text.encode("utf-8")),
        json_path.name: _sha256_bytes(json_text.encode("utf-8")),
        html_path.name: _sha256_bytes(html_text.encode("utf-8")),
    }


def _options_json(options: EpisodeOptions, src_profile, tgt_profile) -> dict[str, Any]:
    out = asdict(options)
    out["profile"] = src_profile.name
    out["profile_target"] = tgt_profile.name
    return out


# --------------------------------------------------------------------------- many episodes


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: the parent alone handles it (it ends the workers),
    # so that workers do not print tracebacks of their own.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_episodes(inputs: Sequence[str], out_dir: str, options: EpisodeOptions, *, jobs: int = 1,
                 force: bool = False, log: Log | None = None, show_bar: bool = False,
                 on_result: Callable[[EpisodeResult], None] | None = None) -> list[EpisodeResult]:
    """Run the job on every transcript of *inputs*; return one result per episode, input order.

    Raises :class:`SubkitError` only for problems of the whole run (no transcript, no model,
    an unusable option); an episode's own failure is in its result.
    """
    log = log or _stderr
    transcripts = discover(inputs)
    out = Path(out_dir)
    # Validate shared options once, up front: a bad profile or glossary fails the run, not each episode.
    options.source_profile()
    options.target_profile()
    glossary_hash = None
    if options.glossary:
        from subkit.translate.glossary import load_glossary

        load_glossary(options.glossary)  # a bad glossary fails the run once, not every episode
        glossary_hash = _sha256_file(Path(options.glossary))
        if glossary_hash is None:
            raise SubkitError("cannot read the glossary", options.glossary)
    config = _lint_config(options)
    key = options.key(glossary_hash, _lint_key(config))
    model = model_info(options)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SubkitError(f"cannot create the output folder: {exc.strerror or exc}", str(out)) from None
    episodes, warning = read_manifest(out)
    if warning:
        log(f"warning: {warning}")

    results: dict[str, EpisodeResult] = {}
    todo: list[tuple[Path, str]] = []
    for path in transcripts:
        name = episode_name(path)
        digest = _sha256_file(path)
        entry = episodes.get(name)
        skip, edited = (False, [])
        if not force and digest is not None:
            skip, edited = _up_to_date(entry, digest, key, model["identity"], out / name)
        if skip:
            res = EpisodeResult(name=name, input=str(path), status="skipped", input_hash=digest)
            for k, v in (entry.get("summary") or {}).items():
                if k in ("cues", "problems"):
                    setattr(res, k, v)
            results[name] = res
            log(f"{name}: unchanged since the last run, skipped (--force redoes it)")
            if edited:
                log(f"{name}: edited since the last run, kept as they are: {', '.join(edited)}")
            if on_result:
                on_result(res)
        else:
            todo.append((path, name))

    def finish(res: EpisodeResult) -> None:
        if res.status == "done":
            _record(out, res.name, {
                "input": res.input,
                "input_sha256": res.input_hash,
                "options": key,
                "model": model["identity"],
                "outputs": res.outputs,
                "finished": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
                "summary": res.summary(),
            })
        else:
            log(f"{res.name}: failed: {res.error}")
        results[res.name] = res
        if on_result:
            on_result(res)

    if todo:
        workers = max(1, min(jobs, len(todo)))
        if not options.threads:
            # Share the cores between the workers instead of oversubscribing them.
            cores = os.cpu_count() or 1
            options = _replace(options, threads=max(1, cores // workers))
        if workers == 1:
            for path, name in todo:
                finish(process_episode(str(path), str(out), options, model, key, show_bar, log))
        else:
            _run_parallel(todo, out, options, model, key, workers, finish)
    return [results[episode_name(p)] for p in transcripts]


def _replace(options: EpisodeOptions, **changes) -> EpisodeOptions:
    from dataclasses import replace

    return replace(options, **changes)


def _run_parallel(todo, out: Path, options: EpisodeOptions, model, key, workers: int,
                  finish: Callable[[EpisodeResult], None]) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init) as pool:
        futures = {pool.submit(process_episode, str(path), str(out), options, model, key, False, None):
                   (path, name) for path, name in todo}
        try:
            for future in as_completed(futures):
                path, name = futures[future]
                try:
                    res = future.result()
                except BrokenProcessPool:
                    res = EpisodeResult(name=name, input=str(path), status="failed",
                                        error=f"{path}: the worker process died (killed or out of memory)")
                except Exception as exc:  # pickling problems and the like
                    res = EpisodeResult(name=name, input=str(path), status="failed",
                                        error=f"{path}: {type(exc).__name__}: {exc}")
                finish(res)
        except KeyboardInterrupt:
            # Stop now: cancel what has not started and end the workers (their outputs are
            # written atomically, and unfinished episodes are not in the manifest).
            pool.shutdown(wait=False, cancel_futures=True)
            for child in multiprocessing.active_children():
                child.terminate()
            raise


def exit_code(results: Sequence[EpisodeResult]) -> int:
    """2 if any episode failed, else 1 if any has an error-level problem, else 0."""
    if any(r.status == "failed" for r in results):
        return 2
    if any(r.errors for r in results):
        return 1
    return 0


def summary_table(results: Sequence[EpisodeResult], source: str = "fr", target: str = "en") -> str:
    """The short table printed at the end of a run (one row per episode)."""
    header = ["episode", "status", f"cues {source}/{target}", "errors", "warnings",
              "sentences new/remembered", "time"]
    rows = []
    for r in results:
        if r.status == "failed":
            rows.append([r.name, "FAILED", "-", "-", "-", "-", f"{r.seconds:.1f} s"])
            continue
        cues = f"{r.cues.get(source, 0)}/{r.cues.get(target, 0)}"
        errors = "/".join(str(r.problems.get(c, {}).get("error", 0)) for c in (source, target))
        warns = "/".join(str(r.problems.get(c, {}).get("warning", 0)) for c in (source, target))
        sentences = f"{r.sentences_new}/{r.sentences_remembered}"
        rows.append([r.name, r.status, cues, errors, warns, sentences, f"{r.seconds:.1f} s"])
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]

    def fmt(row: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip()

    lines = [fmt(header), fmt(["-" * w for w in widths])]
    lines += [fmt(r) for r in rows]
    failed = [r for r in results if r.status == "failed"]
    lines += [f"{r.name}: error: {r.error}" for r in failed]
    return "\n".join(lines)
