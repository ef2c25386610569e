"""Argos Translate packages for subkit, built on ``argostranslate.package`` and its settings.

subkit uses argostranslate's package directory, settings and index format, so a model installed
here is usable by every other Argos tool and vice versa. What argostranslate lacks stays here, one
job per module:

========================  ==========================================================================
``argos``                 argostranslate's settings read as they are now (package directory, index)
``installed``             listing that survives a broken directory, which package wins, its quality
``archive``               checking an ``.argosmodel`` before anything is unpacked (argostranslate
                          unpacks whatever the zip holds)
``store``                 atomic install and removal under an inter-process lock
``index``                 the index and download, with timeouts and reasons, checked before install
``bundled``               the repository's own package: the offline fallback and its message
========================  ==========================================================================

Package format: a zip archive (``.argosmodel``) whose single top directory holds ``metadata.json``
(with ``from_code`` and ``to_code``), ``model/`` (a CTranslate2 model, ``model/model.bin``),
``sentencepiece.model`` and optionally ``README.md`` and ``stanza/``. Installing unpacks that top
directory into the package directory under its own name. A package's measured quality is
metadata.json's ``quality`` (``{"bleu", "chrf", "eval_set"}``, written by tools/train_fr_en/package.py).

Only ``subkit models`` and the translation path import this package's argostranslate side; importing
``subkit.models`` itself imports no argostranslate.
"""

from __future__ import annotations

from subkit.models.argos import index_json_url, packages_dir
from subkit.models.bundled import bundled_package, bundled_search_dirs, install_pair
from subkit.models.installed import (
    ModelPackage,
    find_package,
    installed_packages,
    package_from_dir,
    scan_packages,
)
from subkit.models.store import install_file, remove

__all__ = [
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
