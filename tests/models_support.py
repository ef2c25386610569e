"""Fixtures and helpers of the `subkit models` tests (test_models.py, test_models_archives.py):
a private Argos package directory, the real package, tiny archives, a loopback package index."""

from __future__ import annotations

import functools
import http.server
import json
import os
import socket
import stat
import threading
import zipfile
from pathlib import Path

from click.testing import CliRunner

from subkit.cli import cli
# --------------------------------------------------------------------------------------------
# Fixtures and helpers


def run(*args: str):
    result = CliRunner().invoke(cli, ["models", *args], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback from `subkit models {' '.join(args)}`: {result.exception!r}")
    return result


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("subkit models: error: ")
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


def package_dirs(packages: Path) -> list[str]:
    """Directories in the packages directory (subkit's work directories included)."""
    if not packages.exists():
        return []
    return sorted(p.name for p in packages.iterdir() if p.is_dir())


def make_zip(path: Path, members: dict[str, bytes], symlinks: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, target)
    return path


def tiny_members(top: str = "translate-fr_en-1_0", version: str = "1.0", from_code="fr", to_code="en", **meta) -> dict:
    """A structurally valid package with a placeholder model (not a working translator)."""
    metadata = {"package_version": version, "argos_version": "1.0", "from_code": from_code, "to_code": to_code}
    metadata.update(meta)
    return {
        f"{top}/metadata.json": json.dumps(metadata).encode(),
        f"{top}/model/model.bin": b"placeholder model " + top.encode() + version.encode(),
        f"{top}/model/config.json": b"{}",
        f"{top}/sentencepiece.model": b"placeholder sentencepiece",
        f"{top}/README.md": b"A placeholder package for tests.\n",
    }


def tiny_package(path: Path, **kwargs) -> Path:
    return make_zip(path, tiny_members(**kwargs))


class Index:
    """A package index served over loopback: index.json plus the package files, counting requests."""

    def __init__(self, root: Path):
        self.root = root
        self.requests: list[str] = []
        handler = functools.partial(_Handler, directory=str(root), log=self.requests)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def publish(self, package: Path, metadata: dict, filename: str = "translate-fr_en.argosmodel") -> None:
        (self.root / filename).write_bytes(package.read_bytes())
        entry = dict(metadata, links=[self.url + filename])
        (self.root / "index.json").write_text(json.dumps([entry]))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, log: list[str], **kwargs):
        self._log = log
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - keep the test output quiet
        self._log.append(self.path)


def closed_port_url() -> str:
    """A loopback URL on which nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def bundle(env: Path, package: Path, version: str = "0.1") -> Path:
    """Put *package* where bundled_package looks (SUBKIT_MODELS_DIR), under the bundled name."""
    bundled_dir = Path(os.environ["SUBKIT_MODELS_DIR"])
    bundled_dir.mkdir(parents=True, exist_ok=True)
    target = bundled_dir / f"subkit-fr_en-{version}.argosmodel"
    target.symlink_to(package.resolve())
    return target
