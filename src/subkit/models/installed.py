"""Installed packages: what is in argostranslate's package directory, and which one to use.

argostranslate's ``get_installed_packages`` raises on the first directory without a metadata.json
(one stray directory hides every package) and lists sentence-boundary packages too; this listing
skips such entries and says why, and checks that each package has its model files.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from subkit.errors import SubkitError
from subkit.models.argos import packages_dir

REQUIRED = ("metadata.json", "model/model.bin", "sentencepiece.model")


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
        """The measured quality this package declares in its metadata.json, if any."""
        return quality_from(self.metadata)

    def to_json(self) -> dict[str, Any]:
        return {
            "from_code": self.from_code,
            "to_code": self.to_code,
            "package_version": self.package_version,
            "name": self.name,
            "path": str(self.path),
        }


def _fmt_score(value: Any) -> str:
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def quality_from(metadata: dict[str, Any]) -> str | None:
    """A short phrase from metadata.json's ``quality``: a string, or ``{"bleu", "chrf", "eval_set"}``.

    ``quality`` is what the package writer (tools/train_fr_en/package.py) records from the benchmark.
    """
    quality = metadata.get("quality")
    if isinstance(quality, str):
        return " ".join(quality.split()) or None
    if not isinstance(quality, dict):
        return None
    lower = {str(k).lower(): v for k, v in quality.items()}
    labels = (("bleu", "BLEU"), ("chrf", "chrF"))
    scores = [f"{label} {_fmt_score(lower[key])}" for key, label in labels if key in lower]
    if not scores:
        return None
    where = next((lower[k] for k in ("eval_set", "test_set", "dataset") if isinstance(lower.get(k), str)), None)
    return ", ".join(scores) + (f" on {where}" if where else "")


def low_confidence_from(metadata: dict[str, Any]) -> float | None:
    """metadata.json's ``review.low_confidence``: the confidence under which this model's translations
    are flagged for review (tools/train_fr_en/calibrate.py), or None when it declares none."""
    review = metadata.get("review")
    value = review.get("low_confidence") if isinstance(review, dict) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        return None
    return float(value)


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


def read_metadata(path: Path) -> dict[str, Any]:
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


def package_at(path: Path) -> ModelPackage:
    """The package described by *path*/metadata.json (its files are not checked)."""
    meta = read_metadata(path)
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


def package_from_dir(path: str | os.PathLike[str]) -> ModelPackage:
    """The package in an unpacked package directory (installed or not), checked to be complete."""
    path = Path(path)
    if not path.is_dir():
        raise SubkitError("not a package directory", str(path))
    pkg = package_at(path)
    missing = [req for req in REQUIRED if not (path / req).is_file()]
    if missing:
        raise SubkitError(f"incomplete package: missing {', '.join(missing)}", str(path))
    empty = [req for req in REQUIRED if (path / req).stat().st_size == 0]
    if empty:
        raise SubkitError(f"incomplete package: {', '.join(empty)} is empty", str(path))
    return pkg


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
            if read_metadata(entry).get("type", "translate") != "translate":
                continue  # e.g. a sentence-boundary ("sbd") package
            packages.append(package_from_dir(entry))
        except SubkitError as exc:
            problems.append(str(exc))
    return packages, problems


def installed_packages() -> list[ModelPackage]:
    """Translation packages installed in :func:`packages_dir`, sorted by directory name."""
    return scan_packages()[0]


def version_key(version: str) -> tuple:
    """Orders versions like ``1.10`` > ``1.9`` and tolerates non-PEP 440 ones (``1_0``)."""
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
    return max(candidates, key=lambda p: (not _is_subkit_own(p), version_key(p.package_version), p.name))
