"""Installing a language pair from the Argos package index.

The index entries are read by argostranslate (``AvailablePackage``) and the download is named as
argostranslate names it (``argospm_package_name``). Fetching stays here: argostranslate's
``update_package_index`` and ``networking.get_from`` have no timeout, drop the reason of a failure
(they only log it), take no ``file://`` URL, and ``get_available_packages`` recurses without end
when the index cannot be fetched and none is cached (tests/test_models.py shows each). A download is
checked (:func:`subkit.models.archive.check_archive`) before it is installed.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import urllib.parse
import zipfile
from pathlib import Path
from typing import Any

from subkit.errors import SubkitError
from subkit.models.archive import check_archive
from subkit.models.argos import package_module
from subkit.models.installed import ModelPackage, version_key
from subkit.models.store import install_file

_MAX_INDEX_BYTES = 32 << 20
_USER_AGENT = "subkit (offline subtitle toolkit)"


class IndexUnavailable(Exception):
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
        raise IndexUnavailable(f"unsupported URL scheme in {url}")


def fetch_index(url: str, timeout: float) -> list[dict[str, Any]]:
    """The index's entries (JSON objects); IndexUnavailable says why there are none."""
    _check_scheme(url)
    try:
        with _open(url, timeout) as response:
            data = response.read(_MAX_INDEX_BYTES + 1)
    except (OSError, ValueError) as exc:  # urllib.error.URLError is an OSError
        raise IndexUnavailable(f"cannot reach {url}: {_describe(exc)}") from None
    if len(data) > _MAX_INDEX_BYTES:
        raise IndexUnavailable(f"{url} is too large for a package index")
    try:
        index = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise IndexUnavailable(f"{url} is not a JSON package index") from None
    if not isinstance(index, list):
        raise IndexUnavailable(f"{url} is not a JSON package index (expected a list)")
    return [entry for entry in index if isinstance(entry, dict)]


def _download_one(url: str, dest: Path, timeout: float) -> None:
    _check_scheme(url)
    with _open(url, timeout) as response, open(dest, "wb") as out:
        expected = response.headers.get("Content-Length") if hasattr(response, "headers") else None
        shutil.copyfileobj(response, out, 1 << 20)
        written = out.tell()
    if expected and expected.isdigit() and int(expected) != written:
        raise IndexUnavailable(f"truncated download ({written} of {expected} bytes)")


def download(urls: list[str], dest: Path, timeout: float) -> str:
    """Download the first link that works into *dest*; return its URL."""
    reasons = []
    for url in urls:
        try:
            _download_one(url, dest, timeout)
            return url
        except IndexUnavailable as exc:
            reasons.append(f"{url}: {exc}")
        except (OSError, ValueError) as exc:  # urllib.error.URLError is an OSError
            reasons.append(f"{url}: {_describe(exc)}")
    raise IndexUnavailable("download failed (" + "; ".join(reasons) + ")" if reasons else "no download link")


def _available(entries: list[dict[str, Any]], from_code: str, to_code: str) -> list[Any]:
    """argostranslate's AvailablePackage for each usable entry for the pair."""
    argos = package_module()
    found = []
    for entry in entries:
        try:
            pkg = argos.AvailablePackage(dict(entry))
        except (TypeError, AttributeError, ValueError):
            continue  # an entry argostranslate cannot read
        wanted = (pkg.from_code, pkg.to_code, pkg.type) == (from_code, to_code, "translate")
        if wanted and isinstance(pkg.links, list) and pkg.links:
            found.append(pkg)
    return found


def _check_download(dest: Path, source: str, from_code: str, to_code: str) -> None:
    try:
        with zipfile.ZipFile(dest) as zf:
            meta = check_archive(zf, source).metadata
    except SubkitError as exc:
        raise IndexUnavailable(f"the package downloaded from {source} is not valid: {exc.message}") from None
    except (zipfile.BadZipFile, EOFError, OSError):
        raise IndexUnavailable(f"the package downloaded from {source} is not a zip archive") from None
    if (meta["from_code"], meta["to_code"]) != (from_code, to_code):
        raise IndexUnavailable(
            f"the package downloaded from {source} is {meta['from_code']}→{meta['to_code']}, not {from_code}→{to_code}"
        )


def install_from_index(from_code: str, to_code: str, url: str, timeout: float) -> ModelPackage:
    """Download the pair's newest package listed in the index at *url* and install it."""
    available = _available(fetch_index(url, timeout), from_code, to_code)
    if not available:
        raise IndexUnavailable(f"the index has no {from_code}→{to_code} package")
    best = max(available, key=lambda p: version_key(str(p.package_version or "")))
    links = [urllib.parse.urljoin(url, str(link)) for link in best.links]
    with tempfile.TemporaryDirectory(prefix="subkit-download-") as tmp:
        dest = Path(tmp) / (package_module().argospm_package_name(best) + ".argosmodel")
        source = download(links, dest, timeout)
        _check_download(dest, source, from_code, to_code)
        return install_file(dest)
