"""Shared fixtures: the real translation model installed in a private Argos package directory."""

from __future__ import annotations

import importlib
import json
import os
import socket
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# CI runs the property tests on a fixed set of examples (derandomized), so that a submission's
# result does not depend on which random examples a run happens to draw; working copies keep
# exploring new ones, and what they find is pinned with @example.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

# The engine chooses CTranslate2's oneDNN backend (CT2_USE_MKL=0, same English on Intel and AMD)
# just before it imports ctranslate2; CTranslate2 reads the setting once, on its first import. This
# test process imports ctranslate2 itself (fixtures, argostranslate) before any engine loads, so it
# makes the same choice first; a setting of the caller's own still wins.
os.environ.setdefault("CT2_USE_MKL", "0")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_7e3d9c830176a7c7.txt"
SAMPLES = ROOT / "samples"
RECIPE = ROOT / "tools" / "train_fr_en"


def import_from(folder: Path, name: str):
    """A module of a folder that is not a package (the training recipe, bench/), imported by name."""
    sys.path.insert(0, str(folder))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(folder))

# Tests that use these fixtures run the real translation model (or its training recipe): they are
# marked ``slow``, so that ``pytest -m "not slow"`` is the fast loop. Tests that reach the model
# another way (a subprocess, the recipe's scripts) carry the marker explicitly.
MODEL_FIXTURES = frozenset({"argos_dir", "with_model", "private_argos"})


def pytest_collection_modifyitems(config, items):
    for item in items:
        # fixturenames is the whole closure: a fixture built on argos_dir counts too
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def _model_archive() -> Path | None:
    try:
        from subkit.models import bundled_package
    except ImportError:
        return None
    found = bundled_package("fr", "en")
    if found:
        return Path(found)
    env = os.environ.get("SUBKIT_TEST_ARGOSMODEL")
    return Path(env) if env and Path(env).is_file() else None


@pytest.fixture(scope="session")
def argos_dir(tmp_path_factory) -> Path:
    """A package directory holding our real fr→en model (session-wide: unpacking takes a moment)."""
    pytest.importorskip("ctranslate2")
    archive = _model_archive()
    if archive is None:
        pytest.skip("no fr→en .argosmodel (models/subkit-fr_en-*.argosmodel) in this checkout; "
                    "set SUBKIT_TEST_ARGOSMODEL to an .argosmodel file to run these tests")
    directory = tmp_path_factory.mktemp("argos-packages")
    old = os.environ.get("ARGOS_PACKAGES_DIR")
    os.environ["ARGOS_PACKAGES_DIR"] = str(directory)
    try:
        from subkit.models import install_file

        install_file(archive)
    finally:
        if old is None:
            os.environ.pop("ARGOS_PACKAGES_DIR", None)
        else:
            os.environ["ARGOS_PACKAGES_DIR"] = old
    return directory


@pytest.fixture()
def with_model(argos_dir, monkeypatch, tmp_path) -> Path:
    """The real model installed, a private translation memory, and the network closed."""
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(argos_dir))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return argos_dir


@pytest.fixture()
def private_argos(tmp_path, monkeypatch):
    """Unmodified argostranslate on an empty private package directory: (package, translate) modules.

    argostranslate reads its settings at import time, so they are patched as well as the environment.
    """
    pytest.importorskip("argostranslate")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    directory = tmp_path / "argos-packages"
    directory.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(directory))
    monkeypatch.setenv("ARGOS_DEVICE_TYPE", "cpu")
    from argostranslate import package, settings, translate

    monkeypatch.setattr(settings, "package_data_dir", directory)
    monkeypatch.setattr(settings, "package_dirs", [directory])
    translate.get_installed_languages.cache_clear()
    yield package, translate
    translate.get_installed_languages.cache_clear()


@pytest.fixture()
def no_network(monkeypatch):
    """Fail the test on any attempt to open a network connection."""
    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise AssertionError(f"network access attempted: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield attempts


# The `subkit models` tests' fixtures (test_models.py, test_models_archives.py; helpers in models_support.py).


@pytest.fixture(scope="session")
def real_package() -> Path:
    """The repository's fr→en package (or SUBKIT_TEST_ARGOSMODEL); skip when there is none."""
    from subkit import models

    found = models.bundled_package("fr", "en")
    if found is None and os.environ.get("SUBKIT_TEST_ARGOSMODEL"):
        found = Path(os.environ["SUBKIT_TEST_ARGOSMODEL"])
        if not found.is_file():
            pytest.fail(f"SUBKIT_TEST_ARGOSMODEL={found} does not exist")
    if found is None:
        pytest.skip(
            "no real fr→en package: models/subkit-fr_en-*.argosmodel is not built yet "
            "(set SUBKIT_TEST_ARGOSMODEL to an .argosmodel file to run these tests)"
        )
    return found


@pytest.fixture(scope="session")
def real_metadata(real_package: Path) -> dict:
    with zipfile.ZipFile(real_package) as zf:
        name = next(n for n in zf.namelist() if n.count("/") == 1 and n.endswith("/metadata.json"))
        return json.loads(zf.read(name))


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated packages directory (returned); no index, config or bundled models from outside."""
    packages = tmp_path / "argos" / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("ARGOS_PACKAGE_INDEX", raising=False)
    monkeypatch.delenv("SNAP", raising=False)
    monkeypatch.setenv("SUBKIT_MODELS_DIR", str(tmp_path / "bundled"))
    return packages


@pytest.fixture
def index(tmp_path: Path):
    root = tmp_path / "index"
    root.mkdir()
    from models_support import Index

    server = Index(root)
    yield server
    server.close()
