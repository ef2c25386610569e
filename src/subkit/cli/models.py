"""``subkit models``: list, install and remove Argos Translate packages (shared with other Argos tools)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from subkit import models as m
from subkit.cli import reports_errors


@click.group("models")
def models() -> None:
    """Manage offline translation models (Argos Translate packages).

    Packages live in argostranslate's package directory (ARGOS_PACKAGES_DIR, else argostranslate's
    settings.json, else ~/.local/share/argos-translate/packages), shared with other Argos tools.
    Needs argostranslate (pip install 'subkit[translate]').
    """


@models.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@reports_errors()
def list_cmd(as_json: bool) -> None:
    """List installed translation packages."""
    directory = m.packages_dir()
    packages, problems = m.scan_packages(directory)
    for problem in problems:
        click.echo(f"subkit models: warning: skipped {problem}", err=True)
    if as_json:
        click.echo(json.dumps([p.to_json() for p in packages], ensure_ascii=False, indent=2))
        return
    if not packages:
        click.echo(f"no translation packages installed in {directory}", err=True)
        click.echo("install one with: subkit models install fr en", err=True)
        return
    rows = [("PAIR", "VERSION", "NAME", "PATH")] + [
        (f"{p.from_code}→{p.to_code}", p.package_version or "-", p.name, str(p.path)) for p in packages
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths)) + "  " + row[3])


@models.command("install")
@click.argument("args", nargs=-1, required=True, metavar="PATH.argosmodel | FROM TO")
@click.option(
    "--index", "index", metavar="URL", help="Package index URL (default: ARGOS_PACKAGE_INDEX, else the Argos index)."
)
@click.option("--offline", is_flag=True, help="Skip the index; install the repository's own package.")
@click.option(
    "--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True, help="Network timeout in seconds."
)
@reports_errors()
def install_cmd(args: tuple[str, ...], index: str | None, offline: bool, timeout: float) -> None:
    """Install a package from a file, or for a language pair.

    \b
    subkit models install PATH.argosmodel   verify the archive, then install it
    subkit models install fr en             from the Argos package index; offline (or with
                                            --offline), the repository's own package
    """
    if len(args) == 1:
        if index or offline:
            raise click.UsageError("--index and --offline apply to `install FROM TO`, not to a file")
        pkg = m.install_file(Path(args[0]))
        version = pkg.package_version or "-"
        click.echo(f"installed {pkg.name} ({pkg.from_code}→{pkg.to_code}, version {version}) in {pkg.path.parent}")
        return
    if len(args) != 2:
        raise click.UsageError("expected PATH.argosmodel, or FROM and TO language codes")
    from_code, to_code = args
    pkg, message = m.install_pair(from_code, to_code, index_url=index, timeout=timeout, offline=offline)
    click.echo(message)


@models.command("remove")
@click.argument("args", nargs=-1, required=True, metavar="FROM TO | NAME")
@reports_errors()
def remove_cmd(args: tuple[str, ...]) -> None:
    """Remove the packages for a language pair, or the package called NAME."""
    if len(args) == 1:
        removed = m.remove(name=args[0])
    elif len(args) == 2:
        removed = m.remove(args[0], args[1])
    else:
        raise click.UsageError("expected FROM and TO language codes, or a package name")
    for pkg in removed:
        click.echo(f"removed {pkg.name} ({pkg.from_code}→{pkg.to_code}) from {pkg.path.parent}")
