"""Shared fixtures: the real translation model installed in a private Argos package directory."""

from __future__ import annotations

import os
import socket
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
