"""The repository's own package, and installing a language pair with it as the offline fallback.

argostranslate knows only its index. subkit ships ``models/subkit-fr_en-<version>.argosmodel`` and
installs it when the index cannot be used (no network, no package for the pair, a bad download) or
with ``--offline``, saying so in one line with the quality its metadata.json declares.
"""

from __future__ import annotations

import os
from pathlib import Path

from subkit.errors import SubkitError
from subkit.models.argos import index_json_url, packages_dir
from subkit.models.index import IndexUnavailable, install_from_index
from subkit.models.installed import ModelPackage, find_package, version_key
from subkit.models.store import install_file, prepare_dir

_SOURCE_MODELS = Path(__file__).resolve().parents[3] / "models"  # source tree / editable install


def bundled_search_dirs() -> list[Path]:
    """Where :func:`bundled_package` looks, in order: SUBKIT_MODELS_DIR, the source tree, ./models."""
    dirs: list[Path] = []
    env = os.environ.get("SUBKIT_MODELS_DIR")
    if env:
        dirs.append(Path(env))
    dirs.append(_SOURCE_MODELS)
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
            return max(found, key=lambda p: (version_key(p.name[len(prefix) : -len(".argosmodel")]), p.name))
    return None


def _install_bundled(from_code: str, to_code: str, why: str) -> tuple[ModelPackage, str]:
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
    quality = pkg.quality() or f"see {bundled.parent / 'README.md'}"
    return pkg, (
        f"{why}: installed subkit's own {pkg.pair} package {pkg.name} from {bundled.name} "
        f"(measured quality: {quality}); {advice}"
    )


def install_pair(
    from_code: str,
    to_code: str,
    index_url: str | None = None,
    timeout: float = 10,
    *,
    offline: bool = False,
) -> tuple[ModelPackage, str]:
    """Install a package for a language pair; return it and a one-line message saying what happened.

    Online, the package comes from the Argos package index (*index_url*, else argostranslate's
    ARGOS_PACKAGE_INDEX setting or default). When the index cannot be used (no network, timeout, no
    package for the pair, a bad download), or with ``offline=True``, the repository's own package
    (:func:`bundled_package`) is installed instead and the message says so, with its measured quality.
    """
    url = index_json_url(index_url)
    prepare_dir(packages_dir())  # fail early and clearly, before any download
    if offline:
        return _install_bundled(from_code, to_code, "offline")
    try:
        pkg = install_from_index(from_code, to_code, url, timeout)
    except IndexUnavailable as exc:
        return _install_bundled(from_code, to_code, f"Argos package index unavailable ({exc})")
    return pkg, f"installed {pkg.name} ({pkg.pair}, version {pkg.package_version}) from the Argos package index"
