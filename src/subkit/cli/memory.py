"""``subkit memory``: learn reviewed translations, exchange the memory as TMX/TSV, inspect and prune it."""

from __future__ import annotations

import click

from subkit.cli import plural, reports_errors
from subkit.errors import SubkitError

_CONTEXT = {"help_option_names": ["-h", "--help"]}


def _memory_option(command):
    return click.option("--memory", "memory_path", metavar="PATH",
                        help="Translation memory database. Default: translate's, "
                             "~/.cache/subkit/memory.sqlite3.")(command)


def _path(memory_path: str | None, must_exist: bool = False) -> str:
    from pathlib import Path

    from subkit.translate.memory import default_memory_path
    from subkit.translate.memory.store import refuse_folder

    path = str(memory_path or default_memory_path())
    refuse_folder(path)
    if must_exist and not Path(path).is_file():  # reading must not create an empty database
        raise SubkitError("no translation memory here yet (translate or import something first)", path)
    return path


@click.group("memory", context_settings=_CONTEXT)
def memory() -> None:
    """Translation memory: human entries, TMX exchange, statistics, pruning.

    Human entries (imported from a reviewed pair or a TMX file, or learned from a hand-edited
    episode output) win over the machine's: translate serves them as the person wrote them.
    """


@memory.command("import", context_settings=_CONTEXT)
@click.argument("files", metavar="SOURCE.srt TRANSLATION.srt | FILE.tmx", nargs=-1, required=True)
@click.option("--from", "source", default="fr", show_default=True,
              help="Source language code (a TMX region variant: fr-CA).")
@click.option("--to", "target", default="en", show_default=True,
              help="Target language code; for a TMX with several variants of it, en-GB picks that one "
                   "(default: each unit's first).")
@click.option("--force", is_flag=True,
              help="Import even if a file does not look like its language, or the pair's time spans differ.")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the SRT files.")
@_memory_option
@reports_errors()
def import_(files, source, target, force, encoding, memory_path):
    """Learn human translations: a subtitle pair, or a TMX file.

    A pair is aligned by cue times: the source is cut into sentences as translate cuts it, and each
    sentence is stored with the translated text that covers it, marked human, with the files and
    time it came from; a lyric cue (♪) the translation changed is learned whole. Everything is
    imported in one transaction, or nothing.
    """
    from subkit.language import language_pair
    from subkit.translate.memory.store import store_entries

    path = _path(memory_path)
    # a region (en-GB) names a TMX variant; a subtitle pair is stored for its language, as TMX units are
    languages = language_pair(source, target)
    if len(files) == 1 and files[0].lower().endswith(".tmx"):
        _import_tmx(files[0], source, target, path)
        return
    if len(files) != 2:
        raise SubkitError("give a pair, SOURCE.srt TRANSLATION.srt, or one FILE.tmx")
    from subkit.translate.memory.align import SHARED, read_pair

    aligned = read_pair(files[0], files[1], *languages, check=not force, encoding=encoding)
    stored = store_entries(path, aligned.entries)
    notes = [f"{n} {what}" for n, what in ((aligned.uncovered, "without translated text"),
                                           (aligned.merged, f"not learned: {SHARED}"),
                                           (len(stored.refused), f"not taken: {NEWER}")) if n]
    click.echo(f"{path}: learned {_learned(aligned, stored)} from {files[0]} + {files[1]} "
               "(human)" + "".join(f", {note}" for note in notes), err=True)


def _learned(aligned, stored) -> str:
    """"7 of 8 sentences", and the lyric cues learned whole (the last entries) when there are any."""
    first = len(aligned.entries) - aligned.lyrics
    lyrics = aligned.lyrics - sum(1 for n in stored.refused if n >= first)
    sung = f" and {lyrics} lyric {plural(lyrics, 'cue')} (♪, learned whole)" if lyrics else ""
    return f"{stored.written - lyrics} of {aligned.sentences} sentences{sung}"


NEWER = "a newer entry exists"


def _import_tmx(file: str, source: str, target: str, path: str) -> None:
    from subkit.translate.memory.store import store_entries
    from subkit.translate.memory.tmx import read_tmx

    read = read_tmx(file, source, target)
    stored = store_entries(path, read.entries)
    refused = {read.unit_of[n] for n in stored.refused}
    taken = len(set(read.unit_of) - refused)
    extra = [f"{n} {what}" for n, what in ((read.foreign, f"{plural(read.foreign, 'unit')} of other languages"),
                                           (read.skipped, f"empty or incomplete {plural(read.skipped, 'unit')}")) if n]
    click.echo(f"{path}: imported {taken} of {read.units} units from {file}"
               + (f", {len(refused)} not taken: {NEWER}" if refused else "")
               + (f" (skipped {', '.join(extra)})" if extra else ""), err=True)
    for n, warning in ((read.whole, "held several sentences its translation does not cut alike: kept whole, "
                                    "translate looks sentences up one by one"),
                       (read.fragments, "held part of a sentence only: subkit looks sentences up whole"),
                       (read.variants, f"had several {target} variants ({', '.join(read.variant_codes)}): the first "
                                       f"taken; --to {(read.variant_codes or [target])[-1]} picks one")):
        if n:
            click.echo(f"{file}: warning: {n} unit{'s' if n > 1 else ''} {warning}", err=True)


@memory.command("export", context_settings=_CONTEXT)
@click.option("-o", "--output", required=True, metavar="FILE",
              help="Output file ('-' for stdout); never the memory itself nor an existing subtitle file.")
@click.option("--format", "fmt", type=click.Choice(["tmx", "tsv"]), default=None,
              help="TMX 1.4 or tab-separated values. Default: from FILE's suffix, else tmx.")
@click.option("--origin", type=click.Choice(["all", "human", "machine"]), default="all", show_default=True,
              help="Which entries: human ones (imported and edits), the machine's, or all.")
@_memory_option
@reports_errors()
def export(output, fmt, origin, memory_path):
    """Write the memory as TMX 1.4 (what CAT tools read) or TSV."""
    from subkit.translate.memory.exchange import read_entries, write_tmx, write_tsv
    from subkit.translate.memory.store import HUMAN_ORIGINS, ORIGINS

    origins = {"all": ORIGINS, "human": HUMAN_ORIGINS, "machine": ("machine",)}[origin]
    fmt = fmt or ("tsv" if output.lower().endswith(".tsv") else "tmx")
    path = _path(memory_path, must_exist=True)
    _check_export_file(output, path)
    entries = read_entries(path, origins)
    count = (write_tmx if fmt == "tmx" else write_tsv)(entries, output)
    click.echo(f"{output}: {count} {plural(count, 'entry', 'entries')} ({fmt})", err=True)


def _check_export_file(output: str, memory_path: str) -> None:
    """Refuse an export that would replace the memory itself or an existing subtitle file."""
    from subkit.formats import is_subtitle_file
    from subkit.srtio import same_file

    if same_file(output, memory_path):
        raise SubkitError("the export (-o) would overwrite the memory (--memory); choose another file", output)
    if output != "-" and is_subtitle_file(output):
        raise SubkitError("refusing to write the export over a subtitle file; choose another -o", output)


@memory.command("stats", context_settings=_CONTEXT)
@_memory_option
@reports_errors()
def stats_(memory_path):
    """Entries by origin, language pair and model identity."""
    from subkit.translate.memory.exchange import stats

    path = _path(memory_path, must_exist=True)
    rows = stats(path)
    total = sum(r[3] for r in rows)
    click.echo(f"{path}: {total} {plural(total, 'entry', 'entries')}")
    table = [("origin", "pair", "model", "entries")] + [(o, p or "-", m or "-", str(n)) for o, p, m, n in rows]
    widths = [max(len(r[i]) for r in table) for i in range(4)]
    for row in table:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())


@memory.command("prune", context_settings=_CONTEXT)
@click.option("--keep", "keep", multiple=True, metavar="IDENTITY",
              help="Model identity whose machine entries stay (repeatable). Default: the installed model's.")
@click.option("--from", "source", default="fr", show_default=True, help="Source language code.")
@click.option("--to", "target", default="en", show_default=True, help="Target language code.")
@click.option("--dry-run", is_flag=True, help="Only say how many entries would go.")
@_memory_option
@reports_errors()
def prune_(keep, source, target, dry_run, memory_path):
    """Drop the machine entries of old models (those of the installed model, and human entries, stay)."""
    from subkit.language import language_pair
    from subkit.translate.memory.exchange import prune

    source, target = language_pair(source, target)
    if not keep:
        from subkit import models

        pkg = models.find_package(source, target)
        if pkg is None:
            raise SubkitError(f"no {source}->{target} model installed: name the model to keep with --keep")
        keep = (pkg.identity,)
    path = _path(memory_path, must_exist=True)
    count = prune(path, list(keep), pair=f"{source}>{target}", dry_run=dry_run)
    click.echo(f"{path}: {'would drop' if dry_run else 'dropped'} {count} machine {plural(count, 'entry', 'entries')} "
               f"of models other than {', '.join(keep)}", err=True)
