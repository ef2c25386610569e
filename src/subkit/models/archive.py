"""Checking an ``.argosmodel`` archive before anything is unpacked, and unpacking it.

argostranslate's ``install_from_path`` only checks that the file is a zip and calls ``extractall``
into the live package directory. ``extractall`` defuses ``..`` and absolute names, but it still writes
whatever the archive holds: stray files and directories beside the packages (one without a
metadata.json makes argostranslate's ``get_installed_packages`` fail for every Argos tool), a package
with no model, symbolic links turned into files, a half-unpacked package after a corrupt member.
tests/test_models.py shows each on argostranslate itself. Here the archive must be exactly one top
directory holding metadata.json (with from_code/to_code), model/model.bin and sentencepiece.model,
with no member that could land outside it.
"""

from __future__ import annotations

import json
import re
import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from subkit.errors import SubkitError
from subkit.models.installed import REQUIRED

_MAX_METADATA_BYTES = 1 << 20
_READ_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError)


@dataclass(frozen=True)
class Checked:
    """A validated archive: its top directory, members, metadata and unpacked size."""

    top: str
    members: list[zipfile.ZipInfo]
    metadata: dict[str, Any]
    total_size: int


def _invalid(message: str, name: str) -> SubkitError:
    return SubkitError(f"not a valid .argosmodel: {message}", name)


def _name_problem(name: str) -> str | None:
    if not name or "\x00" in name:
        return "an empty or invalid member name"
    if "\\" in name:
        return f"member {name!r} uses backslashes"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return f"member {name!r} has an absolute path"
    if any(part == ".." for part in PurePosixPath(name).parts):
        return f"member {name!r} escapes the package directory"
    return None


def _kind_problem(info: zipfile.ZipInfo) -> str | None:
    if info.flag_bits & 0x1:
        return f"member {info.filename!r} is encrypted"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return f"member {info.filename!r} is a symbolic link"
    kind = stat.S_IFMT(mode)
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        return f"member {info.filename!r} is not a regular file"
    return None


def member_parts(info: zipfile.ZipInfo) -> list[str]:
    return [p for p in PurePosixPath(info.filename).parts if p not in ("", ".")]


def _walk(members: list[zipfile.ZipInfo], name: str) -> tuple[set[str], dict[str, zipfile.ZipInfo]]:
    """The top directories, and the files by their path below the top directory."""
    tops: set[str] = set()
    files: dict[str, zipfile.ZipInfo] = {}
    seen: set[str] = set()
    for info in members:
        problem = _name_problem(info.filename) or _kind_problem(info)
        if problem:
            raise SubkitError(f"unsafe .argosmodel: {problem}", name)
        parts = member_parts(info)
        if not parts:
            raise _invalid(f"member {info.filename!r} has no name", name)
        key = "/".join(parts)
        if key in seen:
            raise _invalid(f"duplicate member {key!r}", name)
        seen.add(key)
        tops.add(parts[0])
        if info.is_dir():
            continue
        if len(parts) == 1:
            raise _invalid(f"{parts[0]!r} lies outside the package's top directory", name)
        files["/".join(parts[1:])] = info
    return tops, files


def _one_top(tops: set[str], name: str) -> str:
    if len(tops) != 1:
        shown = ", ".join(sorted(tops)[:3])
        raise _invalid(f"expected one top directory, found {len(tops)} ({shown})", name)
    top = next(iter(tops))
    if top.startswith(".") or top == "~":
        raise _invalid(f"bad package directory name {top!r}", name)
    return top


def _metadata(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> dict[str, Any]:
    if info.file_size > _MAX_METADATA_BYTES:
        raise _invalid("metadata.json is too large", name)
    try:
        metadata = json.loads(zf.read(info).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise _invalid(f"metadata.json is not valid JSON ({exc})", name) from None
    except (*_READ_ERRORS, OSError) as exc:
        raise _invalid(f"cannot read metadata.json ({exc})", name) from None
    if not isinstance(metadata, dict):
        raise _invalid("metadata.json is not a JSON object", name)
    for key in ("from_code", "to_code"):
        value = metadata.get(key)
        if not (isinstance(value, str) and value.strip()):
            raise _invalid(f"metadata.json has no {key}", name)
    if metadata.get("type", "translate") != "translate":
        raise SubkitError(f"not a translation package (metadata.json type is {metadata.get('type')!r})", name)
    return metadata


def check_archive(zf: zipfile.ZipFile, name: str) -> Checked:
    """Validate an open archive's structure and metadata; raise SubkitError naming *name*."""
    members = zf.infolist()
    if not members:
        raise _invalid("the archive is empty", name)
    tops, files = _walk(members, name)
    top = _one_top(tops, name)
    missing = [req for req in REQUIRED if req not in files]
    if missing:
        raise _invalid(f"missing {', '.join(top + '/' + m for m in missing)}", name)
    empty = [req for req in REQUIRED if files[req].file_size == 0]
    if empty:  # a broken download or copy: it would replace a working package of the same name
        raise _invalid(f"{', '.join(top + '/' + m for m in empty)} is empty", name)
    metadata = _metadata(zf, files["metadata.json"], name)
    total = sum(info.file_size for info in files.values())
    return Checked(top=top, members=members, metadata=metadata, total_size=total)


def extract(zf: zipfile.ZipFile, checked: Checked, dest: Path, name: str) -> None:
    """Unpack the package's top directory into *dest* (metadata.json first); CRCs are checked."""
    order = sorted(checked.members, key=lambda i: not i.filename.rstrip("/").endswith("/metadata.json"))
    for info in order:
        parts = member_parts(info)[1:]
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
        except (*_READ_ERRORS, ValueError) as exc:
            raise SubkitError(f"corrupt .argosmodel: {info.filename}: {exc}", name) from None
