"""Many episodes: find the transcripts, skip what is up to date, run the rest (in parallel if asked)
and record each finished episode in the manifest."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

from subkit.episode.edits import keep_edits
from subkit.episode.manifest import now, read_manifest, record, sha256_file, up_to_date
from subkit.episode.media import episode_input
from subkit.episode.options import EpisodeOptions
from subkit.episode.steps import EpisodePaths, Log, ProgressFor, Transcript, read_step, run_steps
from subkit.episode.summary import EpisodeResult
from subkit.errors import SubkitError
from subkit.srtio import locked, same_file
from subkit.translate.qa import LOW_CONFIDENCE, review_threshold

__all__ = ["discover", "episode_name", "model_info", "process_episode", "run_episodes"]

OnResult = Callable[[EpisodeResult], None]
T = TypeVar("T")


# --------------------------------------------------------------------------- inputs


def _other_inputs() -> frozenset[str]:
    """The extensions of what a job may be given besides a transcript: web pages and subtitle files."""
    from subkit.formats import SUBTITLE_EXTENSIONS
    from subkit.html_text import PAGE_SUFFIXES

    return SUBTITLE_EXTENSIONS | PAGE_SUFFIXES


def discover(inputs: Sequence[str]) -> list[Path]:
    """Transcript files from *inputs*: files as given (subtitle files too, laid out again),
    directories' ``*.txt`` files, or when a directory has none, its web pages and subtitle files
    (sorted).

    Two transcripts with the same name would write into the same folder: that is an error.
    """
    found: list[Path] = []
    for item in inputs:
        found.extend(_transcripts(item))
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


def _transcripts(item: str) -> list[Path]:
    p = Path(item)
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith("."))
        txt = [f for f in files if f.suffix.lower() == ".txt"]
        # a folder without transcripts: its web pages and other tools' subtitles (beside a
        # transcript, a subtitle file is more likely last week's track than an input)
        found = txt or [f for f in files if f.suffix.lower() in _other_inputs()]
        if not found:
            raise SubkitError("directory holds no transcript (*.txt), web page or subtitle file", item)
        return found
    if p.exists():
        return [p]
    raise SubkitError("no such file or directory", item)


def episode_name(path: Path) -> str:
    """The episode a file is: its name less ``.txt`` (or a web page's or subtitle file's extension)."""
    suffix = path.suffix.lower()
    return path.name[: -len(suffix)] if suffix == ".txt" or suffix in _other_inputs() else path.name


def model_info(options: EpisodeOptions) -> dict[str, Any]:
    """The translation package the job will use: identity, name, path, version and the confidence
    under which its cues are flagged for review (raises if none)."""
    from subkit import models
    from subkit.models.installed import low_confidence_from

    source, target, model = options.source, options.target, options.translate.model
    if model:
        path = Path(model)
        if not path.is_dir():
            raise SubkitError("--model must be an installed package directory", model)
        pkg = models.package_from_dir(path)
    else:
        pkg = models.find_package(source, target)
        if pkg is None:
            raise SubkitError(
                f"no {source}->{target} translation model installed; run: subkit models install {source} {target}")
    return {"identity": pkg.identity, "name": pkg.name, "path": str(pkg.path),
            "version": pkg.package_version, "review_below": review_threshold(low_confidence_from(pkg.metadata))}


def _model_key(model: dict[str, Any]) -> str:
    """What the manifest records of the model: its identity, and its review threshold when the
    package declares one of its own (a recalibrated package keeps its weights, so its identity,
    but flags other cues: an episode made before must be redone)."""
    if model.get("review_below", LOW_CONFIDENCE) == LOW_CONFIDENCE:
        return model["identity"]
    return f"{model['identity']} review<{model['review_below']}"


# --------------------------------------------------------------------------- one episode


def process_episode(transcript: str, out_dir: str, options: EpisodeOptions, model: dict[str, Any],
                    progress: ProgressFor | None = None, log: Log | None = None,
                    read: Transcript | None = None) -> EpisodeResult:
    """Run the whole job on one transcript; never raises for a bad input (the result says why).

    This is the function worker processes run. It writes the outputs (atomically) and returns what
    the manifest and the summary need; the caller records the manifest entry. *read*: the transcript
    as :func:`~subkit.episode.steps.read_step` already read it (else it is read here).
    """
    log = log or _stderr
    path = Path(transcript)
    name = episode_name(path)
    result = EpisodeResult(name=name, input=str(path))
    t_start = time.perf_counter()
    paths = EpisodePaths.of(Path(out_dir), name, options)
    outcome, error = _attempt(path, lambda: run_steps(path, paths, options, model, progress, log, read))
    if outcome is None:
        result.status, result.error = "failed", error
    else:
        for key, value in asdict(outcome).items():
            setattr(result, key, value)
        result.status = "done"
    result.seconds = round(time.perf_counter() - t_start, 2)
    return result


def _attempt(path: Path, work: Callable[[], T]) -> tuple[T | None, str | None]:
    """(what *work* gave, None), or (None, the one-line error) when it fails for this episode."""
    try:
        return work(), None
    except SubkitError as exc:
        return None, str(exc)
    except Exception as exc:  # a bug must not stop the other episodes; say what and where
        return None, f"{path}: internal error: {type(exc).__name__}: {exc}"


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- many episodes


@dataclass
class _Run:
    """One run's shared state: where, with which key and model, and the results so far."""

    out: Path
    key: str
    model: dict[str, Any]
    log: Log
    on_result: OnResult | None
    episodes: dict = field(default_factory=dict)  # the manifest's table, as the run found it
    results: dict[str, EpisodeResult] = field(default_factory=dict)
    edits: dict[str, list[str]] = field(default_factory=dict)  # episode -> what became of its hand edits
    media_dir: str | None = None  # --media: where recordings not beside their transcript are
    options: EpisodeOptions | None = None  # to lint a track edited by hand since the last run

    def skip(self, path: Path) -> bool:
        """Report and keep the result of an up-to-date episode; False if it must run."""
        name = episode_name(path)
        digest = sha256_file(path)
        entry = self.episodes.get(name)
        if digest is None:
            return False
        digest, _ = episode_input(path, digest, self.media_dir)
        fresh, edited = up_to_date(entry, digest, self.key, _model_key(self.model), self.out / name)
        if not fresh:
            return False
        res = EpisodeResult(name=name, input=str(path), status="skipped", input_hash=digest)
        for k, v in (entry.get("summary") or {}).items():
            if k in ("cues", "problems"):
                setattr(res, k, v)
        self.log(f"{name}: unchanged since the last run, skipped (--force redoes it)")
        if edited:
            self.log(f"{name}: edited since the last run, kept as they are: {', '.join(edited)}")
            self._lint_edited(res, edited)
        self._keep(res)
        return True

    def prepare(self, path: Path, force: bool, discard_edits: bool) -> Transcript | None:
        """Check an episode to redo before anything in its folder changes (its transcript read, and
        the folder not another transcript's), then learn and keep its hand edits; the transcript
        read, or None when the episode failed there (reported: it is not run, its folder untouched)."""
        t_start = time.perf_counter()
        read, error = _attempt(path, lambda: self._prepared(path, force, discard_edits))
        if read is None:
            self.finish(EpisodeResult(name=episode_name(path), input=str(path), status="failed", error=error,
                                      seconds=round(time.perf_counter() - t_start, 2)))
        return read

    def _prepared(self, path: Path, force: bool, discard_edits: bool) -> Transcript:
        assert self.options is not None  # (set by _start)
        name = episode_name(path)
        entry = self.episodes.get(name)
        read = read_step(path, self.options)
        if not force:
            self._refuse_another(path, entry, read.sha256)
        self.edits[name] = keep_edits(self.out / name, name, entry, self.options, discard_edits, self.log)
        return read

    def _refuse_another(self, path: Path, entry: Any, digest: str) -> None:
        """Refuse an episode whose folder another transcript of the same name made (last week's
        folder's): redoing it would lose that one's subtitles. The same transcript moved is no other."""
        made_from = _made_from(self.out, entry)
        if made_from is None or _same_place(made_from, path) or entry.get("input_sha256") == digest:
            return
        raise SubkitError(f"episode {episode_name(path)!r} in {self.out} was made from another transcript, "
                          f"{os.path.normpath(made_from)}: another --out keeps both, --force replaces it", str(path))

    def _lint_edited(self, res: EpisodeResult, edited: list[str]) -> None:
        """The counts of a track edited by hand as it is now, not as the last run wrote it: a run
        that skips the episode still fails CI (exit 1) when the edit broke a limit."""
        from subkit.episode.steps import EpisodePaths, lint_file

        if self.options is None:
            return
        paths = EpisodePaths.of(self.out, res.name, self.options)
        for code, path, profile in ((self.options.source, paths.source_srt, self.options.source_profile()),
                                    (self.options.target, paths.target_srt, self.options.target_profile())):
            if path.name in edited and path.is_file():
                res.cues[code], res.problems[code] = lint_file(path, profile, self.options.lint_configuration())

    def finish(self, res: EpisodeResult) -> None:
        """Record a finished episode in the manifest (a failed one is reported instead)."""
        if res.status == "done":
            record(self.out, res.name, {
                "input": res.input,
                "input_path": _seen_from(self.out, res.input),
                "input_sha256": res.input_hash,
                "options": self.key,
                "model": _model_key(self.model),
                "outputs": res.outputs,
                "finished": now(),
                "summary": res.summary(),
            })
        else:
            self.log(f"{res.name}: failed: {res.error}")
        self._keep(res)

    def _keep(self, res: EpisodeResult) -> None:
        res.edits = self.edits.get(res.name, [])
        self.results[res.name] = res
        if self.on_result:
            self.on_result(res)


def _seen_from(out: Path, path: str) -> str:
    """*path* from the output folder, which the manifest lies in: moving both together (another
    machine, a container) keeps it true. Absolute where no relative path leads there."""
    try:
        return os.path.relpath(os.path.abspath(path), os.path.abspath(out))
    except ValueError:  # another drive
        return os.path.abspath(path)


def _made_from(out: Path, entry: Any) -> Path | None:
    """The transcript the manifest's *entry* was made from (None: it does not say)."""
    if not isinstance(entry, dict):
        return None
    if isinstance(entry.get("input_path"), str):
        return out / entry["input_path"]
    return None  # a manifest from before input_path: "input" is as given, from wherever that run started


def _same_place(a: Path, b: Path) -> bool:
    """One path (as written: a folder link pointing elsewhere since is still the same place), or one file."""
    return os.path.abspath(a) == os.path.abspath(b) or same_file(a, b)


_RUN_LOCK = ".subkit-episode-run.lock"


def _output_folder(out_dir: str) -> Path:
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SubkitError(f"cannot create the output folder: {exc.strerror or exc}", str(out)) from None
    return out


def _start(out_dir: str, options: EpisodeOptions, log: Log, on_result: OnResult | None) -> _Run:
    """Check what the whole run shares, once: options, model, output folder, manifest."""
    key = options.key()
    model = model_info(options)
    out = _output_folder(out_dir)
    episodes, warning = read_manifest(out)
    if warning:
        log(f"warning: {warning}")
    return _Run(out, key, model, log, on_result, episodes, media_dir=options.media_dir, options=options)


def run_episodes(inputs: Sequence[str], out_dir: str, options: EpisodeOptions, *, jobs: int = 1,
                 force: bool = False, log: Log | None = None, progress: ProgressFor | None = None,
                 on_result: OnResult | None = None, discard_edits: bool = False) -> list[EpisodeResult]:
    """Run the job on every transcript of *inputs*; return one result per episode, input order.

    Raises :class:`SubkitError` only for problems of the whole run (no transcript, no model,
    an unusable option); an episode's own failure is in its result. *progress* (one episode at a
    time only) gives each episode's translation somewhere to report its progress. Hand-edited
    outputs of the episodes to redo are learned and kept first (:mod:`subkit.episode.edits`), before
    any episode translates, unless *discard_edits*.
    """
    log = log or _stderr
    options.check()  # a bad option, profile or glossary fails the run once, not every episode
    transcripts = discover(inputs)
    out = _output_folder(out_dir)
    # Two runs on one folder deleted each other's files: the second waits for the first (and then
    # finds its episodes done).
    with locked(out / _RUN_LOCK, on_wait=lambda: log(f"{out}: another subkit episode is writing here: waiting")):
        return _run_locked(transcripts, out_dir, options, jobs, force, log, progress, on_result, discard_edits)


def _run_locked(transcripts: list[Path], out_dir: str, options: EpisodeOptions, jobs: int, force: bool, log: Log,
                progress: ProgressFor | None, on_result: OnResult | None, discard_edits: bool) -> list[EpisodeResult]:
    run = _start(out_dir, options, log, on_result)
    todo = [path for path in transcripts if force or not run.skip(path)]
    # Every episode checked, and its hand edits learned and kept, before any translates (so the
    # episodes redone use the corrections); one that fails there is reported and not run.
    read = {path: transcript for path in todo if (transcript := run.prepare(path, force, discard_edits))}
    if read:
        workers = max(1, min(jobs, len(read)))
        if not options.translate.threads:
            # Share the cores between the workers instead of oversubscribing them.
            options = options.with_threads(max(1, (os.cpu_count() or 1) // workers))
        if workers == 1:
            for path, transcript in read.items():
                run.finish(process_episode(str(path), str(run.out), options, run.model, progress, log, transcript))
        else:
            _run_parallel(read, run, options, workers)
    return [run.results[episode_name(p)] for p in transcripts]


# --------------------------------------------------------------------------- in parallel


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: the parent alone handles it (it ends the workers),
    # so that workers do not print tracebacks of their own.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_parallel(todo: dict[Path, Transcript], run: _Run, options: EpisodeOptions, workers: int) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init) as pool:
        futures = {pool.submit(process_episode, str(path), str(run.out), options, run.model, None, None, read): path
                   for path, read in todo.items()}
        try:
            for future in as_completed(futures):
                run.finish(_outcome(future, futures[future]))
        except KeyboardInterrupt:
            # Stop now: cancel what has not started and end the workers (their outputs are
            # written atomically, and unfinished episodes are not in the manifest).
            pool.shutdown(wait=False, cancel_futures=True)
            for child in multiprocessing.active_children():
                child.terminate()
            raise


def _outcome(future, path: Path) -> EpisodeResult:
    from concurrent.futures.process import BrokenProcessPool

    name = episode_name(path)
    try:
        return future.result()
    except BrokenProcessPool:
        return EpisodeResult(name=name, input=str(path), status="failed",
                             error=f"{path}: the worker process died (killed or out of memory)")
    except Exception as exc:  # pickling problems and the like
        return EpisodeResult(name=name, input=str(path), status="failed",
                             error=f"{path}: {type(exc).__name__}: {exc}")
