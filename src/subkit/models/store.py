"""Installing a package file and removing packages, atomically and under a lock.

argostranslate installs with ``extractall`` straight into the package directory and removes with
``rmtree``, under a lock that only its own threads see: another process (or a crash) can see a
half-unpacked or half-deleted package. Here an archive is checked first (:mod:`subkit.models.archive`),
unpacked into a work directory inside the package directory and renamed into place; removal renames
first. Both hold an advisory lock on ``.subkit.lock`` there, and then clear argostranslate's cached
language list as its own install and uninstall do.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

from subkit.errors import SubkitError
from subkit.models.archive import Checked, check_archive, extract
from subkit.models.argos import forget_languages, packages_dir
from subkit.models.installed import ModelPackage, installed_packages, package_at
from subkit.srtio import locked

# Names subkit uses inside the package directory while it works. They start with a dot so that
# subkit's own listing skips them; each holds a metadata.json as soon as possible so that
# argostranslate (which lists every directory there) does not choke on one left by a crash.
_TMP_PREFIX = ".subkit-install-"
_OLD_PREFIX = ".subkit-old-"
_LOCK_NAME = ".subkit.lock"
_STALE_SECONDS = 3600


def prepare_dir(directory: Path) -> None:
    """Create the package directory if needed; fail clearly when it cannot be written."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SubkitError(
            f"cannot create packages directory: {exc.strerror or exc} (set ARGOS_PACKAGES_DIR)", str(directory)
        ) from None
    if not directory.is_dir():
        raise SubkitError("packages directory is not a directory (set ARGOS_PACKAGES_DIR)", str(directory))
    if not os.access(directory, os.W_OK | os.X_OK):
        raise SubkitError("packages directory is not writable (set ARGOS_PACKAGES_DIR)", str(directory))


def _rmtree_quiet(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _aside(directory: Path, name: str) -> Path:
    return directory / f"{_OLD_PREFIX}{name}-{os.getpid()}-{time.monotonic_ns()}"


def _clean_stale(directory: Path) -> None:
    """Remove work directories left behind by an interrupted install or removal."""
    now = time.time()
    for entry in directory.glob(".subkit-*"):
        if not entry.name.startswith((_TMP_PREFIX, _OLD_PREFIX)) or not entry.is_dir():
            continue
        try:
            if entry.name.startswith(_OLD_PREFIX) or now - entry.stat().st_mtime > _STALE_SECONDS:
                _rmtree_quiet(entry)
        except OSError:
            pass


def _open_archive(src: Path, name: str) -> zipfile.ZipFile:
    if src.is_dir():
        raise SubkitError("is a directory, not an .argosmodel file", name)
    if not src.exists():
        raise SubkitError("no such file", name)
    try:
        return zipfile.ZipFile(src)
    except (zipfile.BadZipFile, EOFError):
        raise SubkitError("not a valid .argosmodel: not a zip archive (corrupt or truncated?)", name) from None
    except OSError as exc:
        raise SubkitError(f"cannot read: {exc.strerror or exc}", name) from None


def _check_space(directory: Path, checked: Checked, name: str) -> None:
    free = shutil.disk_usage(directory).free
    if checked.total_size > free:
        raise SubkitError(
            f"not enough disk space in {directory}: the package needs "
            f"{checked.total_size / 1e6:.0f} MB, {free / 1e6:.0f} MB free",
            name,
        )


def install_file(path: str | os.PathLike[str]) -> ModelPackage:
    """Install an ``.argosmodel`` file into :func:`packages_dir` and return the installed package.

    The archive is validated before anything is unpacked (:func:`subkit.models.archive.check_archive`).
    It is unpacked into a work directory inside the packages directory and renamed into place; an
    installed package of the same name is replaced only once the new one is complete.
    """
    name = str(path)
    with _open_archive(Path(path), name) as zf:
        checked = check_archive(zf, name)
        directory = packages_dir()
        prepare_dir(directory)
        _check_space(directory, checked, name)
        with locked(directory / _LOCK_NAME):
            _clean_stale(directory)
            _unpack_and_move(zf, checked, directory, name)
    forget_languages()
    return package_at(directory / checked.top)


def _unpack_and_move(zf: zipfile.ZipFile, checked: Checked, directory: Path, name: str) -> None:
    try:
        work = Path(tempfile.mkdtemp(prefix=_TMP_PREFIX, dir=directory))
    except OSError as exc:
        raise SubkitError(f"cannot write to packages directory: {exc.strerror or exc}", str(directory)) from None
    try:
        try:
            extract(zf, checked, work, name)
            os.chmod(work, 0o755)
        except OSError as exc:
            raise SubkitError(f"cannot unpack into {directory}: {exc.strerror or exc}", name) from None
        package_at(work)  # readable as a package before it replaces anything
        _move_into_place(work, directory / checked.top, name)
    finally:
        if work.exists():
            _rmtree_quiet(work)


def _move_into_place(work: Path, final: Path, name: str) -> None:
    old: Path | None = None
    try:
        if final.is_symlink() or (final.exists() and not final.is_dir()):
            raise SubkitError(f"cannot install: {final} exists and is not a package directory", name)
        if final.exists():
            old = _aside(final.parent, final.name)
            os.rename(final, old)
        try:
            os.rename(work, final)
        except OSError:
            if old is not None:
                os.rename(old, final)
                old = None
            raise
    except OSError as exc:
        raise SubkitError(f"cannot install into {final.parent}: {exc.strerror or exc}", name) from None
    if old is not None:
        _rmtree_quiet(old)


def _targets(from_code: str | None, to_code: str | None, name: str | None) -> tuple[list[ModelPackage], str]:
    packages = installed_packages()
    if name is not None:
        return [p for p in packages if p.name == name], f"package named {name!r}"
    if not from_code or not to_code:
        raise SubkitError("remove needs FROM and TO language codes, or a package name")
    return [p for p in packages if p.from_code == from_code and p.to_code == to_code], f"{from_code}→{to_code} package"


def remove(from_code: str | None = None, to_code: str | None = None, *, name: str | None = None) -> list[ModelPackage]:
    """Remove the packages for a language pair (or the one package called *name*); return them."""
    directory = packages_dir()
    targets, what = _targets(from_code, to_code, name)
    if not targets:
        raise SubkitError(f"no {what} installed", str(directory))
    prepare_dir(directory)
    with locked(directory / _LOCK_NAME):
        for pkg in targets:
            # Rename first: a half-deleted directory must never look like an installed package.
            old = _aside(directory, pkg.name)
            try:
                os.rename(pkg.path, old)
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise SubkitError(f"cannot remove: {exc.strerror or exc}", str(pkg.path)) from None
            _rmtree_quiet(old)
    forget_languages()
    return targets
