"""argostranslate's settings, read as they are now: the package directory and the package index.

argostranslate reads its settings (``ARGOS_PACKAGES_DIR``, ``ARGOS_PACKAGE_INDEX``, the XDG directories
and its ``settings.json``) once, when ``argostranslate.settings`` is imported. A process that changes
them later (a test, a long-lived host) would install into a stale directory, so :func:`settings`
reloads that module when the environment or settings.json changed since it was last read.

``import argostranslate.package`` costs about 0.1 s and imports neither torch nor stanza (it does
import sentencepiece); only ``subkit models`` and the translation path come here, never ``subkit lint``
or ``subkit segment``.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from pathlib import Path
from types import ModuleType

from subkit.errors import SubkitError

_ENV = ("HOME", "SNAP", "SNAP_USER_DATA", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")
_loaded_key: tuple | None = None

MISSING = "argostranslate is not installed (pip install 'subkit[translate]')"


def _key(settings: ModuleType) -> tuple:
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("ARGOS_") or k in _ENV))
    try:
        st = os.stat(settings.settings_file)
        stamp: tuple = (st.st_mtime_ns, st.st_size, st.st_ino)
    except OSError:
        stamp = ()
    return env, str(settings.settings_file), stamp


def _directory_error(exc: OSError) -> SubkitError:
    chosen = os.environ.get("ARGOS_PACKAGES_DIR")
    hint = f"ARGOS_PACKAGES_DIR is {chosen}: set it to a folder" if chosen else "set ARGOS_PACKAGES_DIR"
    return SubkitError(f"cannot create argostranslate's directories: {exc.strerror or exc} ({hint})",
                       str(exc.filename) if exc.filename else None)


def settings() -> ModuleType:
    """``argostranslate.settings``, (re)loaded so that it matches the environment and settings.json."""
    global _loaded_key
    imported_before = "argostranslate.settings" in sys.modules
    if os.environ.get("ARGOS_PACKAGES_DIR") == "":
        del os.environ["ARGOS_PACKAGES_DIR"]  # set empty to unset it: not the current directory
    try:
        # argostranslate prints a bad settings.json's error to stdout: keep stdout for our output.
        with contextlib.redirect_stdout(sys.stderr):
            module = importlib.import_module("argostranslate.settings")
            if imported_before and _key(module) != _loaded_key:
                module = importlib.reload(module)
    except ModuleNotFoundError as exc:
        raise SubkitError(f"{MISSING} ({exc})") from None
    except OSError as exc:  # it creates its directories when read
        raise _directory_error(exc) from None
    _loaded_key = _key(module)
    return module


def package_module() -> ModuleType:
    """``argostranslate.package``, with :func:`settings` current."""
    settings()
    try:
        with contextlib.redirect_stdout(sys.stderr):
            return importlib.import_module("argostranslate.package")
    except ModuleNotFoundError as exc:
        raise SubkitError(f"{MISSING} ({exc})") from None


def packages_dir() -> Path:
    """The directory argostranslate installs packages into (``settings.package_data_dir``)."""
    return Path(settings().package_data_dir).absolute()


def index_json_url(url: str | None = None) -> str:
    """The URL of the package index's ``index.json``: *url*, else argostranslate's ``package_index``.

    As in argostranslate, a base URL gets ``index.json`` appended; a URL or path that already names a
    ``.json`` file is used as it is; a local path (argostranslate takes none) becomes a ``file://`` URL.
    """
    base = str(url or settings().package_index)
    if "://" not in base:
        base = Path(base).resolve().as_uri() + ("/" if base.endswith(("/", os.sep)) else "")
    if base.lower().endswith(".json"):
        return base
    return base.rstrip("/") + "/index.json"


def forget_languages() -> None:
    """What argostranslate does after it installs or removes a package: drop its cached languages."""
    translate = sys.modules.get("argostranslate.translate")
    if translate is not None:
        translate.get_installed_languages.cache_clear()
