"""Argos Translate package management, without importing argostranslate.

subkit shares argostranslate's package directory and package format, so a model installed here
is usable by every other Argos tool and vice versa, but this module never imports argostranslate:
importing it creates directories and pulls in Stanza and torch, which ``subkit models list`` must not
pay for.

Package directory (the same rules as ``argostranslate.settings`` 1.11, read at call time):

1. the ``ARGOS_PACKAGES_DIR`` environment variable;
2. ``ARGOS_PACKAGES_DIR`` in argostranslate's ``settings.json``
   (``$XDG_CONFIG_HOME/argos-translate/settings.json``, default ``~/.config/...``);
3. ``$XDG_DATA_HOME/argos-translate/packages`` (default ``~/.local/share/...``).

Package format: a zip archive (``.argosmodel``) whose single top directory holds ``metadata.json``
(with ``from_code`` and ``to_code``), ``model/`` (a CTranslate2 model, ``model/model.bin``),
``sentencepiece.model`` and optionally ``README.md`` and ``stanza/``. Installing unpacks that top
directory into the package directory under its own name.

Package index: a JSON list of package metadata objects, each with ``links`` (download URLs).
``ARGOS_PACKAGE_INDEX`` names the index's base URL (``index.json`` is appended), as in argostranslate.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import time
import urllib.parse
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from subkit.errors import SubkitError
from subkit.srtio import locked

__all__ = [
    "DEFAULT_INDEX_URL",
    "ModelPackage",
    "packages_dir",
    "installed_packages",
    "scan_packages",
    "find_package",
    "package_from_dir",
    "install_file",
    "install_pair",
    "bundled_package",
    "bundled_search_dirs",
    "index_json_url",
    "remove",
]

DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"

# Names subkit uses inside the package directory while it works. They start with a dot so that
# subkit's own listing skips them; each holds a metadata.json as soon as possible so that
# argostranslate (which lists every directory there) does not choke on one left by a crash.
_TMP_PREFIX = ".subkit-install-"
_OLD_PREFIX = ".subkit-old-"
_LOCK_NAME = ".subkit.lock"
_STALE_SECONDS = 3600

_MAX_METADATA_BYTES = 1 << 20
_MAX_INDEX_BYTES = 32 << 20
_REQUIRED = ("metadata.json", "model/model.bin", "sentencepiece.model")
_USER_AGENT = "subkit (offline subtitle toolkit)"


# --------------------------------------------------------------------------------------------
# The package value type


@dataclass(frozen=True)
class ModelPackage:
    """An installed Argos package (a directory in :func:`packages_dir`)."""

    path: Path
    from_code: str
    to_code: str
    package_version: str
    name: str
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def pair(self) -> str:
        return f"{self.from_code}→{self.to_code}"

    @property
    def model_dir(self) -> Path:
        """The CTranslate2 model directory."""
        return self.path / "model"

    @property
    def sentencepiece_model(self) -> Path:
        return self.path / "sentencepiece.model"

    @functools.cached_property
    def identity(self) -> str:
        """Stable id for caches: ``name@version:`` and the first 16 hex digits of model.bin's sha256.

        Computed once per object (and once per unchanged model.bin per process).
        """
        return f"{self.name}@{self.package_version}:{_file_digest(self.model_dir / 'model.bin')[:16]}"

    def quality(self) -> str | None:
        """The measured quality this package declares (metadata or README), if any."""
        return _quality_from(self.metadata, _read_text_or_none(self.path / "README.md"))

    def to_json(self) -> dict[str, Any]:
        return {
            "from_code": self.from_code,
            "to_code": self.to_code,
            "package_version": self.package_version,
            "name": self.name,
            "path": str(self.path),
        }


_DIGESTS: dict[tuple[str, int, int, int], str] = {}


def _file_digest(path: Path) -> str:
    try:
        st = path.stat()
        key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
        cached = _DIGESTS.get(key)
        if cached is not None:
            return cached
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise SubkitError(f"cannot read model: {exc.strerror or exc}", str(path)) from None
    _DIGESTS[key] = digest.hexdigest()
    return _DIGESTS[key]


# --------------------------------------------------------------------------------------------
# Where packages live


def _home() -> Path:
    # argostranslate uses the snap's user data directory as home inside a snap.
    if "SNAP" in os.environ and os.environ.get("SNAP_USER_DATA"):
        return Path(os.environ["SNAP_USER_DATA"])
    return Path.home()


def _argos_settings() -> dict[str, Any]:
    """argostranslate's settings.json (an empty dict when absent or unreadable, as argos does)."""
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(_home() / ".config")
    settings_file = Path(config_home) / "argos-translate" / "settings.json"
    try:
        data = json.loads(settings_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _setting(key: str) -> Any:
    value = os.environ.get(key)
    if value:
        return value
    value = _argos_settings().get(key)
    return value if value else None


def packages_dir() -> Path:
    """The directory argostranslate installs packages into (read from the environment each call)."""
    configured = _setting("ARGOS_PACKAGES_DIR")
    if configured:
        return Path(str(configured)).absolute()
    data_home = os.environ.get("XDG_DATA_HOME") or str(_home() / ".local" / "share")
    return (Path(data_home) / "argos-translate" / "packages").absolute()


def index_json_url(url: str | None = None) -> str:
    """The URL of the package index's ``index.json`` (argument, ARGOS_PACKAGE_INDEX, or default).

    Like argostranslate, a base URL gets ``index.json`` appended; a URL or path that already names
    a ``.json`` file is used as it is; a local path becomes a ``file://`` URL.
    """
    base = url or _setting("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX_URL
    base = str(base)
    if "://" not in base:
        base = Path(base).resolve().as_uri() + ("/" if base.endswith(("/", os.sep)) else "")
    if base.lower().endswith(".json"):
        return base
    return base.rstrip("/") + "/index.json"


# --------------------------------------------------------------------------------------------
# Listing


def _read_metadata(path: Path) -> dict[str, Any]:
    meta_file = path / "metadata.json"
    try:
        data = json.loads(meta_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SubkitError("not an Argos package (no metadata.json)", str(path)) from None
    except (OSError, ValueError) as exc:
        raise SubkitError(f"unreadable metadata.json: {exc}", str(meta_file)) from None
    if not isinstance(data, dict):
        raise SubkitError("metadata.json is not a JSON object", str(meta_file))
    return data


def package_from_dir(path: str | os.PathLike[str]) -> ModelPackage:
    """The package in an unpacked package directory (installed or not), checked to be complete."""
    path = Path(path)
    if not path.is_dir():
        raise SubkitError("not a package directory", str(path))
    pkg = _package_at(path)
    missing = [req for req in _REQUIRED if not (path / req).is_file()]
    if missing:
        raise SubkitError(f"incomplete package: missing {', '.join(missing)}", str(path))
    return pkg


def _package_at(path: Path) -> ModelPackage:
    meta = _read_metadata(path)
    from_code, to_code = meta.get("from_code"), meta.get("to_code")
    if not (isinstance(from_code, str) and from_code and isinstance(to_code, str) and to_code):
        raise SubkitError("metadata.json has no from_code/to_code", str(path / "metadata.json"))
    return ModelPackage(
        path=path,
        from_code=from_code,
        to_code=to_code,
        package_version=str(meta.get("package_version", "") or ""),
        name=path.name or path.resolve().name,
        metadata=meta,
    )


def scan_packages(directory: Path | None = None) -> tuple[list[ModelPackage], list[str]]:
    """Installed translation packages, and one line per directory entry that is not one."""
    directory = packages_dir() if directory is None else directory
    packages: list[ModelPackage] = []
    problems: list[str] = []
    try:
        entries = sorted(directory.iterdir(), key=lambda p: p.name)
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        raise SubkitError(f"cannot read packages directory: {exc.strerror or exc}", str(directory)) from None
    for entry in entries:
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        try:
            if _read_metadata(entry).get("type", "translate") != "translate":
                continue  # e.g. a sentence-boundary ("sbd") package
            packages.append(package_from_dir(entry))
        except SubkitError as exc:
            problems.append(str(exc))
    return packages, problems


def installed_packages() -> list[ModelPackage]:
    """Translation packages installed in :func:`packages_dir`, sorted by directory name."""
    return scan_packages()[0]


def _version_key(version: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[._\-+]", version) if p)


def _is_subkit_own(pkg: ModelPackage) -> bool:
    return pkg.name.startswith("subkit-") or bool(pkg.metadata.get("subkit"))


def find_package(from_code: str, to_code: str) -> ModelPackage | None:
    """The installed package for a language pair, or None.

    With several installed for one pair, an official (non-subkit) package wins over subkit's own
    (it is much better), then the highest package_version, then the name.
    """
    candidates = [p for p in installed_packages() if p.from_code == from_code and p.to_code == to_code]
    if not candidates:
        return None
    return max(candidates, key=lambda p: (not _is_subkit_own(p), _version_key(p.package_version), p.name))


# --------------------------------------------------------------------------------------------
# Installing from a file


@dataclass(frozen=True)
class _Checked:
    top: str
    members: list[zipfile.ZipInfo]
    metadata: dict[str, Any]
    total_size: int


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    if not name or "\x00" in name:
        return "an empty or invalid member name"
    if "\\" in name:
        return f"member {name!r} uses backslashes"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return f"member {name!r} has an absolute path"
    parts = PurePosixPath(name).parts
    if any(part == ".." for part in parts):
        return f"member {name!r} escapes the package directory"
    if info.flag_bits & 0x1:
        return f"member {name!r} is encrypted"
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if stat.S_ISLNK(mode):
        return f"member {name!r} is a symbolic link"
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        return f"member {name!r} is not a regular file"
    return None


def _check_archive(zf: zipfile.ZipFile, name: str) -> _Checked:
    """Validate an open archive's structure and metadata; raise SubkitError naming *name*."""
    members = zf.infolist()
    if not members:
        raise SubkitError("not a valid .argosmodel: the archive is empty", name)
    tops: set[str] = set()
    seen: set[str] = set()
    files: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in members:
        problem = _member_problem(info)
        if problem:
            raise SubkitError(f"unsafe .argosmodel: {problem}", name)
        parts = [p for p in PurePosixPath(info.filename).parts if p not in ("", ".")]
        if not parts:
            raise SubkitError(f"not a valid .argosmodel: member {info.filename!r} has no name", name)
        key = "/".join(parts)
        if key in seen:
            raise SubkitError(f"not a valid .argosmodel: duplicate member {key!r}", name)
        seen.add(key)
        tops.add(parts[0])
        if len(parts) == 1 and not info.is_dir():
            raise SubkitError(
                f"not a valid .argosmodel: {parts[0]!r} lies outside the package's top directory", name
            )
        if not info.is_dir():
            files["/".join(parts[1:])] = info
            total += info.file_size
    if len(tops) != 1:
        shown = ", ".join(sorted(tops)[:3])
        raise SubkitError(
            f"not a valid .argosmodel: expected one top directory, found {len(tops)} ({shown})", name
        )
    top = tops.pop()
    if top.startswith(".") or top in ("~",):
        raise SubkitError(f"not a valid .argosmodel: bad package directory name {top!r}", name)
    missing = [req for req in _REQUIRED if req not in files]
    if missing:
        raise SubkitError(f"not a valid .argosmodel: missing {', '.join(top + '/' + m for m in missing)}", name)
    meta_info = files["metadata.json"]
    if meta_info.file_size > _MAX_METADATA_BYTES:
        raise SubkitError("not a valid .argosmodel: metadata.json is too large", name)
    try:
        metadata = json.loads(zf.read(meta_info).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise SubkitError(f"not a valid .argosmodel: metadata.json is not valid JSON ({exc})", name) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError, OSError) as exc:
        raise SubkitError(f"not a valid .argosmodel: cannot read metadata.json ({exc})", name) from None
    if not isinstance(metadata, dict):
        raise SubkitError("not a valid .argosmodel: metadata.json is not a JSON object", name)
    for key in ("from_code", "to_code"):
        value = metadata.get(key)
        if not (isinstance(value, str) and value.strip()):
            raise SubkitError(f"not a valid .argosmodel: metadata.json has no {key}", name)
    if metadata.get("type", "translate") != "translate":
        raise SubkitError(
            f"not a translation package (metadata.json type is {metadata.get('type')!r})", name
        )
    return _Checked(top=top, members=members, metadata=metadata, total_size=total)


def _prepare_dir(directory: Path) -> None:
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


def _extract(zf: zipfile.ZipFile, checked: _Checked, dest: Path, name: str) -> None:
    """Unpack the package's top directory into *dest* (metadata.json first)."""
    order = sorted(checked.members, key=lambda i: not i.filename.rstrip("/").endswith("/metadata.json"))
    for info in order:
        parts = [p for p in PurePosixPath(info.filename).parts if p not in ("", ".")][1:]
        if not parts:
            continue
        target = dest.joinpath(*parts)
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with zf.open(info) as src, open(target, "xb") as out:
                shutil.copyfileobj(src, out, 1 << 20)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError, ValueError) as exc:
            raise SubkitError(f"corrupt .argosmodel: {info.filename}: {exc}", name) from None


def install_file(path: str | os.PathLike[str]) -> ModelPackage:
    """Install an ``.argosmodel`` file into :func:`packages_dir` and return the installed package.

    The archive is validated before anything is unpacked: a zip, exactly one top directory holding
    metadata.json (with from_code/to_code), model/model.bin and sentencepiece.model, and no member
    that could land outside that directory (absolute paths, ``..``, symbolic links, devices). It is
    unpacked into a work directory inside the packages directory and renamed into place; an installed
    package of the same name is replaced only once the new one is complete.
    """
    src = Path(path)
    name = str(path)
    if src.is_dir():
        raise SubkitError("is a directory, not an .argosmodel file", name)
    if not src.exists():
        raise SubkitError("no such file", name)
    try:
        zf = zipfile.ZipFile(src)
    except (zipfile.BadZipFile, EOFError):
        raise SubkitError("not a valid .argosmodel: not a zip archive (corrupt or truncated?)", name) from None
    except OSError as exc:
        raise SubkitError(f"cannot read: {exc.strerror or exc}", name) from None
    with zf:
        checked = _check_archive(zf, name)
        directory = packages_dir()
        _prepare_dir(directory)
        free = shutil.disk_usage(directory).free
        if checked.total_size > free:
            raise SubkitError(
                f"not enough disk space in {directory}: the package needs "
                f"{checked.total_size / 1e6:.0f} MB, {free / 1e6:.0f} MB free",
                name,
            )
        with locked(directory / _LOCK_NAME):
            _clean_stale(directory)
            try:
                work = Path(tempfile.mkdtemp(prefix=_TMP_PREFIX, dir=directory))
            except OSError as exc:
                raise SubkitError(f"cannot write to packages directory: {exc.strerror or exc}", str(directory)) from None
            try:
                try:
                    _extract(zf, checked, work, name)
                    os.chmod(work, 0o755)
                except OSError as exc:
                    raise SubkitError(f"cannot unpack into {directory}: {exc.strerror or exc}", name) from None
                _package_at(work)  # readable as a package before it replaces anything
                final = directory / checked.top
                _move_into_place(work, final, name)
            finally:
                if work.exists():
                    _rmtree_quiet(work)
    return _package_at(directory / checked.top)


def _move_into_place(work: Path, final: Path, name: str) -> None:
    old: Path | None = None
    try:
        if final.is_symlink() or (final.exists() and not final.is_dir()):
            raise SubkitError(f"cannot install: {final} exists and is not a package directory", name)
        if final.exists():
            old = final.with_name(f"{_OLD_PREFIX}{final.name}-{os.getpid()}-{time.monotonic_ns()}")
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


# --------------------------------------------------------------------------------------------
# The repository's own package


def bundled_search_dirs() -> list[Path]:
    """Where :func:`bundled_package` looks, in order."""
    dirs: list[Path] = []
    env = os.environ.get("SUBKIT_MODELS_DIR")
    if env:
        dirs.append(Path(env))
    dirs.append(Path(__file__).resolve().parents[2] / "models")  # source tree / editable install
    dirs.append(Path.cwd() / "models")
    unique: list[Path] = []
    for d in dirs:
        if d not in unique:
            unique.append(d)
    return unique


def bundled_package(from_code: str, to_code: str) -> Path | None:
    """The repository's own ``models/subkit-<from>_<to>-<version>.argosmodel`` (highest version)."""
    prefix = f"subkit-{from_code}_{to_code}-"
    for directory in bundled_search_dirs():
        try:
            found = [p for p in directory.glob(f"{prefix}*.argosmodel") if p.is_file()]
        except OSError:
            continue
        if found:
            return max(found, key=lambda p: (_version_key(p.name[len(prefix) : -len(".argosmodel")]), p.name))
    return None


def _read_text_or_none(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _fmt_score(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _quality_from(metadata: dict[str, Any], readme: str | None) -> str | None:
    """A short measured-quality phrase from metadata.json (bleu/chrf, or quality) or the README."""
    quality = metadata.get("quality")
    if isinstance(quality, str) and quality.strip():
        return " ".join(quality.split())
    source = quality if isinstance(quality, dict) else metadata
    lower = {str(k).lower(): v for k, v in source.items()}
    scores = [f"{label} {_fmt_score(lower[key])}" for key, label in (("bleu", "BLEU"), ("chrf", "chrF")) if key in lower]
    if scores:
        where = next(
            (lower[k] for k in ("eval_set", "test_set", "dataset", "on", "eval") if isinstance(lower.get(k), str)),
            None,
        )
        return ", ".join(scores) + (f" on {where}" if where else "")
    return _quality_from_readme(readme) if readme else None


def _cells(line: str) -> list[str]:
    return [" ".join(c.replace("*", "").replace("`", "").split()) for c in line.strip().strip("|").split("|")]


def _quality_from_readme(readme: str) -> str | None:
    """The first line naming BLEU with a number; a Markdown table header gets its first data row."""
    lines = readme.splitlines()
    for i, line in enumerate(lines):
        if not re.search(r"\bBLEU\b", line, re.IGNORECASE):
            continue
        if line.strip().startswith("|") and i + 2 < len(lines) and re.fullmatch(r"[\s|:\-]+", lines[i + 1]):
            header, row = _cells(line), _cells(lines[i + 2])
            if len(header) == len(row) and any(re.search(r"\d", c) for c in row):
                text = ", ".join(f"{h} {c}" if h else c for h, c in zip(header, row) if c)
            else:
                continue
        else:
            if not re.search(r"\d", line):
                continue
            text = " ".join(line.replace("*", "").replace("`", "").strip(" #-|>").split())
        if text:
            return text if len(text) <= 160 else text[:157] + "..."
    return None


def _bundled_quality(pkg: ModelPackage, bundled: Path) -> str:
    """From the package itself, else the README.md beside the bundled file (models/README.md)."""
    return (
        pkg.quality()
        or _quality_from_readme(_read_text_or_none(bundled.parent / "README.md") or "")
        or f"see {bundled.parent / 'README.md'}"
    )


# --------------------------------------------------------------------------------------------
# Installing a language pair (index, then the repository's own package)


class _IndexUnavailable(Exception):
    """The index route failed; the message says why in a few words."""


def _open(url: str, timeout: float):
    import urllib.request  # imported here: it pulls in http.client, email and ssl

    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 - http(s)/file URLs only


def _describe(exc: BaseException) -> str:
    import urllib.error

    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        return str(getattr(reason, "strerror", None) or reason)
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, OSError):
        return str(exc.strerror or exc)
    return str(exc)


def _check_scheme(url: str) -> None:
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ("http", "https", "file"):
        raise _IndexUnavailable(f"unsupported URL scheme in {url}")


def _fetch_index(url: str, timeout: float) -> list[dict[str, Any]]:
    _check_scheme(url)
    try:
        with _open(url, timeout) as response:
            data = response.read(_MAX_INDEX_BYTES + 1)
    except (OSError, ValueError) as exc:  # urllib.error.URLError is an OSError
        raise _IndexUnavailable(f"cannot reach {url}: {_describe(exc)}") from None
    if len(data) > _MAX_INDEX_BYTES:
        raise _IndexUnavailable(f"{url} is too large for a package index")
    try:
        index = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise _IndexUnavailable(f"{url} is not a JSON package index") from None
    if not isinstance(index, list):
        raise _IndexUnavailable(f"{url} is not a JSON package index (expected a list)")
    return [entry for entry in index if isinstance(entry, dict)]


def _download(urls: list[str], dest: Path, timeout: float) -> str:
    """Download the first link that works into *dest*; return its URL."""
    reasons = []
    for url in urls:
        try:
            _check_scheme(url)
            with _open(url, timeout) as response, open(dest, "wb") as out:
                expected = response.headers.get("Content-Length") if hasattr(response, "headers") else None
                shutil.copyfileobj(response, out, 1 << 20)
                written = out.tell()
            if expected and expected.isdigit() and int(expected) != written:
                raise _IndexUnavailable(f"truncated download ({written} of {expected} bytes)")
            return url
        except _IndexUnavailable as exc:
            reasons.append(f"{url}: {exc}")
        except (OSError, ValueError) as exc:  # urllib.error.URLError is an OSError
            reasons.append(f"{url}: {_describe(exc)}")
    raise _IndexUnavailable("download failed (" + "; ".join(reasons) + ")" if reasons else "no download link")


def _install_from_index(from_code: str, to_code: str, url: str, timeout: float) -> ModelPackage:
    entries = [
        e
        for e in _fetch_index(url, timeout)
        if e.get("from_code") == from_code and e.get("to_code") == to_code and e.get("type", "translate") == "translate"
    ]
    entries = [e for e in entries if isinstance(e.get("links"), list) and e["links"]]
    if not entries:
        raise _IndexUnavailable(f"the index has no {from_code}→{to_code} package")
    best = max(entries, key=lambda e: _version_key(str(e.get("package_version", ""))))
    links = [urllib.parse.urljoin(url, str(link)) for link in best["links"]]
    with tempfile.TemporaryDirectory(prefix="subkit-download-") as tmp:
        dest = Path(tmp) / f"translate-{from_code}_{to_code}.argosmodel"
        source = _download(links, dest, timeout)
        try:
            with zipfile.ZipFile(dest) as zf:
                meta = _check_archive(zf, source).metadata
        except SubkitError as exc:
            raise _IndexUnavailable(f"the package downloaded from {source} is not valid: {exc.message}") from None
        except (zipfile.BadZipFile, EOFError, OSError):
            raise _IndexUnavailable(f"the package downloaded from {source} is not a zip archive") from None
        if (meta["from_code"], meta["to_code"]) != (from_code, to_code):
            raise _IndexUnavailable(
                f"the package downloaded from {source} is {meta['from_code']}→{meta['to_code']}, not {from_code}→{to_code}"
            )
        return install_file(dest)


def install_pair(
    from_code: str,
    to_code: str,
    index_url: str | None = None,
    timeout: float = 10,
    *,
    offline: bool = False,
) -> tuple[ModelPackage, str]:
    """Install a package for a language pair; return it and a one-line message saying what happened.

    Online, the package comes from the Argos package index (*index_url*, else ARGOS_PACKAGE_INDEX,
    else argostranslate's default index). When the index cannot be used (no network, timeout, no
    package for the pair, a bad download), or with ``offline=True``, the repository's own package
    (:func:`bundled_package`) is installed instead and the message says so, with its measured quality.
    """
    url = index_json_url(index_url)
    _prepare_dir(packages_dir())  # fail early and clearly, before any download
    if offline:
        why = "offline"
    else:
        try:
            pkg = _install_from_index(from_code, to_code, url, timeout)
        except _IndexUnavailable as exc:
            why = f"Argos package index unavailable ({exc})"
        else:
            return pkg, f"installed {pkg.name} ({pkg.pair}, version {pkg.package_version}) from the Argos package index"
    bundled = bundled_package(from_code, to_code)
    if bundled is None:
        places = ", ".join(str(d) for d in bundled_search_dirs())
        raise SubkitError(
            f"no {from_code}→{to_code} package: {why}, and no bundled subkit-{from_code}_{to_code}-*.argosmodel "
            f"in {places} (set SUBKIT_MODELS_DIR or install a file with `subkit models install PATH`)"
        )
    pkg = install_file(bundled)
    preferred = find_package(from_code, to_code)
    if preferred is not None and preferred.name != pkg.name:
        advice = f"the installed {preferred.name} stays preferred"
    else:
        advice = "the official Argos package is better, install it when online"
    return pkg, (
        f"{why}: installed subkit's own {pkg.pair} package {pkg.name} from {bundled.name} "
        f"(measured quality: {_bundled_quality(pkg, bundled)}); {advice}"
    )


# --------------------------------------------------------------------------------------------
# Removing


def remove(from_code: str | None = None, to_code: str | None = None, *, name: str | None = None) -> list[ModelPackage]:
    """Remove the packages for a language pair (or the one package called *name*); return them."""
    directory = packages_dir()
    packages = installed_packages()
    if name is not None:
        targets = [p for p in packages if p.name == name]
        what = f"package named {name!r}"
    else:
        if not from_code or not to_code:
            raise SubkitError("remove needs FROM and TO language codes, or a package name")
        targets = [p for p in packages if p.from_code == from_code and p.to_code == to_code]
        what = f"{from_code}→{to_code} package"
    if not targets:
        raise SubkitError(f"no {what} installed", str(directory))
    _prepare_dir(directory)
    with locked(directory / _LOCK_NAME):
        for pkg in targets:
            # Rename first: a half-deleted directory must never look like an installed package.
            old = directory / f"{_OLD_PREFIX}{pkg.name}-{os.getpid()}-{time.monotonic_ns()}"
            try:
                os.rename(pkg.path, old)
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise SubkitError(f"cannot remove: {exc.strerror or exc}", str(pkg.path)) from None
            _rmtree_quiet(old)
    return targets
