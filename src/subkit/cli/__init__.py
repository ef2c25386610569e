"""The ``subkit`` command: a click group whose subcommands load lazily.

Each subcommand lives in its own module (``subkit.cli.<name>``) and is imported only when it
runs, so ``subkit lint`` never pays for the translation stack.
"""

from __future__ import annotations

import functools
import importlib
import sys
from typing import Any, Callable, NoReturn

import click

from subkit import __version__
from subkit.errors import SubkitError

# name -> "module:attribute"; the order is the order of `subkit --help`.
COMMANDS = {
    "segment": "subkit.cli.segment:segment",
    "lint": "subkit.cli.lint:lint",
    "models": "subkit.cli.models:models",
    "translate": "subkit.cli.translate:translate",
    "episode": "subkit.cli.episode:episode",
    "memory": "subkit.cli.memory:memory",
    "convert": "subkit.cli.convert:convert",
    "sync": "subkit.cli.sync:sync",
}

_SHORT_HELP = {
    "segment": "Turn a plain transcript into timed SRT or WebVTT subtitles.",
    "lint": "Check SRT and WebVTT files against a subtitle style profile.",
    "translate": "Translate SRT or WebVTT subtitles offline, with sentence context.",
    "models": "Manage offline translation models (Argos packages).",
    "episode": "Whole job: transcripts to checked French and English subtitles.",
    "memory": "Translation memory: learn human translations, TMX exchange, stats, prune.",
    "convert": "Convert subtitles between formats (SRT, WebVTT, SBV, ASS, TTML...).",
    "sync": "Re-time SRT or WebVTT subtitles to the speech of an audio or video file.",
}


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that subcommand is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Listing must not import every subcommand (that would import the translation stack).
        rows = [(name, _SHORT_HELP.get(name, "")) for name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="subkit")
def cli() -> None:
    """subkit: produce, translate and lint subtitles, offline."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning :class:`SubkitError` into a one-line message."""
    try:
        cli.main(args=argv, prog_name="subkit", standalone_mode=True)
    except SubkitError as exc:  # raised outside a command's own handling
        fail(exc)


# --------------------------------------------------------------------------- reporting errors
#
# Every command reports an error the same way: one line on stderr, ``subkit COMMAND: error:
# FILE:LINE: message`` (the place as the SubkitError gives it), no traceback, exit status 2.

EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


def _prefix() -> str:
    ctx = click.get_current_context(silent=True)
    while ctx is not None and ctx.parent is not None and ctx.parent.parent is not None:
        ctx = ctx.parent  # `subkit models install` reports as `subkit models`
    if ctx is None or ctx.parent is None or not ctx.command.name:  # outside any subcommand
        return "subkit"
    return f"subkit {ctx.command.name}"


def error_line(error: SubkitError | str) -> str:
    """``subkit COMMAND: error: FILE:LINE: message``."""
    return f"{_prefix()}: error: {error}"


def echo_error(error: SubkitError | str) -> None:
    """Print one error line on stderr and carry on (one bad file among several, say)."""
    click.echo(error_line(error), err=True)


def fail(error: SubkitError | str, code: int = EXIT_ERROR) -> NoReturn:
    """Print one error line on stderr and exit with *code*."""
    echo_error(error)
    sys.exit(code)


def reports_errors(interrupted: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a command (innermost, under its click decorators): a :class:`SubkitError` it raises
    becomes :func:`fail`'s one line and status 2; Ctrl-C one line (``interrupted``, if given, says
    what state things are left in) and status 130."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return command(*args, **kwargs)
            except SubkitError as exc:
                fail(exc)
            except KeyboardInterrupt:
                click.echo(f"{_prefix()}: interrupted" + (f"; {interrupted}" if interrupted else ""), err=True)
                sys.exit(EXIT_INTERRUPTED)

        return run

    return decorate


# --------------------------------------------------------------------------- shared options


def _stack(*decorators: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """One decorator applying *decorators* in the order they are written (as stacked above a def)."""
    def apply(command: Any) -> Any:
        for decorator in reversed(decorators):
            command = decorator(command)
        return command

    return apply


# The translation options `subkit translate` and `subkit episode` share (TranslateOptions' fields).
engine_options = _stack(
    click.option("--model", metavar="DIR", help="Use this Argos package directory instead of the installed one."),
    click.option("--beam-size", default=4, show_default=True, type=click.IntRange(1, 16)),
    click.option("--retry-beam", default=12, show_default=True, type=click.IntRange(0, 32),
                 help="Decode a sentence again with this wider beam when no hypothesis of the first passes "
                      "the word checks (an invented word, a source word left in, a repeated word); 0: never."),
    click.option("--invented-retries", default=8, show_default=True, type=click.IntRange(0, 10),
                 help="Decode a sentence still left with an invented word (or a source word left in) again, "
                      "forbidding the word pieces the model spelt it with, up to this many times; 0: never."),
)
memory_options = _stack(
    click.option("--memory", "memory_path", metavar="PATH",
                 help="Translation memory database (on by default; only new sentences are translated). "
                      "Default: ~/.cache/subkit/memory.sqlite3."),
    click.option("--no-memory", "use_memory", flag_value=False, default=True,
                 help="Neither read nor write the translation memory."),
    click.option("--memory-mode", default="human-first", show_default=True,
                 type=click.Choice(["human-first", "machine-only", "off"]),
                 help="human-first: a human entry (subkit memory import, edits episode learned) wins over the "
                      "machine's; machine-only: ignore human entries; off: as --no-memory."),
)
names_options = _stack(
    click.option("--glossary", metavar="FILE.tsv", multiple=True, callback=lambda ctx, param, value: _one(value, param),
                 help="'French term<TAB>English term' lines to enforce (one file: put all terms in it)."),
    click.option("--keep-names/--no-keep-names", default=True, show_default=True,
                 help="Put back source names the model garbled (Pokrovskovs -> Pokrovsk)."),
)


def _one(values: tuple[str, ...], param: click.Parameter) -> str | None:
    """The one value of an option that click would otherwise let a second use replace silently."""
    if len(values) > 1:
        raise click.BadParameter(f"given {len(values)} times; give one file (merge the others into it)", param=param)
    return values[0] if values else None


class FrameRate(click.ParamType):
    """A ``--fps`` value: a finite number of frames per second, from 1 to 240 (click's FloatRange lets
    ``nan`` through, which no comparison refuses; under 1 frame a second, a frame outlasts a cue)."""

    name = "fps"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            fps = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number", param, ctx)
        if not 1 <= fps <= 240:  # False for nan too
            self.fail(f"{value!r} is not a frame rate (from 1 to 240)", param, ctx)
        return fps


FRAME_RATE = FrameRate()


class RulesLanguage(click.ParamType):
    """A ``--lang`` of segment and sync: ``auto``, or a language whose rules subkit has (``fr``,
    ``en``), read as the other commands read codes (``FR``, ``fr-FR``, ``en_GB``)."""

    name = "auto|fr|en"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[auto|fr|en]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from subkit.language import SUPPORTED, primary_language

        if str(value).strip().lower() == "auto":
            return "auto"
        try:
            code = primary_language(str(value), "--lang")
        except SubkitError as exc:
            self.fail(exc.message, param, ctx)
        if code not in SUPPORTED:
            self.fail(f"{value!r}: subkit has line-break and timing rules for {', '.join(SUPPORTED)} (or auto)",
                      param, ctx)
        return code


RULES_LANGUAGE = RulesLanguage()


def parse_times(start: str, duration: str | None) -> dict[str, int | None]:
    """``--start`` and ``--duration`` (seconds or HH:MM:SS,mmm) as SegmentOptions' ``start_ms`` and
    ``duration_ms``."""
    from subkit.cues import parse_time

    try:
        return {"start_ms": parse_time(start),
                "duration_ms": parse_time(duration) if duration is not None else None}
    except ValueError as exc:
        raise SubkitError(f"bad time: {exc}") from None


# --------------------------------------------------------------------------- progress


class ProgressBar:
    """A click progress bar on stderr fed by a job's :class:`subkit.translate.job.Progress` calls;
    it shows only for a person watching (stderr a terminal) and when *enabled*."""

    def __init__(self, label: str, enabled: bool = True):
        self.label = label
        self.enabled = enabled and _stderr_is_tty()
        self._bar: Any = None

    def on_total(self, total: int) -> None:
        if self.enabled and total and self._bar is None:
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self._bar.__enter__()

    def advance(self, done: int) -> None:
        if self._bar is not None:
            self._bar.update(done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def plural(count: int, noun: str, many: str | None = None) -> str:
    """*noun* as *count* of it reads: "cue" for 1, "cues" (or *many*: "entries") otherwise."""
    return noun if count == 1 else many or noun + "s"
