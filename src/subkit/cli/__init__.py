"""The ``subkit`` command: a click group whose subcommands load lazily.

Each subcommand lives in its own module (``subkit.cli.<name>``) and is imported only when it
runs, so ``subkit lint`` never pays for the translation stack.
"""

from __future__ import annotations

import importlib
import sys

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
}

_SHORT_HELP = {
    "segment": "Turn a plain transcript into timed SRT subtitles.",
    "lint": "Check SRT files against a subtitle style profile.",
    "translate": "Translate SRT subtitles offline, with sentence context.",
    "models": "Manage offline translation models (Argos packages).",
    "episode": "Whole job: transcripts to checked French and English subtitles.",
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
        click.echo(f"subkit: error: {exc}", err=True)
        sys.exit(2)
